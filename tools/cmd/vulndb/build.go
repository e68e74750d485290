package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// entry is the part of an OSV entry that the database's indexes are made of.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Affected []struct {
		Module struct {
			Path string `json:"name"`
		} `json:"package"`
		Ranges []osvRange `json:"ranges"`
	} `json:"affected"`
}

type osvRange struct {
	Type   string `json:"type"`
	Events []struct {
		Introduced string `json:"introduced,omitempty"`
		Fixed      string `json:"fixed,omitempty"`
	} `json:"events"`
}

// dbMeta is index/db.json.
type dbMeta struct {
	Modified time.Time `json:"modified"`
}

// moduleMeta is one element of index/modules.json.
type moduleMeta struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Fixed    string    `json:"fixed,omitempty"`
}

// build writes the v1 database made of the OSV entries in osvDir (files <ID>.json, not
// recursive) to outDir and returns the number of entries. An entry whose modification time is
// unset (x/vulndb's committed files leave it to the deployment) is indexed with fallback.
func build(osvDir, outDir string, fallback time.Time) (int, error) {
	names, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", osvDir, err)
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("no OSV entries (*.json) in %s", osvDir)
	}
	if err := mkdirEmpty(outDir); err != nil {
		return 0, err
	}
	for _, sub := range []string{"ID", "index"} {
		if err := os.MkdirAll(filepath.Join(outDir, sub), 0o755); err != nil { //nolint:gosec // a public database
			return 0, fmt.Errorf("create database: %w", err)
		}
	}

	var db dbMeta
	modules := map[string]*moduleMeta{}
	for _, name := range names {
		raw, err := os.ReadFile(name) //nolint:gosec // reading the OSV directory is the point
		if err != nil {
			return 0, fmt.Errorf("read entry: %w", err)
		}
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, fmt.Errorf("parse %s: %w", name, err)
		}
		if e.ID == "" || filepath.Base(name) != e.ID+".json" {
			return 0, fmt.Errorf("%s: OSV entries must be named <id>.json (id %q)", name, e.ID)
		}
		if e.Modified.IsZero() {
			e.Modified = fallback
		}
		if e.Modified.After(db.Modified) {
			db.Modified = e.Modified
		}
		for _, a := range e.Affected {
			m := modules[a.Module.Path]
			if m == nil {
				m = &moduleMeta{Path: a.Module.Path, Vulns: []moduleVuln{}}
				modules[a.Module.Path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified, Fixed: latestFix(a.Ranges)})
		}
		if err := os.WriteFile(filepath.Join(outDir, "ID", e.ID+".json"), raw, 0o644); err != nil { //nolint:gosec // a public database
			return 0, fmt.Errorf("write entry: %w", err)
		}
	}

	list := make([]*moduleMeta, 0, len(modules))
	for _, m := range modules {
		sort.Slice(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	if err := writeJSON(filepath.Join(outDir, "index", "db.json"), db); err != nil {
		return 0, err
	}
	if err := writeJSON(filepath.Join(outDir, "index", "modules.json"), list); err != nil {
		return 0, err
	}
	return len(names), nil
}

// latestFix is the newest fixed version of the SEMVER ranges, or "" when the vulnerability was
// reintroduced after it (or never fixed); as golang.org/x/vuln's own index computes it.
func latestFix(ranges []osvRange) string {
	var latest string
	for _, r := range ranges {
		if r.Type != "SEMVER" {
			continue
		}
		for _, ev := range r.Events {
			if ev.Fixed != "" && less(latest, ev.Fixed) {
				latest = ev.Fixed
			}
		}
		for _, ev := range r.Events {
			if ev.Introduced != "" && ev.Introduced != "0" && less(latest, ev.Introduced) {
				latest = ""
				break
			}
		}
	}
	return latest
}

// less compares OSV SEMVER versions, written with or without a "v" or "go" prefix.
func less(a, b string) bool {
	canon := func(v string) string {
		return "v" + strings.TrimPrefix(strings.TrimPrefix(v, "v"), "go")
	}
	return semver.Compare(canon(a), canon(b)) < 0
}

// mkdirEmpty creates dir, or checks that it is empty.
func mkdirEmpty(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil { //nolint:gosec // a public database
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.Open(dir) //nolint:gosec // the output directory the caller named
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer func() { _ = f.Close() }()
	if _, err := f.Readdirnames(1); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s is not empty", dir)
	}
	return nil
}

func writeJSON(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(name), err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil { //nolint:gosec // a public database
		return fmt.Errorf("write %s: %w", filepath.Base(name), err)
	}
	return nil
}
