package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// watch starts the binary with --watch every, against s, and returns it with its output. It
// is killed if it still runs after runDeadline.
func watch(t *testing.T, s *clienttest.Server, path, every string) (cmd *exec.Cmd, stdout, stderr *bytes.Buffer) {
	t.Helper()
	return watchAt(t, against(s), path, every)
}

// watchAt is watch with the environment env ("NAME=value") instead of a fake's.
func watchAt(t *testing.T, env []string, path, every string) (cmd *exec.Cmd, stdout, stderr *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runDeadline)
	t.Cleanup(cancel)
	cmd = exec.CommandContext(ctx, binary, changesArgs(path, "--watch", every)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FANFARE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout, stderr
}

// awaitRequests waits until s has received at least n requests, for runDeadline at most.
func awaitRequests(t *testing.T, s *clienttest.Server, n int) {
	t.Helper()
	awaitCount(t, func() int { return len(s.Requests()) }, n)
}

// awaitCount waits until count() is at least n, for runDeadline at most.
func awaitCount(t *testing.T, count func() int, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runDeadline)
	defer cancel()
	for count() < n {
		select {
		case <-ctx.Done():
			t.Fatalf("only %d requests", count())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// wantExit0 waits for cmd and fails the test unless it exited by itself with code 0.
func wantExit0(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer) {
	t.Helper()
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) || err != nil {
		t.Fatalf("the watch ended with %v\nstderr:\n%s", err, stderr)
	}
}

// TestChangesWatchStopsCleanlyOnASignal: SIGTERM or SIGINT ends a watch with exit code 0, the
// read under way finished: its output is every change of every read, and the state is the last
// read's.
func TestChangesWatchStopsCleanlyOnASignal(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			const n = 800
			s := clienttest.Start(t)
			opts := []clienttest.SyntheticOption{clienttest.Evolving(77), clienttest.WithUnknownMembers()}
			s.AddSyntheticWaitlist("seq", n, 6, opts...) // each read gets the next generation
			path := filepath.Join(t.TempDir(), "seq.state")
			cmd, stdout, stderr := watch(t, s, path, "30ms")
			awaitRequests(t, s, 4)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			wantExit0(t, cmd, stderr)

			reads := len(s.Requests())
			var wants []want
			var old []client.WaitlistConsumer
			for k := range reads {
				cur := clienttest.Synthetic(n, 6, append(opts, clienttest.AtGeneration(k))...)
				wants = append(wants, wantedChanges(old, cur)...)
				old = cur
			}
			checkChanges(t, changeLines(t, stdout.String()), wants, false)
			wantState(t, path, old)
			for _, line := range strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n") {
				if line != "" && !strings.Contains(line, "finishing this read before stopping") {
					t.Errorf("stderr: %s", line)
				}
			}
		})
	}
}

// TestChangesWatchKeepsToTheRateLimit: however short the interval, the watch reads no more
// often than the rate limit allows: the server never has to answer 429.
func TestChangesWatchKeepsToTheRateLimit(t *testing.T) {
	s := clienttest.Start(t, clienttest.WithRateLimit(2, time.Second))
	s.AddSyntheticWaitlist("seq", 50, 6, clienttest.Evolving(77))
	path := filepath.Join(t.TempDir(), "seq.state")
	cmd, _, stderr := watch(t, s, path, "1ms")
	awaitRequests(t, s, 7)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wantExit0(t, cmd, stderr)
	for _, req := range s.Requests() {
		if req.Status != http.StatusOK {
			t.Fatalf("request %d got %d: the watch did not keep to the rate limit\nstderr:\n%s", req.N, req.Status, stderr)
		}
	}
	wantState(t, path, clienttest.Synthetic(50, 6, clienttest.Evolving(77), clienttest.AtGeneration(len(s.Requests())-1)))
}

// TestChangesOneRunAtATime: while a run holds the state file, another one fails at once, before
// any request, and the file is free again when the first ends.
func TestChangesOneRunAtATime(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 100, 6, clienttest.Evolving(77))
	path := filepath.Join(t.TempDir(), "seq.state")
	cmd, _, stderr := watch(t, s, path, "20ms")
	awaitRequests(t, s, 2)
	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 1)
	wantOneLine(t, r, "in use by another run", path+".lock")
	if r.stdout != "" {
		t.Fatalf("stdout %q", r.stdout)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wantExit0(t, cmd, stderr)
	reads := len(s.Requests())
	r = cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	if len(s.Requests()) != reads+1 {
		t.Fatalf("%d requests after the watch ended, want 1", len(s.Requests())-reads)
	}
}

// TestChangesWatchGoesOnAfterAFailedRead: a read that fails is reported and the watch goes on
// from the state it had; the next read reports what the failed one did not.
func TestChangesWatchGoesOnAfterAFailedRead(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 300, 6, clienttest.Evolving(77))
	s.Enqueue(clienttest.Status(404)) // not retried: the first read fails at once
	path := filepath.Join(t.TempDir(), "seq.state")
	cmd, stdout, stderr := watch(t, s, path, "20ms")
	awaitRequests(t, s, 3)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wantExit0(t, cmd, stderr)
	if !strings.Contains(stderr.String(), "not found") {
		t.Errorf("the failed read was not reported:\n%s", stderr)
	}
	// The 404 took no generation: the reads after it got generations 0, 1, …
	reads := len(s.Requests()) - 1
	var wants []want
	var old []client.WaitlistConsumer
	for k := range reads {
		cur := clienttest.Synthetic(300, 6, clienttest.Evolving(77), clienttest.AtGeneration(k))
		wants = append(wants, wantedChanges(old, cur)...)
		old = cur
	}
	checkChanges(t, changeLines(t, stdout.String()), wants, false)
	wantState(t, path, old)
}
