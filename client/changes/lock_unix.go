//go:build unix

package changes

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on lockPath, creating it, without waiting.
func lockFile(path, lockPath string) (release func() error, err error) {
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // G304: beside the state file the caller named
	if err != nil {
		return nil, fmt.Errorf("changes: locking the state file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, LockPath: lockPath}
		}
		return nil, fmt.Errorf("changes: locking the state file with %s: %w", lockPath, err)
	}
	return f.Close, nil
}
