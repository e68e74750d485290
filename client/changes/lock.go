package changes

import (
	"errors"
	"fmt"
)

// ErrLocked is what errors.Is finds in [LockFile]'s error when another run holds the lock.
var ErrLocked = errors.New("changes: the state file is in use by another run")

// LockedError is [LockFile]'s error when another run holds the lock; errors.Is(err, ErrLocked)
// tells it.
type LockedError struct {
	// Path is the state file.
	Path string
	// LockPath is the lock file beside it, Path+".lock".
	LockPath string
}

// Error says which file is in use and which lock file holds it.
func (e *LockedError) Error() string {
	return fmt.Sprintf("changes: state file %s is in use by another run (%s is locked)", e.Path, e.LockPath)
}

// Is reports whether target is [ErrLocked].
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Lock is a held lock on a state file, from [LockFile]. Unlock it when the run is done.
type Lock struct {
	release func() error
}

// LockFile takes the single-runner lock of the state file at path, the one the fanfare CLI's
// changes command takes: hold it from before [LoadFile] until after [State.SaveFile], so that
// two overlapping runs (a cron job that outlasts its period) cannot both read the same state
// and report the same changes twice. It does not wait: when another run holds the lock it
// fails at once with a [*LockedError].
//
// The lock is an advisory lock (flock) on path+".lock", a file created beside the state file
// and left there. It is held by the open file, not by the file's existence, so it ends with
// the process however that ends, a kill included: a lock file left behind by a run that died
// is not stale and never needs removing; the next run takes the lock at once. Every process
// that uses the state file must take the lock for it to protect anything. Where flock is not
// available (systems that are not Unix) LockFile takes no lock and always succeeds.
func LockFile(path string) (*Lock, error) {
	release, err := lockFile(path, path+".lock")
	if err != nil {
		return nil, err
	}
	return &Lock{release: release}, nil
}

// Unlock releases the lock. A second call does nothing and returns nil.
func (l *Lock) Unlock() error {
	if l == nil || l.release == nil {
		return nil
	}
	release := l.release
	l.release = nil
	return release()
}
