//go:build unix

package changes_test

// LockFile: one holder at a time, a second run refused at once with the facts, the lock free
// again after Unlock, and a lock file left by a killed run taken at once (it is not stale).

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client/changes"
)

func TestLockFileRefusesASecondRunUntilUnlocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seq.state")
	first, err := changes.LockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = changes.LockFile(path)
	var locked *changes.LockedError
	if !errors.Is(err, changes.ErrLocked) || !errors.As(err, &locked) {
		t.Fatalf("second LockFile: %v, want a *LockedError matching ErrLocked", err)
	}
	if locked.Path != path || locked.LockPath != path+".lock" {
		t.Errorf("LockedError = %+v, want Path %s and LockPath %s.lock", locked, path, path)
	}
	if !strings.Contains(err.Error(), path+".lock") {
		t.Errorf("the error %q does not name the lock file", err)
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := first.Unlock(); err != nil {
		t.Fatalf("a second Unlock: %v, want nil", err)
	}
	again, err := changes.LockFile(path)
	if err != nil {
		t.Fatalf("LockFile after Unlock: %v", err)
	}
	if err := again.Unlock(); err != nil {
		t.Fatalf("Unlock after taking the lock again: %v", err)
	}
}

// envHoldLock makes the test binary a process that takes the lock of the state file it names,
// says so on stdout and waits to be killed.
const envHoldLock = "CHANGES_TEST_HOLD_LOCK"

func TestMain(m *testing.M) {
	if path := os.Getenv(envHoldLock); path != "" {
		if _, err := changes.LockFile(path); err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		select {}
	}
	os.Exit(m.Run())
}

func TestLockFileLeftByAKilledRunIsTakenAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seq.state")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envHoldLock+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "locked\n" {
		_ = cmd.Process.Kill()
		t.Fatalf("the holder said %q (%v), want \"locked\"", line, err)
	}

	if _, err := changes.LockFile(path); !errors.Is(err, changes.ErrLocked) {
		_ = cmd.Process.Kill()
		t.Fatalf("LockFile while another process holds it: %v, want ErrLocked", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Stat(path + ".lock"); err != nil {
		t.Fatalf("the killed run's lock file: %v, want it left in place", err)
	}

	l, err := changes.LockFile(path)
	if err != nil {
		t.Fatalf("LockFile after the holder was killed: %v, want the lock", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatalf("Unlock of the lock taken from the killed holder: %v", err)
	}
}
