package client_test

// What the fault suite observes in place of the clock: the waits the client decided, as its
// "fanfare retry" log lines give them, and the moments the fake received each request. A
// scenario checks the wait the client chose (the server's hint, the reset, the backoff) and that
// no request reached the server before that wait was over. How long the machine took is never
// asserted: a scenario in which the client could wait for too long runs under a deadline.

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

// clientResetSlack is what the client adds to a rate-limit window's reset before it sends
// again (its clock and the server's are not the same).
const clientResetSlack = 50 * time.Millisecond

// recordHandler is a slog.Handler keeping every record (and writing it to the sink as text).
type recordHandler struct {
	mu      sync.Mutex
	records []slog.Record
	text    slog.Handler
}

func newRecordHandler() *recordHandler {
	return &recordHandler{text: slog.NewTextHandler(&sink, &slog.HandlerOptions{Level: slog.LevelDebug})}
}

func (h *recordHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordHandler) Handle(ctx context.Context, r slog.Record) error {
	h.mu.Lock()
	h.records = append(h.records, r.Clone())
	h.mu.Unlock()
	return h.text.Handle(ctx, r)
}

func (h *recordHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recordHandler) WithGroup(string) slog.Handler      { return h }

// lines returns each record as its message and attributes (values as text).
func (h *recordHandler) lines() []map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []map[string]string
	for i := range h.records {
		r := &h.records[i]
		m := map[string]string{"msg": r.Message, "level": r.Level.String()}
		r.Attrs(func(a slog.Attr) bool {
			m[a.Key] = a.Value.Resolve().String()
			return true
		})
		out = append(out, m)
	}
	return out
}

// retry is one "fanfare retry" line: the wait the client decided before its next attempt.
type retry struct {
	// logged is when the line was logged: after the wait was decided, before it began.
	logged time.Time
	wait   time.Duration
	reason string
	cause  error
}

// retries returns the "fanfare retry" lines h recorded, in order.
func (h *recordHandler) retries(t testing.TB) []retry {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []retry
	for i := range h.records {
		r := &h.records[i]
		if r.Message != "fanfare retry" {
			continue
		}
		l := retry{logged: r.Time}
		var waitKind slog.Kind
		r.Attrs(func(a slog.Attr) bool {
			v := a.Value.Resolve()
			switch a.Key {
			case "wait":
				waitKind = v.Kind()
				if waitKind == slog.KindDuration {
					l.wait = v.Duration()
				}
			case "reason":
				l.reason = v.String()
			case "cause":
				l.cause, _ = v.Any().(error)
			}
			return true
		})
		if waitKind != slog.KindDuration {
			t.Fatalf("a retry line whose wait is a %v, not a duration", waitKind)
		}
		out = append(out, l)
	}
	return out
}

// requestLine returns the attributes of h's "fanfare request" line for attempt n; the test
// stops when there is none.
func (h *recordHandler) requestLine(t testing.TB, n int) map[string]slog.Value {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range h.records {
		r := &h.records[i]
		attrs := map[string]slog.Value{}
		r.Attrs(func(a slog.Attr) bool {
			attrs[a.Key] = a.Value.Resolve()
			return true
		})
		if r.Message == "fanfare request" && attrs["attempt"].String() == strconv.Itoa(n) {
			return attrs
		}
	}
	t.Fatalf("no request line for attempt %d", n)
	return nil
}

// wantTimedOut checks the client cut attempt n, waiting for the headers, at its WithTimeout:
// the attempt's line carries the timeout's error, and a duration of at least timeout (the
// attempt's timer starts after the attempt does, so it never fires sooner).
func wantTimedOut(t testing.TB, h *recordHandler, n int, timeout time.Duration) {
	t.Helper()
	l := h.requestLine(t, n)
	d := l["duration"]
	if !strings.Contains(l["error"].String(), "attempt timed out (WithTimeout)") || d.Kind() != slog.KindDuration || d.Duration() < timeout {
		t.Errorf("attempt %d ended after %v with %q, want the WithTimeout of %v", n, d, l["error"], timeout)
	}
}

// waitsOf returns the waits of retries.
func waitsOf(retries []retry) []time.Duration {
	waits := make([]time.Duration, len(retries))
	for i, r := range retries {
		waits[i] = r.wait
	}
	return waits
}

// wantNoRetry checks the call decided no retry, and so no wait: h has no "fanfare retry" line.
func wantNoRetry(t testing.TB, h *recordHandler) {
	t.Helper()
	if rs := h.retries(t); len(rs) != 0 {
		t.Errorf("the call retried, after waits of %v; want no retry and no wait", waitsOf(rs))
	}
}

// wantBackoffs checks the call retried n times, each after the suite's backoff for that retry
// (with its jitter, between half and all of fastBase doubled per retry, at most fastMax), and
// returns the waits.
func wantBackoffs(t testing.TB, h *recordHandler, n int) []time.Duration {
	t.Helper()
	waits := waitsOf(h.retries(t))
	if len(waits) != n {
		t.Fatalf("%d retries, after waits of %v; want %d", len(waits), waits, n)
	}
	for i, w := range waits {
		d := min(fastBase<<i, fastMax)
		if w < d/2 || w > d {
			t.Errorf("retry %d waited %v, want the backoff: %v to %v", i+1, w, d/2, d)
		}
	}
	return waits
}

// wantWaits checks the call retried after exactly these waits (a hint in seconds is exact),
// and returns its retries.
func wantWaits(t testing.TB, h *recordHandler, want ...time.Duration) []retry {
	t.Helper()
	rs := h.retries(t)
	got := waitsOf(rs)
	if len(got) != len(want) {
		t.Fatalf("retries after waits of %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("retries after waits of %v, want %v", got, want)
			break
		}
	}
	return rs
}

// wantWaitUntil checks r's wait is the one until at (none if at has passed), plus slack: the
// client decided it after sent (when the server received the attempt whose answer asked for
// it) and before it logged r, so it lies between the waits until at from those two moments.
func wantWaitUntil(t testing.TB, r retry, sent, at time.Time, slack time.Duration) {
	t.Helper()
	lo, hi := max(at.Sub(r.logged), 0)+slack, max(at.Sub(sent), 0)+slack
	if r.wait < lo || r.wait > hi {
		t.Errorf("the retry waited %v, want the wait until %v plus %v: between %v and %v",
			r.wait, at.Format(time.RFC3339Nano), slack, lo, hi)
	}
}

// oneRetry returns h's only "fanfare retry" line; the test stops when there is not exactly one.
func oneRetry(t testing.TB, h *recordHandler) retry {
	t.Helper()
	rs := h.retries(t)
	if len(rs) != 1 {
		t.Fatalf("%d retries, after waits of %v; want 1", len(rs), waitsOf(rs))
	}
	return rs[0]
}

// wantSpaced checks that no retry went early: each request after the first reached the server
// at least waits[i] after the one before it (whose answer came before the wait began).
func wantSpaced(t testing.TB, reqs []clienttest.Request, waits []time.Duration) {
	t.Helper()
	if len(reqs) != len(waits)+1 {
		t.Fatalf("%d requests for %d waits", len(reqs), len(waits))
	}
	for i, w := range waits {
		if gap := reqs[i+1].Time.Sub(reqs[i].Time); gap < w {
			t.Errorf("request %d reached the server %v after request %d, before the %v wait was over", reqs[i+1].N, gap, reqs[i].N, w)
		}
	}
}

// wantNotBefore checks req reached the server at at or later.
func wantNotBefore(t testing.TB, req clienttest.Request, at time.Time, what string) {
	t.Helper()
	if req.Time.Before(at) {
		t.Errorf("request %d reached the server %v before %s", req.N, at.Sub(req.Time), what)
	}
}

// mustReturn runs call and returns what it returns, or fails the scenario if it has not
// returned after scenarioDeadline. The scenarios that use it give the call an hour's wait that
// only its context can end: a call that does not end its wait on the context fails here
// instead of holding the suite for the hour.
func mustReturn[T any](t *testing.T, call func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- call() }()
	timer := time.NewTimer(scenarioDeadline)
	defer timer.Stop()
	select {
	case v := <-done:
		return v
	case <-timer.C:
		t.Fatalf("the call had not returned after %v: its wait does not end with its context", scenarioDeadline)
		var zero T
		return zero
	}
}
