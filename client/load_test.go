package client_test

// The load test: 64 goroutines share one client against a fake limited to R requests per
// window. No rate-limit error may reach a caller, and the pacing must not hold calls back for
// nothing (at least half the allowed rate used; a quiet machine uses all of it, and the test
// logs the figure).

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// loadFigures are what one load run measured.
type loadFigures struct {
	windows          int
	allowed          int   // R × windows
	served           int   // 200s the server sent within the windows
	server429        int   // 429s the server sent (the client retried them, or not)
	calls            int64 // calls that returned nil
	rateLimitErrors  int64 // calls that returned an error matching ErrRateLimited
	otherErrors      int64 // calls that returned any other error but the deadline's
	deadlineCalls    int64 // calls cut by the end of the run
	firstRateLimited error
	firstOther       error
	perWindow        []windowCount // by window, what the server answered
}

// windowCount is what the server answered in one window.
type windowCount struct{ ok, limited int }

func (f loadFigures) utilisation() float64 { return float64(f.served) / float64(f.allowed) }

// runLoad runs workers goroutines calling one shared client for windows windows of a fake
// that allows limit requests per window, starting on a window boundary.
func runLoad(t *testing.T, workers, limit int, window time.Duration, windows int) loadFigures {
	t.Helper()
	faultSuiteRan.Store(true)
	s := clienttest.Start(t, clienttest.WithSecretKey(suiteKey), clienttest.WithRateLimit(limit, window))
	s.AddSyntheticWaitlist(seq, 3, 1)
	tr := newTrackedTransport(func(tr *http.Transport) { tr.MaxIdleConnsPerHost = workers })
	c := s.Client(suiteOptions(tr)...)
	t.Cleanup(func() {
		if n := settleConns(tr, &tr.open, 2*time.Second); n != 0 {
			t.Errorf("connection leak: %d connections still open", n)
		}
	})

	time.Sleep(time.Until(time.Now().Truncate(window).Add(window))) // start on a boundary
	start := time.Now()
	end := start.Truncate(window).Add(time.Duration(windows) * window)
	ctx, cancel := context.WithDeadline(t.Context(), end)
	defer cancel()

	var (
		f        loadFigures
		mu       sync.Mutex
		calls    atomic.Int64
		limited  atomic.Int64
		other    atomic.Int64
		deadline atomic.Int64
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				entries, err := c.ListWaitlistConsumers(ctx, seq)
				sink.addErr(err)
				switch {
				case err == nil:
					if len(entries) != 3 {
						t.Errorf("%d entries, want 3", len(entries))
					}
					calls.Add(1)
					continue
				case ctx.Err() != nil:
					deadline.Add(1)
				case errors.Is(err, client.ErrRateLimited):
					limited.Add(1)
					mu.Lock()
					if f.firstRateLimited == nil {
						f.firstRateLimited = err
					}
					mu.Unlock()
				default:
					other.Add(1)
					mu.Lock()
					if f.firstOther == nil {
						f.firstOther = err
					}
					mu.Unlock()
				}
				// A caller that got an error pauses a little before calling again, so that a
				// client failing fast does not spin.
				select {
				case <-ctx.Done():
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
	}
	wg.Wait()

	f.windows, f.allowed = windows, limit*windows
	f.calls, f.rateLimitErrors, f.otherErrors, f.deadlineCalls = calls.Load(), limited.Load(), other.Load(), deadline.Load()
	f.perWindow = make([]windowCount, windows)
	first := start.Truncate(window)
	reqs := s.Requests()
	for i := range reqs {
		r := &reqs[i]
		if r.Time.Before(start) || !r.Time.Before(end) {
			continue
		}
		w := &f.perWindow[int(r.Time.Sub(first)/window)]
		switch r.Status {
		case http.StatusOK:
			f.served++
			w.ok++
		case http.StatusTooManyRequests:
			f.server429++
			w.limited++
		}
	}
	return f
}

func TestLoadSharedClientUsesTheRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test takes 3 windows of 2 s")
	}
	const (
		workers = 64
		limit   = 40
		window  = 2 * time.Second // long enough that a loaded machine's late wake-ups are a small part of it
		windows = 3
	)
	// Not parallel: the figures are the client's, not those of a CPU shared with the fault suite.
	f := runLoad(t, workers, limit, window, windows)
	t.Logf("load: %d goroutines, %d requests per %v window, %d windows: the server answered %d of the %d allowed (%.1f%%) "+
		"and %d times 429 (by window, 200s/429s: %v); callers got %d successes, %d rate-limit errors, %d other errors, "+
		"%d cut by the end of the run",
		workers, limit, window, windows, f.served, f.allowed, 100*f.utilisation(), f.server429, f.perWindow,
		f.calls, f.rateLimitErrors, f.otherErrors, f.deadlineCalls)
	if f.rateLimitErrors != 0 {
		t.Errorf("%d calls returned a rate-limit error; the first: %v", f.rateLimitErrors, f.firstRateLimited)
	}
	if f.otherErrors != 0 {
		t.Errorf("%d calls returned another error; the first: %v", f.otherErrors, f.firstOther)
	}
	// How much of the rate is used depends on how promptly a loaded machine wakes the callers
	// up (all of it on a quiet one, three quarters seen at load 6): this only catches a pacer
	// that holds calls back for nothing. The figure itself is logged above.
	if f.utilisation() < 0.5 {
		t.Errorf("used %.1f%% of the allowed rate (%d of %d), want at least half", 100*f.utilisation(), f.served, f.allowed)
	}
}
