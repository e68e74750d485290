package main

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// silentServer accepts connections on loopback and never answers; it returns the base URL.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = io.Copy(io.Discard, c) // reads the request, says nothing
			}()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String() + "/api"
}

// TestTimeoutBoundsASilentServer: against a server that accepts the connection and never
// answers, --timeout ends each attempt and the command fails with one line, exit code 1. (The
// run is killed at a deadline far past what it needs, so a hang fails the test.)
func TestTimeoutBoundsASilentServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	env := []string{"FANFARE_BASE_URL=" + silentServer(t), "FANFARE_SECRET_KEY=sk_test_SilentServer123"}
	for _, args := range [][]string{
		{"waitlist", "consumers", "seq_silent", "--timeout", "200ms"},
		{"waitlist", "summary", "--timeout=200ms", "seq_silent"},
	} {
		r := cliContext(ctx, t, env, args...)
		if ctx.Err() != nil {
			t.Fatalf("fanfare %v was still running at the deadline", args)
		}
		wantCode(t, r, 1)
		wantOneLine(t, r, "timed out", "after 3 attempts")
	}
}

func TestTimeoutFlag(t *testing.T) {
	r := cli(t, nil, "waitlist", "consumers", "--help")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "--timeout") || !strings.Contains(r.stdout, "(default 1m0s)") {
		t.Errorf("--help does not show --timeout and its default:\n%s", r.stdout)
	}
	r = cli(t, nil, "waitlist", "consumers", "demo", "--demo", "--timeout", "-1s")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "--timeout -1s: must not be negative") {
		t.Errorf("stderr does not say what is wrong with --timeout:\n%s", r.stderr)
	}
	r = cli(t, nil, "waitlist", "consumers", "demo", "--demo", "--timeout", "soon")
	wantCode(t, r, 2)
	r = cli(t, nil, "waitlist", "consumers", "demo", "--demo", "--timeout", "0", "--format", "jsonl")
	wantCode(t, r, 0)
	if n := strings.Count(r.stdout, "\n"); n != 240 {
		t.Errorf("--timeout 0 (no bound): %d lines, want the demo's 240", n)
	}
}
