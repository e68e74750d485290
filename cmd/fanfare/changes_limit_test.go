package main

// The mass-removal guard of the changes command, through the built binary: a read that would
// remove too many of the last read's entries writes no removed line, keeps the state file byte
// for byte, exits 1 with one line naming the counts and the flag.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// fullThen serves a full read of "seq" (entries) and returns the state file's path and bytes.
func fullThen(t *testing.T, s *clienttest.Server, entries []client.WaitlistConsumer) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seq.state")
	s.AddWaitlist("seq", entries)
	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	wantState(t, path, entries)
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, saved
}

// wantRefused fails the test unless r is a refused read: exit 1, one line on stderr with the
// parts, no removed line, the state file as saved.
func wantRefused(t *testing.T, r result, path string, saved []byte, parts ...string) {
	t.Helper()
	wantCode(t, r, 1)
	wantOneLine(t, r, append(parts, "--max-removed")...)
	if strings.Contains(r.stdout, `"removed"`) {
		t.Errorf("a refused read wrote removed lines:\n%.300s", r.stdout)
	}
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, saved) {
		t.Errorf("a refused read changed the state file (%v)", err)
	}
}

func TestChangesRefuseAShortList(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(240, 4)
	path, saved := fullThen(t, s, entries)

	s.AddWaitlist("seq", nil) // the server answers []
	r := cli(t, against(s), changesArgs(path)...)
	wantRefused(t, r, path, saved, "remove 240 of the 240", "allows 120", "--max-removed 240")

	s.AddWaitlist("seq", entries[:100])
	r = cli(t, against(s), changesArgs(path)...)
	wantRefused(t, r, path, saved, "remove 140 of the 240", "--max-removed 50%", "--max-removed 140")
	if r.stdout != "" {
		t.Errorf("a list cut short, nothing added or changed: stdout %.300q", r.stdout)
	}

	s.AddWaitlist("seq", entries[:100])
	r = cli(t, against(s), changesArgs(path, "--max-removed", "139")...)
	wantRefused(t, r, path, saved, "remove 140 of the 240", "--max-removed 139 allows 139")

	s.AddWaitlist("seq", entries[:200]) // 40 removed: allowed by default
	r = cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(entries, entries[:200]), false)
	wantState(t, path, entries[:200])
}

func TestChangesMaxRemovedAllowsWhatItSays(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(240, 4)
	for _, flag := range []string{"100%", "240"} {
		path, _ := fullThen(t, s, entries)
		s.AddWaitlist("seq", nil)
		r := cli(t, against(s), changesArgs(path, "--max-removed", flag)...)
		wantCode(t, r, 0)
		checkChanges(t, changeLines(t, r.stdout), wantedChanges(entries, nil), false)
		wantState(t, path, nil)
	}
	path, _ := fullThen(t, s, entries)
	s.AddWaitlist("seq", entries[:100])
	r := cli(t, against(s), changesArgs(path, "--max-removed", "58.5%")...) // 140.4: 140 allowed
	wantCode(t, r, 0)
	wantState(t, path, entries[:100])

	for _, bad := range []string{"-1", "101%", "half", "%", "-5%"} {
		r := cli(t, against(s), changesArgs(path, "--max-removed", bad)...)
		wantCode(t, r, 2)
		if !strings.Contains(r.stderr, "max-removed") {
			t.Errorf("--max-removed %s: %s", bad, r.stderr)
		}
	}
}

// TestChangesWatchGoesOnAfterARefusedRead: under --watch a refused read is reported and the
// loop goes on with the old state: the reads after it are compared with the full list.
func TestChangesWatchGoesOnAfterARefusedRead(t *testing.T) {
	entries := clienttest.Synthetic(240, 4)
	full, err := json.Marshal(entries)
	if err != nil {
		t.Fatal(err)
	}
	var reads atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if reads.Add(1) == 1 {
			_, _ = w.Write(full)
			return
		}
		_, _ = w.Write([]byte("[]"))
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "seq.state")
	cmd, stdout, stderr := watchAt(t, []string{"FANFARE_BASE_URL=" + srv.URL, "FANFARE_SECRET_KEY=sk_test_guard"}, path, "5ms")
	awaitCount(t, func() int { return int(reads.Load()) }, 4)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wantExit0(t, cmd, stderr)
	if n := strings.Count(stderr.String(), "remove 240 of the 240"); n < 2 {
		t.Fatalf("%d refused reads reported, want every read after the first:\n%s", n, stderr)
	}
	checkChanges(t, changeLines(t, stdout.String()), wantedChanges(nil, entries), false)
	wantState(t, path, entries)
}
