package client

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimit is the organisation's rate-limit state, from a response's X-RateLimit-* headers.
type RateLimit struct {
	// Limit is the number of requests allowed in the window (X-RateLimit-Limit).
	Limit int
	// Remaining is the number left in the window (X-RateLimit-Remaining).
	Remaining int
	// Reset is when the window resets (X-RateLimit-Reset, Unix seconds).
	Reset time.Time
	// Known reports whether the response carried the headers at all.
	Known bool
}

// parseRateLimit reads the X-RateLimit-* headers; malformed values leave the state unknown.
func parseRateLimit(h http.Header) RateLimit {
	limit, errL := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, errR := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, errS := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if errL != nil || errR != nil || errS != nil || limit < 0 || remaining < 0 || reset < 0 {
		return RateLimit{}
	}
	return RateLimit{Limit: limit, Remaining: remaining, Reset: time.Unix(reset, 0), Known: true}
}

// pacer spreads one client's requests over the server's rate-limit windows. Every goroutine
// sharing a Client shares its pacer: each request reserves one of the window's remaining
// requests, and when none is left they all wait for the reset instead of earning a 429.
type pacer struct {
	mu        sync.Mutex
	known     bool // a response has told us the window
	limit     int
	remaining int
	reset     time.Time
	blocked   time.Time // after a 429's Retry-After: nobody sends before this
	now       func() time.Time
	budget    *budget // optional client-side budget (WithRateLimit)
}

// resetSlack is added to a window's reset before sending again: the reset header has
// one-second resolution and the server's clock is not ours.
const resetSlack = 50 * time.Millisecond

// errPacingTooLong is returned when the rate limit would make a call wait past WithMaxRetryWait.
var errPacingTooLong = fmt.Errorf("%w: the rate-limit window is spent and resets later than WithMaxRetryWait allows", ErrRateLimited)

// wait blocks until a request may be sent, reserving it, or until ctx ends. A wait longer
// than maxWait is not started: it returns an error matching ErrRateLimited at once.
func (p *pacer) wait(ctx context.Context, maxWait time.Duration) error {
	if p.budget != nil {
		if err := p.budget.wait(ctx); err != nil {
			return err
		}
	}
	for {
		d := p.reserve()
		if d == 0 {
			return nil
		}
		if d > maxWait {
			return errPacingTooLong
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// reserve takes one request from the window and returns 0, or returns how long to wait first.
func (p *pacer) reserve() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Before(p.blocked) {
		return p.blocked.Sub(now)
	}
	if !p.known {
		return 0
	}
	if !now.Before(p.reset) {
		// The window we knew about is over: until a response says otherwise, assume a
		// fresh one of the same size.
		p.remaining = p.limit
		p.reset = now.Add(time.Minute)
	}
	if p.remaining > 0 {
		p.remaining--
		return 0
	}
	return p.reset.Sub(now) + resetSlack
}

// observe updates the state from a response's headers.
func (p *pacer) observe(rl RateLimit) {
	if !rl.Known {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case !p.known || rl.Reset.After(p.reset):
		// A newer window than ours: take the server's word.
		p.known, p.limit, p.remaining, p.reset = true, rl.Limit, rl.Remaining, rl.Reset
	case rl.Reset.Equal(p.reset):
		// The same window: responses race, so keep the smaller count.
		p.limit = rl.Limit
		p.remaining = min(p.remaining, rl.Remaining)
	}
}

// block makes every caller wait until t (after a 429 that said how long).
func (p *pacer) block(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.After(p.blocked) {
		p.blocked = t
	}
}

// budget is a token bucket: n requests per period, refilled continuously, at most n at once.
type budget struct {
	mu     sync.Mutex
	n      float64
	per    time.Duration
	tokens float64
	last   time.Time
	now    func() time.Time
}

func newBudget(n int, per time.Duration, now func() time.Time) *budget {
	return &budget{n: float64(n), per: per, tokens: float64(n), last: now(), now: now}
}

func (b *budget) wait(ctx context.Context) error {
	for {
		b.mu.Lock()
		now := b.now()
		b.tokens = min(b.n, b.tokens+b.n*float64(now.Sub(b.last))/float64(b.per))
		b.last = now
		if b.tokens >= 1 {
			b.tokens--
			b.mu.Unlock()
			return nil
		}
		d := time.Duration((1 - b.tokens) / b.n * float64(b.per))
		b.mu.Unlock()
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// sleep waits for d or until ctx ends, whichever is first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
