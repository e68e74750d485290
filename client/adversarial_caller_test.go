package client_test

// Adversarial scenarios of careless callers: a loop body that panics, breaks out while the
// server stalls, is slower than WithTimeout, cancels its own context or calls the client
// again; an iterator ranged twice; many goroutines on one client. Whatever the caller does,
// the response and its goroutines are released, and only time spent waiting on the network
// counts against the timeout.

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// errLoopBody is what the panicking loop bodies panic with.
var errLoopBody = errors.New("the loop body's own bug")

// rangeUntilPanic ranges over it and panics in the loop body at entry n; it returns what was
// recovered and the entries seen.
func rangeUntilPanic(it func(func(client.WaitlistConsumer, error) bool), n int) (recovered any, seen int) {
	defer func() { recovered = recover() }()
	for _, err := range it {
		sink.addErr(err)
		seen++
		if seen == n {
			panic(errLoopBody)
		}
	}
	return nil, seen
}

func TestAdversarialCallerPanicsAndBreaks(t *testing.T) {
	t.Parallel()
	for _, at := range []int{1, 30} { // in the sequential phase, and among the workers
		t.Run("a panic in the loop body releases the response and its goroutines (panic at entry "+strconv.Itoa(at)+")", func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			e.s.AddSyntheticWaitlist(seq, 5000, seqSeed)
			recovered, seen := rangeUntilPanic(e.c.WaitlistConsumers(ctx, seq), at)
			if err, _ := recovered.(error); !errors.Is(err, errLoopBody) || seen != at {
				t.Fatalf("recovered %v after %d entries, want the loop body's panic at %d", recovered, seen, at)
			}
			// The env's check, when the scenario ends, proves the connection was closed.
		})
	}

	t.Run("a panic in the loop body while the body is stalled: recovered at once, nothing left open", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(0))
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.StalledBody(ends[2]+20, 10*time.Minute))
		recovered, _ := rangeUntilPanic(e.c.WaitlistConsumers(ctx, seq), 2)
		wantBeforeDeadline(ctx, t)
		if err, _ := recovered.(error); !errors.Is(err, errLoopBody) {
			t.Fatalf("recovered %v, want the loop body's panic", recovered)
		}
	})

	t.Run("break while the body is stalled: the loop ends at once, the connection closed", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(0))
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.StalledBody(ends[4]+20, 10*time.Minute))
		n := 0
		for _, err := range e.c.WaitlistConsumers(ctx, seq) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if n == 5 {
				break // the stream now stalls inside entry 5
			}
		}
		wantBeforeDeadline(ctx, t)
	})

	t.Run("a loop body slower than WithTimeout once the body has arrived: every entry, no timeout", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		const timeout = attemptTimeout // what a loaded machine serves a short list well within
		e := newEnv(t, client.WithTimeout(timeout))
		var got []client.WaitlistConsumer
		for entry, err := range e.c.WaitlistConsumers(ctx, seq) {
			sink.addErr(err)
			if err != nil {
				t.Fatalf("after %d entries: %v", len(got), err)
			}
			if got = append(got, entry); len(got) <= 2 {
				time.Sleep(3 * timeout / 2) // the caller's own time: it never counts
			}
		}
		wantEntries(t, got, seqSeed, seqSize)
		wantStatuses(t, e, 200)
	})
}

func TestAdversarialCallerRangesAgain(t *testing.T) {
	t.Parallel()
	t.Run("ranging one iterator twice: two requests, the whole list each time", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		it := e.c.WaitlistConsumers(ctx, seq)
		for range 2 {
			wantEntries(t, rangeAll(t, it), seqSeed, seqSize)
		}
		wantStatuses(t, e, 200, 200)
	})

	t.Run("break at the first entry, then range again: the whole list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		it := e.c.WaitlistConsumers(ctx, seq)
		for _, err := range it {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		wantEntries(t, rangeAll(t, it), seqSeed, seqSize)
	})

	t.Run("a nil Option among the options is ignored", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, nil)
		wantList(t, e.list(ctx, seq, nil, client.WithMaxRetries(1)), seqSize)
	})
}

func TestAdversarialCallerSharesAndReenters(t *testing.T) {
	t.Parallel()
	t.Run("32 goroutines sharing one client: each gets the whole list and its own response", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		e.s.AddSyntheticWaitlist(seq, 300, seqSeed)
		var wg sync.WaitGroup
		results := make([]result, 32)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = e.list(ctx, seq)
			}()
		}
		wg.Wait()
		ids := map[string]bool{}
		for _, r := range results {
			wantList(t, r, 300)
			wantAttempts(t, r, 1)
			if r.resp.StatusCode != http.StatusOK || ids[r.resp.RequestID] {
				t.Errorf("response %d, request id %q (seen before: %v)", r.resp.StatusCode, r.resp.RequestID, ids[r.resp.RequestID])
			}
			ids[r.resp.RequestID] = true
		}
	})

	t.Run("cancelling the context inside the loop body: a StreamError matching context.Canceled, nothing retried", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(scenarioContext(t))
		defer cancel()
		e := newEnv(t)
		e.s.AddSyntheticWaitlist(seq, 50_000, seqSeed)
		var final error
		n := 0
		for _, err := range e.c.WaitlistConsumers(ctx, seq) {
			sink.addErr(err)
			if err != nil {
				final = err
				continue
			}
			n++
			if n == 3 {
				cancel()
			}
		}
		var se *client.StreamError
		if !errors.As(final, &se) || !errors.Is(final, context.Canceled) || n >= 50_000 {
			t.Fatalf("after %d entries: %v, want a StreamError matching context.Canceled", n, final)
		}
		wantStatuses(t, e, 200)
	})

	t.Run("a call from inside the loop body on the same client: it completes, the pacer does not deadlock", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		inner := 0
		outer := 0
		for _, err := range e.c.WaitlistConsumers(ctx, seq) {
			if err != nil {
				t.Fatal(err)
			}
			outer++
			if outer == 2 {
				r := e.list(ctx, seq)
				wantList(t, r, seqSize)
				inner = len(r.entries)
			}
		}
		wantBeforeDeadline(ctx, t)
		if outer != seqSize || inner != seqSize {
			t.Errorf("outer loop %d entries, inner call %d; want %d each", outer, inner, seqSize)
		}
	})
}

// rangeAll ranges it to its end and returns the entries; an error fails the test.
func rangeAll(t *testing.T, it iter.Seq2[client.WaitlistConsumer, error]) []client.WaitlistConsumer {
	t.Helper()
	var got []client.WaitlistConsumer
	for entry, err := range it {
		if err != nil {
			t.Fatalf("after %d entries: %v", len(got), err)
		}
		got = append(got, entry)
	}
	return got
}
