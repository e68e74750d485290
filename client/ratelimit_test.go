package client

// The X-RateLimit-* headers parsed, and the pacer on a settable clock: one probe while the window
// is unknown, reservations of a known window, the wait for its reset, a 429's block, a wait past
// the cap refused at once as a *RateLimitError, and the client-side budget of WithRateLimit.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeClock is a settable clock for the pacer.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func TestParseRateLimit(t *testing.T) {
	h := http.Header{}
	if rl := parseRateLimit(h); rl.Known {
		t.Fatalf("no headers: %+v", rl)
	}
	h.Set("X-RateLimit-Limit", "1000")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", "1701424860")
	if rl := parseRateLimit(h); rl != (RateLimit{Limit: 1000, Remaining: 0, Reset: time.Unix(1701424860, 0), Known: true}) {
		t.Fatalf("parsed %+v", rl)
	}
	h.Set("X-RateLimit-Remaining", "lots")
	if rl := parseRateLimit(h); rl.Known {
		t.Fatalf("malformed header accepted: %+v", rl)
	}
	// Resets far off (milliseconds, or the largest int64) stay in the future, at year 9999.
	h.Set("X-RateLimit-Remaining", "0")
	for _, far := range []string{"1701424860000", "9223372036854775807"} {
		h.Set("X-RateLimit-Reset", far)
		if rl := parseRateLimit(h); !rl.Known || rl.Reset.Year() < 9999 {
			t.Errorf("reset %s parsed as %v", far, rl.Reset)
		}
	}
}

// TestPacerFarResetRefusesAtOnce: a spent window whose reset is ages away refuses the next
// call at once (the wait saturates instead of wrapping into a negative one).
func TestPacerFarResetRefusesAtOnce(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	p := &pacer{now: clock.now}
	if d := reserveNow(p); d != 0 {
		t.Fatalf("first reservation waits %v", d)
	}
	p.done(RateLimit{Limit: 10, Remaining: 0, Reset: time.Unix(maxResetUnix, 0), Known: true})
	d, why, _ := p.reserve()
	if d != maxHint+resetSlack || why != waitWindow {
		t.Fatalf("reserve after a far reset: %v (%v), want %v", d, why, maxHint+resetSlack)
	}
	err := p.wait(t.Context(), time.Minute)
	var refused *RateLimitError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &refused) {
		t.Fatalf("wait: %v, want a *RateLimitError matching ErrRateLimited at once", err)
	}
	want := RateLimitError{
		Wait: maxHint + resetSlack, MaxRetryWait: time.Minute, Until: clock.now().Add(maxHint + resetSlack),
		RateLimit: RateLimit{Limit: 10, Remaining: 0, Reset: time.Unix(maxResetUnix, 0), Known: true},
	}
	if *refused != want {
		t.Fatalf("RateLimitError %+v, want %+v", *refused, want)
	}
	if msg := err.Error(); !strings.Contains(msg, "window is spent") || !strings.Contains(msg, "WithMaxRetryWait (1m0s)") {
		t.Errorf("Error() = %q", msg)
	}
}

// reserveNow reserves and reports the wait, ignoring the wake-up channel.
func reserveNow(p *pacer) time.Duration {
	d, _, _ := p.reserve()
	return d
}

func TestPacerReservesTheWindowAndWaitsForReset(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	p := &pacer{now: clock.now}
	window := func(remaining int, reset int64) RateLimit {
		return RateLimit{Limit: 10, Remaining: remaining, Reset: time.Unix(reset, 0), Known: true}
	}

	// Unknown window: one probe at a time.
	if d := reserveNow(p); d != 0 {
		t.Fatalf("the first request waited %v", d)
	}
	if d := reserveNow(p); d != probeWait {
		t.Fatalf("a second request while the probe is out: wait %v, want %v", d, probeWait)
	}
	p.done(window(3, 1005))
	// Known: three left.
	for i := range 3 {
		if d := reserveNow(p); d != 0 {
			t.Fatalf("reservation %d waited %v", i, d)
		}
	}
	if d := reserveNow(p); d != 5*time.Second+resetSlack {
		t.Fatalf("spent window: wait %v", d)
	}
	// One of the three answers with a count that does not hold the two others still in
	// flight: our own count, which does, is kept.
	p.done(window(2, 1005))
	if d := reserveNow(p); d == 0 {
		t.Fatal("a response refilled what other requests had reserved")
	}
	p.done(window(1, 1005))
	p.done(window(0, 1005))

	// The window passes: a probe again, then the server's new window.
	clock.t = time.Unix(1005, 0)
	if d := reserveNow(p); d != 0 {
		t.Fatalf("the probe after the reset waited %v", d)
	}
	if d := reserveNow(p); d != probeWait {
		t.Fatalf("a second request before the new window is known: wait %v", d)
	}
	p.done(window(9, 1006))
	for i := range 9 {
		if d := reserveNow(p); d != 0 {
			t.Fatalf("new window reservation %d waited %v", i, d)
		}
	}
	if d := reserveNow(p); d != time.Second+resetSlack {
		t.Fatalf("spent new window: wait %v", d)
	}
	// A late answer from a window that has passed changes nothing.
	p.done(window(10, 1005))
	if d := reserveNow(p); d == 0 {
		t.Fatal("an answer from a past window refilled the current one")
	}
}

// TestPacerWakesWaitersWhenAnAnswerArrives runs on the synctest bubble's clock, which moves only
// when every goroutine of the bubble is blocked: the waiter must be woken by the answer, with no
// time gone by, not by the end of its probeWait.
func TestPacerWakesWaitersWhenAnAnswerArrives(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &pacer{now: time.Now}
		if err := p.wait(t.Context(), time.Minute); err != nil { // the probe
			t.Fatal(err)
		}
		start := time.Now()
		woke := make(chan error, 1)
		go func() { woke <- p.wait(t.Context(), time.Minute) }()
		synctest.Wait()
		select {
		case err := <-woke:
			t.Fatalf("the waiter did not wait for the probe's answer: %v", err)
		default:
		}
		p.done(RateLimit{Limit: 5, Remaining: 4, Reset: time.Now().Add(time.Hour), Known: true})
		synctest.Wait()
		select {
		case err := <-woke:
			if err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatal("the waiter was not woken by the probe's answer")
		}
		if d := time.Since(start); d != 0 {
			t.Fatalf("the waiter was woken %v after it began waiting, want at once", d)
		}
	})
}

func TestPacerBlockAndCap(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	p := &pacer{now: clock.now}
	p.block(time.Unix(1030, 0))
	if d := reserveNow(p); d != 30*time.Second {
		t.Fatalf("blocked: wait %v", d)
	}
	err := p.wait(context.Background(), 10*time.Second)
	var refused *RateLimitError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &refused) {
		t.Fatalf("a wait past the cap: %v, want a *RateLimitError", err)
	}
	want := RateLimitError{Wait: 30 * time.Second, MaxRetryWait: 10 * time.Second, Until: time.Unix(1030, 0), Blocked: true}
	if *refused != want || !strings.Contains(err.Error(), "Retry-After on a 429") {
		t.Fatalf("RateLimitError %+v (%q), want %+v", *refused, err, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

// TestBudgetPacesToTheRate runs in a synctest bubble: the budget's sleep and the context's
// deadline are on the bubble's clock, so the deadline (20 ms) always comes before the end of the
// sleep (200 ms), whatever the machine's load.
func TestBudgetPacesToTheRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := &fakeClock{t: time.Unix(0, 0)}
		b := newBudget(5, time.Second, clock.now)
		for i := range 5 {
			if err := b.wait(t.Context()); err != nil {
				t.Fatalf("burst request %d: %v", i, err)
			}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		if err := b.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("sixth request in the same instant: %v; want it to wait (here: until the context ends)", err)
		}
		clock.t = clock.t.Add(200 * time.Millisecond) // one token's worth
		if err := b.wait(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}
