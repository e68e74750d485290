package client

import (
	"context"
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
	// A reset past year 9999 (milliseconds sent for seconds, say) is kept that far off: further
	// on, time.Unix would wrap it into the past.
	return RateLimit{Limit: limit, Remaining: remaining, Reset: time.Unix(min(reset, maxResetUnix), 0), Known: true}
}

// maxResetUnix is 9999-12-31T23:59:59Z, the furthest reset a RateLimit holds.
const maxResetUnix = 253402300799

// pacer spreads one client's requests over the server's rate-limit windows. Every goroutine
// sharing a Client shares its pacer:
//   - while the window is known, each request reserves one of its remaining requests, and when
//     none is left everyone waits for the reset instead of earning a 429;
//   - while it is not known (before the first response, or once the known window has passed),
//     one request at a time goes out as a probe until a response tells the new window;
//   - requests in flight are counted, so a response that reports the server's count cannot
//     hand out again what other goroutines have already reserved.
type pacer struct {
	mu        sync.Mutex
	known     bool // a response has told us the current window
	limit     int
	remaining int // of the current window, less what is reserved
	reset     time.Time
	inflight  int           // reserved, not yet answered
	blocked   time.Time     // after a 429's Retry-After: nobody sends before this
	changed   chan struct{} // closed (and replaced) whenever a response arrives
	now       func() time.Time
	budget    *budget // optional client-side budget (WithRateLimit)
}

// resetSlack is added to a window's reset before sending again: the reset header has
// one-second resolution and the server's clock is not ours.
const resetSlack = 50 * time.Millisecond

// probeWait is how long callers wait for a probe's answer before sending another probe.
const probeWait = time.Second

// wait blocks until a request may be sent, reserving it, or until ctx ends. A wait longer
// than maxWait is not started: it returns a *RateLimitError at once. Every successful wait
// must be followed by one call of done.
func (p *pacer) wait(ctx context.Context, maxWait time.Duration) error {
	if p.budget != nil {
		if err := p.budget.wait(ctx); err != nil {
			return err
		}
	}
	for {
		d, why, changed := p.reserve()
		if d == 0 {
			return nil
		}
		if d > maxWait && why != waitProbe {
			return p.refusal(d, why, maxWait)
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		case <-changed:
			t.Stop()
		}
	}
}

// waitReason is why reserve asks a caller to wait.
type waitReason int

const (
	waitNone       waitReason = iota
	waitRetryAfter            // a 429 asked every call to hold back
	waitWindow                // the window is spent until its reset
	waitProbe                 // the answer that tells the new window is awaited (never capped)
)

// refusal is the error of a request that would have had to wait d, past maxWait, for why.
func (p *pacer) refusal(d time.Duration, why waitReason, maxWait time.Duration) *RateLimitError {
	p.mu.Lock()
	defer p.mu.Unlock()
	return &RateLimitError{
		Wait:         d,
		MaxRetryWait: maxWait,
		Until:        p.now().Add(d),
		RateLimit:    RateLimit{Limit: p.limit, Remaining: p.remaining, Reset: p.reset, Known: p.known},
		Blocked:      why == waitRetryAfter,
	}
}

// reserve takes one request and returns 0, or returns how long to wait at most before trying
// again, why, and a channel closed as soon as a response may have changed that.
func (p *pacer) reserve() (time.Duration, waitReason, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.changed == nil {
		p.changed = make(chan struct{})
	}
	now := p.now()
	if now.Before(p.blocked) {
		return p.blocked.Sub(now), waitRetryAfter, p.changed
	}
	if p.known && !now.Before(p.reset) {
		p.known = false // the window we knew has passed; the next response tells the new one
	}
	switch {
	case !p.known && p.inflight == 0:
		p.inflight++
		return 0, waitNone, nil
	case !p.known:
		return probeWait, waitProbe, p.changed
	case p.remaining > 0:
		p.remaining--
		p.inflight++
		return 0, waitNone, nil
	}
	return untilReset(p.reset, now), waitWindow, p.changed
}

// done ends a reservation: rl is what the response's headers said (the zero RateLimit when
// no response came).
func (p *pacer) done(rl RateLimit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	if rl.Known && rl.Reset.After(p.now()) {
		others := p.inflight // reserved by other requests, which this count may not include yet
		switch {
		case !p.known || rl.Reset.After(p.reset):
			// A newer window than ours: take the server's word, less what is reserved.
			p.known, p.limit, p.reset = true, rl.Limit, rl.Reset
			p.remaining = max(rl.Remaining-others, 0)
		case rl.Reset.Equal(p.reset):
			// The same window: our count already holds our reservations, and the server's has
			// counted most of those in flight; responses race, so keep the smaller of the two.
			p.limit = rl.Limit
			p.remaining = min(p.remaining, rl.Remaining)
		}
	}
	if p.changed != nil {
		close(p.changed)
		p.changed = make(chan struct{})
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
