package drift

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReleaseBump runs release-bump.sh in a copy of this repository with a tagged release
// v0.1.0 and a change after it: a tag whose bump is smaller than the change needs is refused.
// The last case removes an exported function that no CHANGELOG mentions: only apidiff sees it.
func TestReleaseBump(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs apidiff and oasdiff; skipped with -short")
	}
	t.Parallel()
	dir := copyTrackedTree(t, repoRoot(t))
	probe := filepath.Join(dir, "client", "bumpprobe.go")
	if err := os.WriteFile(probe, []byte("package client\n\n// BumpProbe is a test's.\nfunc BumpProbe() {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	setUnreleased(t, dir, "### Added\n\n- Something compatible.\n")
	gitCommitAll(t, dir, "v0.1.0")
	runCmd(t, dir, "git", "tag", "v0.1.0")

	if code, out := runBump(t, dir, "v0.1.0"); code != 0 || !strings.Contains(out, "first release") {
		t.Fatalf("release-bump.sh v0.1.0 (no earlier tag): exit %d, want 0:\n%s", code, out)
	}

	release(t, dir, "### Breaking\n\n- `BumpProbe` is gone.\n")
	if err := os.Remove(probe); err != nil {
		t.Fatal(err)
	}
	gitCommitAll(t, dir, "remove BumpProbe, declared")
	for _, tc := range []struct {
		tag  string
		code int
		want string
	}{
		{"v0.1.1", 1, "has a Breaking list: that needs a minor bump"},
		{"v0.2.0", 0, "is a minor bump: enough for any change"},
		{"v1.0.0", 0, "is a major bump"},
		{"v0.0.9", 1, "is not greater than the previous release v0.1.0"},
		{"0.2.0", 2, "usage"},
	} {
		tagAt(t, dir, tc.tag)
		if code, out := runBump(t, dir, tc.tag); code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("release-bump.sh %s: exit %d, want %d with %q:\n%s", tc.tag, code, tc.code, tc.want, out)
		}
		runCmd(t, dir, "git", "tag", "-d", tc.tag)
	}

	// The same removal, not declared: a patch release is refused on apidiff's word.
	release(t, dir, "### Fixed\n\n- Something.\n")
	gitCommitAll(t, dir, "remove BumpProbe, undeclared")
	tagAt(t, dir, "v0.1.1")
	code, out := runBump(t, dir, "v0.1.1")
	if code != 1 || !strings.Contains(out, "BumpProbe: removed") || !strings.Contains(out, "make apidiff found incompatible changes") {
		t.Fatalf("release-bump.sh v0.1.1 after removing BumpProbe: exit %d, want 1 naming it:\n%s", code, out)
	}
}

// release makes the copy's CHANGELOG have an empty Unreleased section and a release 0.1.1 with
// body (the version the tags below try; the section is read only for a patch bump).
func release(t *testing.T, dir, body string) {
	t.Helper()
	name := filepath.Join(dir, "CHANGELOG.md")
	s := readFile(t, name)
	const unreleased = "## [Unreleased]\n"
	start, end := strings.Index(s, unreleased), strings.Index(s, "\n## [0.1.0] - ")
	if start < 0 || end < start {
		t.Fatal("CHANGELOG.md has no Unreleased section before 0.1.0: update this test")
	}
	s = s[:start] + unreleased + "\n## [0.1.1] - 2026-12-07\n\n" + body + s[end:]
	if err := os.WriteFile(name, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// tagAt (re)tags HEAD.
func tagAt(t *testing.T, dir, tag string) {
	t.Helper()
	runCmd(t, dir, "git", "tag", "-f", tag)
}

// runBump runs tools/scripts/release-bump.sh TAG in dir.
func runBump(t *testing.T, dir, tag string) (int, string) {
	t.Helper()
	return runScript(t, exec.CommandContext(t.Context(), "bash", filepath.Join("tools", "scripts", "release-bump.sh"), tag), dir)
}
