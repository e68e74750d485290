//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// errStateInUse is lockState's error when another run holds the lock.
var errStateInUse = errors.New("in use by another run")

// lockState takes the lock of the state file at path, so that one run at a time reads and
// replaces it: an advisory lock (flock) on path+".lock", a file that stays beside it. The lock
// ends with the process however it ends, a kill included. It fails at once, with errStateInUse,
// when another run holds it.
func lockState(path string) (unlock func(), err error) {
	lockPath := path + ".lock"
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // G304: beside the state file the user named
	if err != nil {
		return nil, fmt.Errorf("locking the state file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("state file %s is %w (%s is locked)", path, errStateInUse, lockPath)
		}
		return nil, fmt.Errorf("locking the state file with %s: %w", lockPath, err)
	}
	return func() { f.Close() }, nil
}
