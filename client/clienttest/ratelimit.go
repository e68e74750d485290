package clienttest

import (
	"sync"
	"time"
)

// limiter is the fake's rate limit: a fixed window of limit requests. Windows are aligned to
// multiples of their length (a 1 s window starts on a whole second, a 1 min window on a whole
// minute), so for whole-second windows X-RateLimit-Reset, in Unix seconds, is exactly when the
// next window starts.
type limiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	start  time.Time // of the current window
	used   int
}

// windowState is what the X-RateLimit-* headers say about one moment.
type windowState struct {
	limit, remaining int
	end              time.Time // when the window ends
}

// resetUnix is X-RateLimit-Reset: the window's end in Unix seconds, rounded up so that a client
// waiting for it never comes back too early.
func (w windowState) resetUnix() int {
	s := w.end.Unix()
	if w.end.Nanosecond() != 0 {
		s++
	}
	return int(s)
}

// retryAfterSeconds is the Retry-After of a 429: whole seconds until the window ends, at least 1.
func (w windowState) retryAfterSeconds(now time.Time) int {
	d := w.end.Sub(now)
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// roll moves to the window holding now; the caller holds mu.
func (l *limiter) roll(now time.Time) {
	start := now.Truncate(l.window) // multiples of window since year 1: whole seconds and minutes line up with Unix time
	if !start.Equal(l.start) {
		l.start, l.used = start, 0
	}
}

// take counts one request at now. ok is false, and nothing is counted, when the window is spent.
func (l *limiter) take(now time.Time) (st windowState, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll(now)
	if l.used >= l.limit {
		return l.stateLocked(), false
	}
	l.used++
	return l.stateLocked(), true
}

// peek returns the window's state at now without counting a request.
func (l *limiter) peek(now time.Time) windowState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll(now)
	return l.stateLocked()
}

func (l *limiter) stateLocked() windowState {
	return windowState{limit: l.limit, remaining: l.limit - l.used, end: l.start.Add(l.window)}
}
