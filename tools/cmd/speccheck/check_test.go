package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// specPath is the SDK's real spec, relative to this package.
const specPath = "../../../api/openapi.yaml"

func TestRealSpecPasses(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{specPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("speccheck on the real spec: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "is valid OpenAPI 3.0.3") {
		t.Errorf("stdout = %q, want a success line", stdout.String())
	}
}

// TestBrokenSpecsFail breaks a copy of the real spec in one way at a time and checks that
// speccheck refuses it with a message that names the problem.
func TestBrokenSpecsFail(t *testing.T) {
	spec, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		old, new string
		wantMsg  string
	}{
		{
			name:    "example of the wrong type",
			old:     "activityRank: 3\n",
			new:     "activityRank: three\n",
			wantMsg: "activityRank",
		},
		{
			name:    "example with an invalid uuid",
			old:     "id: 9b2f4c1e-5d3a-4e8b-9c7d-1a2b3c4d5e6f\n",
			new:     "id: not-a-uuid\n",
			wantMsg: "uuid",
		},
		{
			name:    "example with an invalid email",
			old:     "email: ada@example.com\n",
			new:     "email: ada-at-example.com\n",
			wantMsg: "email",
		},
		{
			name:    "example that breaks a pattern",
			old:     `aov: "129.90"`,
			new:     `aov: "129,90"`,
			wantMsg: "regular expression",
		},
		{
			name:    "example missing a required property",
			old:     "                  enteredAt: \"2025-11-20T09:00:00.000Z\"\n",
			new:     "",
			wantMsg: "enteredAt",
		},
		{
			name:    "example with a value outside the enum",
			old:     "status: notified\n",
			new:     "status: queued\n",
			wantMsg: "queued",
		},
		{
			name:    "missing $ref target",
			old:     "$ref: '#/components/schemas/Consumer'",
			new:     "$ref: '#/components/schemas/NoSuchConsumer'",
			wantMsg: "NoSuchConsumer",
		},
		{
			name:    "unknown format",
			old:     "format: uuid\n          description: The entry's id.",
			new:     "format: uuidish\n          description: The entry's id.",
			wantMsg: "uuidish",
		},
		{
			name:    "wrong OpenAPI version",
			old:     "openapi: 3.0.3\n",
			new:     "openapi: 3.0.1\n",
			wantMsg: `want "3.0.3"`,
		},
		{
			name:    "path parameter not required",
			old:     "          in: path\n          required: true\n",
			new:     "          in: path\n          required: false\n",
			wantMsg: "sequenceId",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(spec, []byte(tt.old)) {
				t.Fatalf("the real spec no longer contains %q: update this test", tt.old)
			}
			broken := bytes.Replace(spec, []byte(tt.old), []byte(tt.new), 1)
			path := filepath.Join(t.TempDir(), "openapi.yaml")
			if err := os.WriteFile(path, broken, 0o600); err != nil {
				t.Fatal(err)
			}

			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{path}, &stdout, &stderr)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantMsg) {
				t.Errorf("stderr does not mention %q:\n%s", tt.wantMsg, stderr.String())
			}
			t.Logf("refused as expected:\n%s", stderr.String())
		})
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, &stdout, &stderr); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"does-not-exist.yaml"}, &stdout, &stderr); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}
