package changes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// LoadFile reads the state saved at path for sequenceID, as [Load] does. A file that cannot be
// read, or holds anything but an intact state of that sequence, is refused with a
// [*StateError]; a missing file is one that matches fs.ErrNotExist, for which a caller starts
// from [NewState].
func LoadFile(path, sequenceID string) (*State, error) {
	f, err := os.Open(path) //nolint:gosec // G304: the caller names its own state file
	if err != nil {
		return nil, &StateError{Path: path, SequenceID: sequenceID, Err: err}
	}
	defer f.Close()
	s, err := Load(f, sequenceID)
	var se *StateError
	if errors.As(err, &se) {
		se.Path = path
	}
	return s, err
}

// SaveFile saves the state at path so that a crash, a kill or a full disk at any moment leaves
// the file as it was or as it is now, whole, never in between: it writes a temporary file in
// the same directory, syncs it to disk, renames it over path and syncs the directory. When path
// is a symbolic link, the file it points to is replaced. The file gets mode 0600: it lists the
// waitlist's ids.
//
// A kill during SaveFile can leave the temporary file (".NAME.*.tmp" beside it) behind.
func (s *State) SaveFile(path string) error {
	path = followLinks(path)
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("changes: saving the state: %w", err)
	}
	tmp := f.Name()
	err = s.Save(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("changes: saving the state to %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("changes: saving the state to %s: syncing its directory: %w", path, err)
	}
	return nil
}

// followLinks returns the file path names once symbolic links are followed, whether it exists
// or not (a link to a file not made yet names that file).
func followLinks(path string) string {
	for range 40 {
		info, err := os.Lstat(path)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			return path
		}
		target, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return path
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory, nor needs to.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir) //nolint:gosec // G304: the state file's own directory
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
