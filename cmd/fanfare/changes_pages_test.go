package main

// The changes command over paged bodies (Fanfare's page envelope), through the built binary:
// one list whatever the pages, the state moved only after the last page.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestChangesOverPages(t *testing.T) {
	for _, size := range []int{1, 100, 1000} {
		t.Run(fmt.Sprintf("pages of %d", size), func(t *testing.T) {
			s := clienttest.Start(t, clienttest.WithPages(size))
			path := filepath.Join(t.TempDir(), "seq.state")
			g0 := evolving(s, 240, 0)
			r := cli(t, against(s), changesArgs(path)...)
			wantCode(t, r, 0)
			checkChanges(t, changeLines(t, r.stdout), wantedChanges(nil, g0), false)
			wantState(t, path, g0)

			g1 := evolving(s, 240, 1)
			r = cli(t, against(s), changesArgs(path)...)
			wantCode(t, r, 0)
			checkChanges(t, changeLines(t, r.stdout), wantedChanges(g0, g1), false)
			wantState(t, path, g1)
		})
	}
}

// TestChangesAPageRetried: the third page's 503 is retried; the output is the list's, each
// change once.
func TestChangesAPageRetried(t *testing.T) {
	s := clienttest.Start(t, clienttest.WithPages(100), clienttest.WithPageInfoFirst())
	path := filepath.Join(t.TempDir(), "seq.state")
	entries := clienttest.Synthetic(450, 2)
	s.AddWaitlist("seq", entries)
	s.Enqueue(clienttest.Fault{}, clienttest.Fault{}, clienttest.Status(503))
	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(nil, entries), false)
	wantState(t, path, entries)
	if n := len(s.Requests()); n != 6 {
		t.Fatalf("%d requests, want 5 pages and a retry", n)
	}
}

// TestChangesBareArrayThenPages: the same list as a bare array, then in pages: no change.
func TestChangesBareArrayThenPages(t *testing.T) {
	entries := clienttest.Synthetic(240, 2)
	path := filepath.Join(t.TempDir(), "seq.state")
	bare := clienttest.Start(t)
	bare.AddWaitlist("seq", entries)
	wantCode(t, cli(t, against(bare), changesArgs(path)...), 0)

	paged := clienttest.Start(t, clienttest.WithPages(100))
	paged.AddWaitlist("seq", entries)
	r := cli(t, against(paged), changesArgs(path)...)
	wantCode(t, r, 0)
	if r.stdout != "" || r.stderr != "" {
		t.Fatalf("the same list in pages: stdout %.200q, stderr %q", r.stdout, r.stderr)
	}
	paged.AddWaitlist("seq", entries[:100]) // a page taken for the whole list is refused all the same
	r = cli(t, against(paged), changesArgs(path)...)
	wantCode(t, r, 1)
	wantState(t, path, entries)
}

// pageServer serves entries in two pages; the second page's request is answered by second.
func pageServer(t *testing.T, entries []client.WaitlistConsumer, second http.HandlerFunc) (env []string, pages *atomic.Int64) {
	t.Helper()
	first, err := json.Marshal(entries[:len(entries)/2])
	if err != nil {
		t.Fatal(err)
	}
	pages = new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("after") == "" {
			fmt.Fprintf(w, `{"data":%s,"pageInfo":{"startCursor":null,"endCursor":"cur/1"}}`, first)
			return
		}
		second(w, r)
	}))
	t.Cleanup(srv.Close)
	return []string{"FANFARE_BASE_URL=" + srv.URL, "FANFARE_SECRET_KEY=sk_test_pages"}, pages
}

// TestChangesAnExpiredCursorLeavesTheState: the second page's cursor has expired (a 400): the
// run fails and the state file is as it was.
func TestChangesAnExpiredCursorLeavesTheState(t *testing.T) {
	s := clienttest.Start(t)
	old := clienttest.Synthetic(200, 3)
	path, saved := fullThen(t, s, old)
	cur := clienttest.Synthetic(240, 8)
	env, pages := pageServer(t, cur, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"validation_error","message":"Invalid cursor: expired"}`))
	})
	r := cli(t, env, changesArgs(path)...)
	wantCode(t, r, 1)
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, saved) {
		t.Fatalf("the state file changed (%v)", err)
	}
	if strings.Contains(r.stdout, `"removed"`) || pages.Load() != 2 {
		t.Fatalf("%d requests; stdout %.300q", pages.Load(), r.stdout)
	}
}

// TestChangesKilledBetweenPages: SIGKILL while the second page is awaited leaves the state
// file as it was, and the next run reports every change against it.
func TestChangesKilledBetweenPages(t *testing.T) {
	s := clienttest.Start(t)
	old := clienttest.Synthetic(200, 3)
	path, saved := fullThen(t, s, old)
	cur := clienttest.Synthetic(240, 8)
	asked := make(chan struct{}, 1)
	env, _ := pageServer(t, cur, func(_ http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		<-r.Context().Done() // the client is killed meanwhile
	})
	ctx, cancel := context.WithTimeout(t.Context(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, changesArgs(path, "--max-removed", "100%")...)
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
	case <-ctx.Done():
		t.Fatal("the second page was never asked for")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, saved) {
		t.Fatalf("the state file changed (%v)", err)
	}

	s.AddWaitlist("seq", cur)
	r := cli(t, against(s), changesArgs(path, "--max-removed", "100%")...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(old, cur), false)
	wantState(t, path, cur)
}

// TestDemoPagesAreOneList: with --demo-page-size the demo's list comes in pages, and every
// format writes the same list as from the bare array.
func TestDemoPagesAreOneList(t *testing.T) {
	for _, format := range []string{"jsonl", "json", "csv"} {
		args := []string{"waitlist", "consumers", "demo", "--demo", "--demo-entries", "250", "--format", format}
		bare := cli(t, nil, args...)
		wantCode(t, bare, 0)
		paged := cli(t, nil, append(args, "--demo-page-size", "7")...)
		wantCode(t, paged, 0)
		if paged.stdout != bare.stdout || bare.stdout == "" {
			t.Fatalf("--format %s: %d bytes in pages, %d bytes from the array", format, len(paged.stdout), len(bare.stdout))
		}
	}
}
