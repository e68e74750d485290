package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Lock records which published slice the spec follows.
type Lock struct {
	Repository string `json:"repository"` // e.g. "fanfare-io/docs"
	File       string `json:"file"`       // the document's path in it
	Commit     string `json:"commit"`     // the full commit the slice was read at
	Endpoint   string `json:"endpoint"`   // the path of the endpoint
	Slice      string `json:"slice"`      // the slice file, beside the lock
	SHA256     string `json:"sha256"`     // of the slice's canonical form
}

// Directory layout of the pin, from the repository's root.
const (
	PinDir        = "api/upstream"
	LockFile      = "lock.json"
	SliceFile     = "slice.json"
	AllowlistFile = "allowlist.txt"
	SpecFile      = "api/openapi.yaml"
)

// Published document followed by default.
const (
	DefaultRepository = "fanfare-io/docs"
	DefaultFile       = "api/openapi/admin-api.json"
)

// ReadLock reads dir/lock.json.
func ReadLock(dir string) (*Lock, error) {
	data, err := os.ReadFile(filepath.Join(dir, LockFile)) //nolint:gosec // G304: the lock in the directory named by the caller
	if err != nil {
		return nil, err
	}
	var l Lock
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, LockFile), err)
	}
	if l.Commit == "" || l.SHA256 == "" || l.Slice == "" {
		return nil, errors.New(filepath.Join(dir, LockFile) + ": commit, sha256 and slice are required")
	}
	return &l, nil
}

// Pin writes s into dir as the slice file (indented canonical form) and its lock.
func Pin(dir string, s *Slice, repository, file, commit string) (*Lock, error) {
	l := &Lock{Repository: repository, File: file, Commit: commit, Endpoint: s.Path, Slice: SliceFile, SHA256: s.SHA256()}
	if err := os.MkdirAll(dir, 0o755); err != nil { //nolint:gosec // G301: a directory of the repository, readable like the others
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, SliceFile), s.Indented(), 0o644); err != nil { //nolint:gosec // G306: a file of the repository, readable like the others
		return nil, err
	}
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, LockFile), append(data, '\n'), 0o644); err != nil { //nolint:gosec // G306: a file of the repository, readable like the others
		return nil, err
	}
	return l, nil
}
