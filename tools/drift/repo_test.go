package drift

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the SDK repository holding this package (tools/drift).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// copyTrackedTree copies the working-tree content of every file git tracks in src into a new
// temporary directory (files deleted from the work tree are skipped) and returns it.
func copyTrackedTree(t *testing.T, src string) string {
	t.Helper()
	out := runCmd(t, src, "git", "ls-files", "-z", "--cached")
	dst := t.TempDir()
	for name := range strings.SplitSeq(strings.TrimRight(out, "\x00"), "\x00") {
		if name == "" {
			continue
		}
		if err := copyFile(filepath.Join(src, name), filepath.Join(dst, name)); err != nil {
			if os.IsNotExist(err) {
				continue
			}
			t.Fatalf("copy %s: %v", name, err)
		}
	}
	return dst
}

// copyFile copies one regular file, keeping its permission bits; symlinks are copied as links.
func copyFile(src, dst string) error {
	info, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if info.Mode()&os.ModeSymlink != 0 {
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// gitCommitAll commits every file in dir (initialising a repository there first if needed).
func gitCommitAll(t *testing.T, dir, msg string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		runCmd(t, dir, "git", "init", "-q")
	}
	runCmd(t, dir, "git", "add", "-A")
	runCmd(t, dir, "git", "-c", "user.name=drift test", "-c", "user.email=drift@example.invalid",
		"-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", msg)
}

// runCmd runs a command in dir and returns its stdout; it fails the test on a non-zero exit.
func runCmd(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// runCheck runs tools/scripts/check-generated.sh in dir and returns its exit code and its
// combined output.
func runCheck(t *testing.T, dir string) (int, string) {
	t.Helper()
	return runScript(t, exec.Command("bash", filepath.Join("tools", "scripts", "check-generated.sh")), dir)
}

// runScript runs cmd in dir with GOWORK=off (added to cmd.Env, or to this process's
// environment when cmd.Env is nil) and returns its exit code and combined output; it fails the
// test only when the command could not be run at all.
func runScript(t *testing.T, cmd *exec.Cmd, dir string) (int, string) {
	t.Helper()
	cmd.Dir = dir
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return 0, string(out)
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("run %s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return exitErr.ExitCode(), string(out)
}
