package drift

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckGeneratedLeavesTheTreeAlone runs check-generated.sh on a copy of this repository
// with uncommitted edits, makes the run fail or interrupts it, and checks that the tree is
// exactly as it was: the same git status, the same bytes in every file, and no temporary
// directory left behind.
func TestCheckGeneratedLeavesTheTreeAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository; skipped with -short")
	}
	src := repoRoot(t)

	t.Run("generation fails", func(t *testing.T) {
		t.Parallel()
		dir := dirtyCopy(t, src)
		// An oapi-codegen config it refuses: make generate fails on its first step.
		appendFile(t, filepath.Join(dir, "gen", "config.yaml"), "no-such-setting: [\n")
		before := snapshot(t, dir)

		cmd := exec.Command("bash", filepath.Join("tools", "scripts", "check-generated.sh"))
		cmd.Env = append(os.Environ(), "TMPDIR="+tempDir(t))
		code, out := runScript(t, cmd, dir)
		if code != 1 || !strings.Contains(out, "make generate failed") {
			t.Fatalf("check-generated with a broken generator config: exit %d, want 1 saying make generate failed:\n%s", code, out)
		}
		before.check(t, dir, cmd)
	})

	t.Run("interrupted during generation", func(t *testing.T) {
		t.Parallel()
		dir := dirtyCopy(t, src)
		before := snapshot(t, dir)

		// A stand-in for make that records where it was asked to generate, deletes what
		// generation would replace there, and sends the script SIGTERM, as a CI runner
		// cancelling the job would.
		fakeMake := filepath.Join(t.TempDir(), "make")
		record := filepath.Join(t.TempDir(), "make-args")
		script := "#!/usr/bin/env bash\n" +
			"printf '%s\\n' \"$@\" >'" + record + "'\n" +
			"while (($#)); do if [[ $1 == -C ]]; then rm -f \"$2/gen/fanfare.gen.go\"; fi; shift; done\n" +
			"kill -TERM \"$PPID\"\n"
		if err := os.WriteFile(fakeMake, []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", filepath.Join("tools", "scripts", "check-generated.sh"))
		cmd.Env = append(os.Environ(), "TMPDIR="+tempDir(t), "MAKE="+fakeMake)
		code, out := runScript(t, cmd, dir)
		if code != 128+15 {
			t.Fatalf("check-generated sent SIGTERM during make generate: exit %d, want %d:\n%s", code, 128+15, out)
		}
		args := readFile(t, record)
		if !strings.Contains(args, "-C\n") || strings.Contains(args, "-C\n"+dir+"\n") || !strings.Contains(args, "generate") {
			t.Fatalf("make was not run on a copy of the tree; its arguments:\n%s", args)
		}
		before.check(t, dir, cmd)
	})
}

// dirtyCopy makes a committed copy of the repository, then edits it the way a developer's tree
// is edited: a changed tracked file, a deleted one, and an untracked one.
func dirtyCopy(t *testing.T, src string) string {
	t.Helper()
	dir := copyTrackedTree(t, src)
	gitCommitAll(t, dir, "copy of the SDK")
	appendFile(t, filepath.Join(dir, "README.md"), "\nAn edit not yet committed.\n")
	if err := os.Remove(filepath.Join(dir, "BENCHMARKS.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("untracked\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// treeState is what a run must not change: git's view of the tree and the bytes of each file.
type treeState struct {
	status string
	files  map[string]string // path → SHA-256 of the content, or the target of a symlink
}

func snapshot(t *testing.T, dir string) treeState {
	t.Helper()
	st := treeState{
		status: runCmd(t, dir, "git", "status", "--porcelain", "--untracked-files=all", "--ignored"),
		files:  map[string]string{},
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.IsDir() && rel == ".git":
			return filepath.SkipDir
		case d.IsDir():
			st.files[rel+"/"] = "dir"
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			st.files[rel] = "-> " + target
			return err
		}
		data, err := os.ReadFile(path)
		sum := sha256.Sum256(data)
		st.files[rel] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// check fails the test if dir is not as it was, or if cmd's TMPDIR is not empty again.
func (before treeState) check(t *testing.T, dir string, cmd *exec.Cmd) {
	t.Helper()
	after := snapshot(t, dir)
	if after.status != before.status {
		t.Errorf("git status changed:\nbefore:\n%s\nafter:\n%s", before.status, after.status)
	}
	for name, sum := range before.files {
		if after.files[name] != sum {
			t.Errorf("%s changed or disappeared", name)
		}
	}
	for name := range after.files {
		if _, ok := before.files[name]; !ok {
			t.Errorf("%s appeared", name)
		}
	}
	for _, kv := range cmd.Env {
		if tmp, ok := strings.CutPrefix(kv, "TMPDIR="); ok {
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("the temporary copy was left behind in %s: %v", tmp, left)
			}
		}
	}
}

// tempDir is an empty directory for a script's TMPDIR.
func tempDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tmp")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

func appendFile(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
