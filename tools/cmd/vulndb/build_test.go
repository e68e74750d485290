package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

const osvA = `{"schema_version":"1.3.1","id":"GO-2099-0001","modified":"0001-01-01T00:00:00Z",
 "affected":[{"package":{"name":"example.com/a","ecosystem":"Go"},
  "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"}]}]}]}`

const osvB = `{"schema_version":"1.3.1","id":"GO-2099-0002","modified":"2099-02-03T04:05:06Z",
 "affected":[{"package":{"name":"example.com/a","ecosystem":"Go"},
  "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.1"},{"introduced":"1.1.0"}]}]},
  {"package":{"name":"stdlib","ecosystem":"Go"},
  "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.25.9"},{"introduced":"1.26.0-0"},{"fixed":"1.26.2"}]}]}]}`

func TestBuild(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "db")
	for name, body := range map[string]string{"GO-2099-0001.json": osvA, "GO-2099-0002.json": osvB, "README.md": "skipped"} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fallback := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	var stdout, stderr bytes.Buffer
	args := []string{"build", "-osv", src, "-out", out, "-modified", fallback.Format(time.RFC3339)}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}

	var db dbMeta
	readJSON(t, filepath.Join(out, "index", "db.json"), &db)
	if want := time.Date(2099, 2, 3, 4, 5, 6, 0, time.UTC); !db.Modified.Equal(want) {
		t.Errorf("db modified = %v, want the newest entry's %v", db.Modified, want)
	}

	var modules []moduleMeta
	readJSON(t, filepath.Join(out, "index", "modules.json"), &modules)
	want := []moduleMeta{
		{Path: "example.com/a", Vulns: []moduleVuln{
			{ID: "GO-2099-0001", Modified: fallback, Fixed: "1.2.3"},
			{ID: "GO-2099-0002", Modified: time.Date(2099, 2, 3, 4, 5, 6, 0, time.UTC)}, // reintroduced: no fix
		}},
		{Path: "stdlib", Vulns: []moduleVuln{
			{ID: "GO-2099-0002", Modified: time.Date(2099, 2, 3, 4, 5, 6, 0, time.UTC), Fixed: "1.26.2"},
		}},
	}
	got, _ := json.Marshal(modules)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("modules.json:\n got %s\nwant %s", got, wantJSON)
	}

	for _, id := range []string{"GO-2099-0001", "GO-2099-0002"} {
		if _, err := os.Stat(filepath.Join(out, "ID", id+".json")); err != nil {
			t.Errorf("entry %s: %v", id, err)
		}
	}
}

func TestBuildRefuses(t *testing.T) {
	t.Run("misnamed entry", func(t *testing.T) {
		src := t.TempDir()
		if err := os.WriteFile(filepath.Join(src, "GO-2099-9999.json"), []byte(osvA), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := build(src, filepath.Join(t.TempDir(), "db"), time.Time{}); err == nil {
			t.Error("built a database from an entry whose file name is not its id")
		}
	})
	t.Run("no entries", func(t *testing.T) {
		if _, err := build(t.TempDir(), filepath.Join(t.TempDir(), "db"), time.Time{}); err == nil {
			t.Error("built an empty database")
		}
	})
	t.Run("output not empty", func(t *testing.T) {
		src, out := t.TempDir(), t.TempDir()
		for dir, body := range map[string]string{src: osvA, out: "old"} {
			if err := os.WriteFile(filepath.Join(dir, "GO-2099-0001.json"), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := build(src, out, time.Time{}); err == nil {
			t.Error("wrote into a directory that was not empty")
		}
	})
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"build"}, {"reachable"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("vulndb %v: exit %d, want 2", args, code)
		}
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}
