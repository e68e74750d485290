package drift

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// genFile is the generated file that a change to the WaitlistConsumer schema must show up in.
const genFile = "gen/fanfare.gen.go"

// TestCheckGenerated runs check-generated.sh on a copy of this repository: it must pass on the
// copy as it is, and fail, naming the generated file, once the spec gains a property that was not
// regenerated.
func TestCheckGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and regenerates it twice; skipped with -short")
	}
	src := repoRoot(t)

	t.Run("unchanged copy passes", func(t *testing.T) {
		t.Parallel()
		dir := copyTrackedTree(t, src)
		gitCommitAll(t, dir, "copy of the SDK")
		if code, out := runCheck(t, dir); code != 0 {
			t.Fatalf("check-generated on an unchanged copy of the tree: exit %d, want 0.\n"+
				"Is the tree itself in sync? Run make generate and go mod tidy. (The copy holds the\n"+
				"work-tree content of git-tracked files only: git add new files it needs.)\n%s", code, out)
		}
	})

	t.Run("spec changed without regenerating fails", func(t *testing.T) {
		t.Parallel()
		dir := copyTrackedTree(t, src)
		gitCommitAll(t, dir, "copy of the SDK")
		addProperty(t, filepath.Join(dir, "api", "openapi.yaml"))
		gitCommitAll(t, dir, "spec: add a property, without regenerating")

		code, out := runCheck(t, dir)
		if code != 1 {
			t.Fatalf("check-generated on a spec changed without regenerating: exit %d, want 1:\n%s", code, out)
		}
		if !strings.Contains(out, genFile) {
			t.Errorf("the failure does not name %s:\n%s", genFile, out)
		}
		if !strings.Contains(out, "DriftProbe") {
			t.Errorf("the failure does not show the diff of the new field:\n%s", out)
		}
	})
}

// addProperty adds an optional string property driftProbe to the WaitlistConsumer schema.
func addProperty(t *testing.T, spec string) {
	t.Helper()
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	const schema, props = "\n    WaitlistConsumer:\n", "\n      properties:\n"
	i := strings.Index(s, schema)
	if i < 0 {
		t.Fatalf("no %q in the spec: update this test", strings.TrimSpace(schema))
	}
	j := strings.Index(s[i:], props)
	if j < 0 {
		t.Fatal("WaitlistConsumer has no properties: update this test")
	}
	at := i + j + len(props)
	s = s[:at] + "        driftProbe:\n          type: string\n" + s[at:]
	if err := os.WriteFile(spec, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}
