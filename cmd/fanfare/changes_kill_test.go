package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// killedRun runs the binary with args and kills it (SIGKILL) once kill says so, given the
// output so far; kill is also called once when the process has started, with "". It returns
// everything the process wrote to stdout, and whether it exited by itself with code 0.
func killedRun(t *testing.T, env []string, kill func(out string) bool, after time.Duration, args ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FANFARE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if after >= 0 {
		timer := time.AfterFunc(after, func() { _ = cmd.Process.Kill() })
		defer timer.Stop()
	}
	var out strings.Builder
	r := bufio.NewReaderSize(stdout, 4096)
	buf := make([]byte, 4096)
	for killed := kill(""); ; {
		n, err := r.Read(buf)
		out.Write(buf[:n])
		if !killed && kill(out.String()) {
			_ = cmd.Process.Kill()
			killed = true
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				t.Fatal(err)
			}
			break
		}
	}
	err = cmd.Wait()
	return out.String(), err == nil
}

// TestChangesSurviveKillsAtAnyMoment: runs killed at random moments (after a random delay, a
// random number of output bytes, or right after their last change) leave a valid state, which
// is either the one before them or their own, and their own only when they wrote every change;
// the run after each reports every change not yet confirmed.
func TestChangesSurviveKillsAtAnyMoment(t *testing.T) {
	const n, cycles = 2000, 30
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill moments drawn from seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	s := clienttest.Start(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "seq.state")

	lists := map[int][]client.WaitlistConsumer{-1: nil}
	list := func(k int) []client.WaitlistConsumer {
		if l, ok := lists[k]; ok {
			return l
		}
		l := generation(n, k)
		lists[k] = l
		return l
	}
	confirmed, g := -1, 0 // the generation the state file holds (-1: none yet), the last one read
	longest := 300 * time.Millisecond
	outcomes := map[string]int{}
	for range cycles {
		g++
		cur := list(g)
		evolving(s, n, g)
		wants := wantedChanges(list(confirmed), cur)
		var kill func(string) bool
		after := time.Duration(-1)
		switch mode := rng.IntN(3); mode {
		case 0: // after a random delay
			after = time.Duration(rng.Int64N(int64(longest) * 6 / 5))
			kill = func(string) bool { return false }
		case 1: // after a random number of bytes
			limit := rng.IntN(2200*len(wants) + 1)
			kill = func(out string) bool { return len(out) >= limit }
		default: // right after the last change (while it saves the state)
			kill = func(out string) bool { return strings.Count(out, "\n") >= len(wants) }
		}
		out, exited := killedRun(t, against(s), kill, after, changesArgs(path)...)

		st, err := changes.LoadFile(path, "seq")
		holds := -2
		switch {
		case confirmed == -1 && errors.Is(err, fs.ErrNotExist):
			holds = -1
		case err != nil:
			t.Fatalf("after a kill the state is not valid: %v", err)
		case confirmed >= 0 && stateIs(st, list(confirmed)):
			holds = confirmed
		case stateIs(st, cur):
			holds = g
		default:
			t.Fatal("after a kill the state is neither the one before nor the one of the killed run")
		}
		lines := changeLines(t, out)
		switch {
		case holds == g || len(wants) == 0:
			checkChanges(t, lines, wants, false) // saved: only after every change was written
			outcomes["state saved"]++
		case exited:
			t.Fatal("a run that exited by itself did not save its state")
		default:
			if len(lines) > len(wants) {
				t.Fatalf("a killed run wrote %d changes, want at most %d", len(lines), len(wants))
			}
			for i := range lines {
				checkChange(t, i, lines[i], wants[i], false)
			}
			outcomes["killed before saving"]++
		}
		confirmed = holds

		g++
		next := list(g)
		evolving(s, n, g)
		start := time.Now()
		r := cli(t, against(s), changesArgs(path)...)
		longest = max(longest, time.Since(start))
		wantCode(t, r, 0)
		checkChanges(t, changeLines(t, r.stdout), wantedChanges(list(confirmed), next), false)
		wantState(t, path, next)
		delete(lists, confirmed)
		confirmed = g
	}
	left := 0
	for _, name := range dirEntries(t, dir) {
		switch {
		case strings.HasPrefix(name, ".seq.state.") && strings.HasSuffix(name, ".tmp"):
			left++ // a kill while the state was being written
		case name != "seq.state" && name != "seq.state.lock":
			t.Errorf("a kill left %s beside the state", name)
		}
	}
	t.Logf("outcomes of %d killed runs: %v; %d killed while writing the state", cycles, outcomes, left)
}
