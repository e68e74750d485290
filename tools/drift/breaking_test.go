package drift

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBreaking runs breaking.sh in a small repository holding the real spec as its base commit,
// against working-tree edits of that spec.
func TestBreaking(t *testing.T) {
	if testing.Short() {
		t.Skip("runs oasdiff through go tool; skipped with -short")
	}
	tests := []struct {
		name     string
		edit     func(spec string) string
		breaking string // the Unreleased section's Breaking list, if any
		wantCode int
		wantOut  string
	}{
		{
			name:     "unchanged spec passes",
			edit:     func(s string) string { return s },
			wantCode: 0,
			wantOut:  "OK",
		},
		{
			name:     "removed optional consumer field fails",
			edit:     removeProperty(t, "lastGeoCity"),
			wantCode: 1,
			wantOut:  "response-optional-property-removed",
		},
		{
			name:     "removed required consumer field fails",
			edit:     removeProperty(t, "createdBy"),
			wantCode: 1,
			wantOut:  "createdBy",
		},
		{
			name:     "removed optional consumer field named in the Breaking list passes",
			edit:     removeProperty(t, "lastGeoCity"),
			breaking: "- `Consumer.lastGeoCity` is gone: the API no longer sends it.\n",
			wantCode: 0,
			wantOut:  "each named under ### Breaking",
		},
		{
			name:     "a Breaking list that names another change fails, naming the property",
			edit:     removeProperty(t, "lastGeoCity"),
			breaking: "- `Consumer.lastGeoCountry` is gone.\n",
			wantCode: 1,
			wantOut:  "(name it: `items/consumer/lastGeoCity`)",
		},
		{
			name:     "added optional consumer field passes",
			edit:     addConsumerProperty(t),
			wantCode: 0,
			wantOut:  "OK",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, spec := breakingRepo(t)
			if err := os.WriteFile(spec, []byte(tt.edit(readFile(t, spec))), 0o600); err != nil {
				t.Fatal(err)
			}
			if tt.breaking != "" {
				setUnreleased(t, dir, "### Breaking\n\n"+tt.breaking)
			}
			code, out := runBreaking(t, dir, "HEAD")
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) {
				t.Fatalf("breaking.sh HEAD: exit %d, want %d with %q in the output:\n%s",
					code, tt.wantCode, tt.wantOut, out)
			}
		})
	}

	t.Run("base without a spec passes", func(t *testing.T) {
		t.Parallel()
		dir, spec := breakingRepo(t)
		content := readFile(t, spec)
		if err := os.Remove(spec); err != nil {
			t.Fatal(err)
		}
		gitCommitAll(t, dir, "a base without the spec")
		if err := os.WriteFile(spec, []byte(content), 0o600); err != nil { // the spec is new here
			t.Fatal(err)
		}
		code, out := runBreaking(t, dir, "HEAD")
		if code != 0 || !strings.Contains(out, "has no api/openapi.yaml") {
			t.Fatalf("exit %d, want 0 saying the base has no spec:\n%s", code, out)
		}
	})

	t.Run("unknown ref is a usage error", func(t *testing.T) {
		t.Parallel()
		dir, _ := breakingRepo(t)
		if code, out := runBreaking(t, dir, "no-such-ref"); code != 2 {
			t.Fatalf("exit %d, want 2:\n%s", code, out)
		}
	})
}

// breakingRepo makes a git repository holding what breaking.sh needs (the script, the tools
// module, breakinglist, the real spec and a CHANGELOG whose Unreleased section declares nothing
// breaking), with everything committed, and returns it and its spec's path.
func breakingRepo(t *testing.T) (dir, spec string) {
	t.Helper()
	src := repoRoot(t)
	dir = t.TempDir()
	for _, name := range []string{"go.mod", "tools/go.mod", "tools/go.sum", "tools/scripts/breaking.sh",
		"tools/scripts/breakinglist.sh", "tools/cmd/breakinglist/main.go", "tools/cmd/breakinglist/run.go", "api/openapi.yaml", "CHANGELOG.md"} {
		if err := copyFile(filepath.Join(src, name), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	setUnreleased(t, dir, "### Added\n\n- Something compatible.\n")
	gitCommitAll(t, dir, "base")
	return dir, filepath.Join(dir, "api", "openapi.yaml")
}

// runBreaking runs tools/scripts/breaking.sh BASE in dir and returns its exit code and output.
func runBreaking(t *testing.T, dir, base string) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join("tools", "scripts", "breaking.sh"), base)
	return runScript(t, cmd, dir)
}

// removeProperty returns an edit that deletes the Consumer property name (its whole block).
func removeProperty(t *testing.T, name string) func(string) string {
	return func(s string) string {
		t.Helper()
		start := strings.Index(s, "\n        "+name+":\n")
		if start < 0 {
			t.Fatalf("no property %s in the spec: update this test", name)
		}
		end := start + 1
		lines := strings.SplitAfter(s[start+1:], "\n")
		end += len(lines[0])
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "          ") { // deeper than the property's own key
				break
			}
			end += len(l)
		}
		return s[:start+1] + s[end:]
	}
}

// addConsumerProperty returns an edit that adds an optional, nullable property to Consumer.
func addConsumerProperty(t *testing.T) func(string) string {
	return func(s string) string {
		t.Helper()
		const anchor = "\n        lastGeoCity:\n"
		if !strings.Contains(s, anchor) {
			t.Fatal("no lastGeoCity property in the spec: update this test")
		}
		return strings.Replace(s, anchor,
			"\n        lastGeoCounty:\n          type: string\n          nullable: true"+anchor, 1)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
