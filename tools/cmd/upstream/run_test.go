package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testdata = "../../upstream/testdata/"

// TestDiffExitCodes checks the diff command's exit codes: 0 same, 1 breaking, 3 compatible,
// 2 misuse; and that it reads the slice-file format and the canonical one alike.
func TestDiffExitCodes(t *testing.T) {
	v6, v7 := testdata+"admin-api-v6-055b707c.json", testdata+"admin-api-v7-ee62cd72.json"
	canonical := filepath.Join(t.TempDir(), "v6.json")
	if code, out, _ := runCmd(t, "extract", v6); code != 0 {
		t.Fatalf("extract: exit %d", code)
	} else if err := os.WriteFile(canonical, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	compatible := filepath.Join(t.TempDir(), "described.json")
	var doc map[string]any
	data, _ := os.ReadFile(v6)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["pathItem"].(map[string]any)["get"].(map[string]any)["description"] = "Get a page of waitlist consumers for a sequence"
	data, _ = json.Marshal(doc)
	if err := os.WriteFile(compatible, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"diff", v6, canonical}, 0, "No changes for this endpoint."},
		{[]string{"diff", canonical, v7}, 1, "### Can break a client"},
		{[]string{"diff", v6, compatible}, 3, "### Compatible"},
		{[]string{"diff", v6}, 2, ""},
		{[]string{"diff", v6, "no-such-file.json"}, 2, ""},
		{[]string{"frobnicate"}, 2, ""},
		{nil, 2, ""},
	} {
		code, out, errOut := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("upstream %v: exit %d, want %d with %q:\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
		}
	}
}

// TestPinThenCheck pins v6, the version before the one the spec follows, into a copy of the
// repository's pin and spec: check then names what the spec has that v6 does not publish, and
// fails.
func TestPinThenCheck(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"api/openapi.yaml", "api/upstream/allowlist.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := runCmd(t, "pin", "-root", root, testdata+"admin-api-v6-055b707c.json"); code != 0 || !strings.Contains(out, "fanfare-io/docs@055b707c91f6bb589ab924709404ae8d18f55386") {
		t.Fatalf("pin: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, "check", "-root", root)
	if code != 1 || !strings.Contains(out, "marketingEmailOptOut: extra: property (boolean, default false) not published") {
		t.Fatalf("check after pinning v6: exit %d, want 1 naming marketingEmailOptOut:\n%s%s", code, out, errOut)
	}
	if code, _, _ := runCmd(t, "pin", "-root", root, filepath.Join(root, "api", "upstream", "slice.json")); code != 2 {
		t.Errorf("pin of a file that records no commit, without -commit: exit %d, want 2", code)
	}
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}
