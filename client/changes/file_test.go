package changes

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSaveFileReplacesTheFileWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seq.state")
	if _, err := LoadFile(path, "seq_1"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a missing file: %v, want fs.ErrNotExist", err)
	}
	first := stateOf("seq_1", sampleEntries[:2]...)
	second := stateOf("seq_1", sampleEntries...)
	for _, s := range []*State{first, second} {
		if err := s.SaveFile(path); err != nil {
			t.Fatal(err)
		}
		back, err := LoadFile(path, "seq_1")
		if err != nil || !reflect.DeepEqual(back.IDs(), s.IDs()) {
			t.Fatalf("LoadFile after SaveFile: %v", err)
		}
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", info.Mode(), err)
	}
	if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{"seq.state"}) {
		t.Fatalf("the directory holds %v", names)
	}
}

func TestSaveFileFollowsASymlinkAndFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.state")
	link := filepath.Join(dir, "link.state")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	s := stateOf("seq_1", sampleEntries...)
	if err := s.SaveFile(link); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	if _, err := LoadFile(target, "seq_1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFile(filepath.Join(dir, "no-such-dir", "x.state")); err == nil {
		t.Fatal("saving into a missing directory succeeded")
	}
	if err := s.SaveFile(dir); err == nil { // a directory cannot be replaced by a file
		t.Fatal("saving over a directory succeeded")
	}
	if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{"link.state", "real.state"}) {
		t.Fatalf("a failed save left %v", names)
	}
}

func TestLoadFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.state")
	if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path, "seq")
	se := wantStateError(t, err, ErrCorruptState)
	if se.Path != path || err.Error() != "changes: state file "+path+" is corrupt: not a waitlist state file" {
		t.Fatalf("%v", err)
	}
	_, err = LoadFile(filepath.Dir(path), "seq")
	if !errors.As(err, &se) || se.Path == "" {
		t.Fatalf("a directory: %v", err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
