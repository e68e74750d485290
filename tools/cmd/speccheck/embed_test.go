package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/fanfare-go/fanfare/api"
)

// TestEmbeddedSpec checks the spec the SDK ships (api.Spec, embedded from api/openapi.yaml): it
// is the file make spec-check validates, and it validates.
func TestEmbeddedSpec(t *testing.T) {
	onDisk, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(api.Spec, onDisk) {
		t.Fatalf("api.Spec (%d bytes) differs from %s (%d bytes)", len(api.Spec), specPath, len(onDisk))
	}
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(path, api.Spec, 0o600); err != nil {
		t.Fatal(err)
	}
	if problems := check(context.Background(), path); len(problems) > 0 {
		t.Fatalf("api.Spec is not valid: %v", problems)
	}
}
