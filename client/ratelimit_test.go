package client

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
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
}

func TestPacerReservesTheWindowAndWaitsForReset(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	p := &pacer{now: clock.now}
	if d := p.reserve(); d != 0 {
		t.Fatalf("unknown window waited %v", d)
	}
	p.observe(RateLimit{Limit: 10, Remaining: 2, Reset: time.Unix(1005, 0), Known: true})
	for i := range 2 {
		if d := p.reserve(); d != 0 {
			t.Fatalf("reservation %d waited %v", i, d)
		}
	}
	if d := p.reserve(); d != 5*time.Second+resetSlack {
		t.Fatalf("spent window: wait %v", d)
	}
	// A late response of the same window cannot give back what was reserved.
	p.observe(RateLimit{Limit: 10, Remaining: 1, Reset: time.Unix(1005, 0), Known: true})
	if d := p.reserve(); d == 0 {
		t.Fatal("a stale response refilled the window")
	}
	clock.t = time.Unix(1005, 0)
	for i := range 10 {
		if d := p.reserve(); d != 0 {
			t.Fatalf("new window reservation %d waited %v", i, d)
		}
	}
	if d := p.reserve(); d == 0 {
		t.Fatal("the assumed new window has no end")
	}
	// A newer window from the server replaces ours.
	p.observe(RateLimit{Limit: 10, Remaining: 9, Reset: time.Unix(1100, 0), Known: true})
	if d := p.reserve(); d != 0 {
		t.Fatalf("newer window waited %v", d)
	}
}

func TestPacerBlockAndCap(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	p := &pacer{now: clock.now}
	p.block(time.Unix(1030, 0))
	if d := p.reserve(); d != 30*time.Second {
		t.Fatalf("blocked: wait %v", d)
	}
	err := p.wait(context.Background(), 10*time.Second)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("a wait past the cap: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func TestBudgetPacesToTheRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	b := newBudget(5, time.Second, clock.now)
	for i := range 5 {
		if err := b.wait(context.Background()); err != nil {
			t.Fatalf("burst request %d: %v", i, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("sixth request in the same instant: %v; want it to wait (here: until the context ends)", err)
	}
	clock.t = clock.t.Add(200 * time.Millisecond) // one token's worth
	if err := b.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}
