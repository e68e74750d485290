package release

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client"
)

const changelog = `# Changelog

## [Unreleased]

### Added

- Something new.

## [0.2.0] - 2026-12-24

### Fixed

- A fix.

- Another.

## [0.1.0] - 2026-12-01

The first release.

[Unreleased]: https://github.com/fanfare-go/fanfare/compare/v0.2.0...HEAD
[0.2.0]: https://github.com/fanfare-go/fanfare/releases/tag/v0.2.0
[0.1.0]: https://github.com/fanfare-go/fanfare/releases/tag/v0.1.0
`

func TestReleaseNotes(t *testing.T) {
	for _, tc := range []struct {
		name, version, tag string
		wantCode           int
		want               string // the whole stdout, or a part of stderr
	}{
		{"the latest release", "0.2.0", "v0.2.0", 0, "### Fixed\n\n- A fix.\n\n- Another.\n"},
		{"an older release", "0.2.0", "v0.1.0", 1, "not the latest release in CHANGELOG.md (that is 0.2.0)"},
		{"a release not in the changelog", "0.3.0", "v0.3.0", 1, "not the latest release"},
		{"client.Version not bumped", "0.1.0", "v0.2.0", 1, "client.Version is 0.1.0"},
		{"not a tag", "0.2.0", "0.2.0", 2, "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "CHANGELOG.md"), changelog)
			write(t, filepath.Join(dir, "client", "version.go"), "package client\n\nconst Version = \""+tc.version+"\"\n")
			script, err := os.ReadFile(filepath.Join("..", "scripts", "release-notes.sh"))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "tools", "scripts", "release-notes.sh"), string(script))
			code, stdout, stderr := runNotes(t, filepath.Join(dir, "tools", "scripts", "release-notes.sh"), tc.tag)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantCode, stdout, stderr)
			}
			if code == 0 && stdout != tc.want {
				t.Errorf("notes:\n%q\nwant\n%q", stdout, tc.want)
			}
			if code != 0 && (!strings.Contains(stderr, tc.want) || stdout != "") {
				t.Errorf("stderr %q lacks %q (stdout %q)", stderr, tc.want, stdout)
			}
		})
	}
}

// TestReleaseNotesOfThisRelease checks the real CHANGELOG.md: the notes of v<client.Version> are
// there and hold nothing of another section.
func TestReleaseNotesOfThisRelease(t *testing.T) {
	code, stdout, stderr := runNotes(t, filepath.Join("..", "scripts", "release-notes.sh"), "v"+client.Version)
	if code != 0 {
		t.Fatalf("release-notes.sh v%s: exit %d: %s", client.Version, code, stderr)
	}
	if strings.TrimSpace(stdout) == "" || strings.Contains(stdout, "## [") || strings.Contains(stdout, "]: https://") {
		t.Errorf("the notes of v%s are empty or run into another section:\n%s", client.Version, stdout)
	}
}

func runNotes(t *testing.T, script, tag string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "bash", script, tag)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
