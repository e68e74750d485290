package client_test

// Fault scenarios of a context that ends mid-call: in a wait before a retry, in the pacer's
// wait, while the headers are awaited, mid-body. A cancelled call returns within 50 ms.
//
// The cancel is triggered by what the call has reached (a response seen by a middleware, a
// request recorded by the server, an entry yielded), never by a guess at how long the machine
// takes to get there. Only the 50 ms latency is measured on the clock, and a scheduler can
// starve any goroutine for that long on a loaded machine: each such scenario gets up to three
// trials and passes when one of them returns within 50 ms. A call that does not end its wait
// on the context at all takes the whole Retry-After (30 s) in every trial.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// cancelLatency is how soon after its context is cancelled a call must return.
const cancelLatency = 50 * time.Millisecond

// canceller cancels a call's context once, d after a trigger, and remembers when.
type canceller struct {
	ctx    context.Context
	cancel context.CancelFunc
	at     chan time.Time
	once   sync.Once
}

func newCanceller(t *testing.T) *canceller {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	return &canceller{ctx: ctx, cancel: cancel, at: make(chan time.Time, 1)}
}

// after cancels d from now (the first time it is called).
func (c *canceller) after(d time.Duration) {
	c.once.Do(func() {
		time.AfterFunc(d, func() {
			c.at <- time.Now()
			c.cancel()
		})
	})
}

// onStatus is a middleware that triggers the cancel d after the first response with status.
func (c *canceller) onStatus(status int, d time.Duration) client.Middleware {
	return func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(req)
			if err == nil && resp.StatusCode == status {
				c.after(d)
			}
			return resp, err
		})
	}
}

// whenRequests triggers the cancel d after the server has recorded n requests.
func (c *canceller) whenRequests(s *clienttest.Server, n int, d time.Duration) {
	go func() {
		for len(s.Requests()) < n {
			select {
			case <-c.ctx.Done():
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
		c.after(d)
	}()
}

// lag returns how long after the cancel end is.
func (c *canceller) lag(t *testing.T, end time.Time) time.Duration {
	t.Helper()
	select {
	case at := <-c.at:
		return end.Sub(at)
	case <-time.After(10 * time.Second):
		t.Fatal("the context was never cancelled")
		return 0
	}
}

// promptly runs trial (which asserts everything but the latency and returns it) up to three
// times, until one returns within cancelLatency.
func promptly(t *testing.T, trial func() time.Duration) {
	t.Helper()
	var lags []time.Duration
	for range 3 {
		lag := trial()
		if t.Failed() {
			return
		}
		if lags = append(lags, lag); lag <= cancelLatency {
			if len(lags) > 1 {
				t.Logf("returned %v after the cancel (earlier trials on this busy machine: %v)", lag, lags[:len(lags)-1])
			}
			return
		}
	}
	t.Errorf("returned %v after the cancel in 3 trials, want within %v", lags, cancelLatency)
}

func TestFaultsContextEndsAWait(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a cancelled context during the Retry-After wait returns within 50 ms", func(t *testing.T) {
		t.Parallel()
		promptly(t, func() time.Duration {
			c := newCanceller(t)
			e := newEnv(t, client.WithMiddleware(c.onStatus(http.StatusTooManyRequests, 100*time.Millisecond)))
			e.s.Enqueue(clienttest.RateLimited("30"))
			r := e.list(c.ctx, seq)
			lag := c.lag(t, time.Now())
			if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "waiting to retry") ||
				!strings.Contains(r.err.Error(), "429") {
				t.Fatalf("error %v, want context.Canceled while waiting to retry the 429", r.err)
			}
			wantAPIError(t, r.err, 429, 1, client.ErrRateLimited) // the reason for the wait is kept
			wantStatuses(t, e, 429)
			wantElapsed(t, r.elapsed, 100*time.Millisecond, slackEnd)
			return lag
		})
	})

	t.Run("a cancelled context during the backoff wait returns within 50 ms", func(t *testing.T) {
		t.Parallel()
		promptly(t, func() time.Duration {
			c := newCanceller(t)
			e := newEnv(t, client.WithMiddleware(c.onStatus(http.StatusServiceUnavailable, 100*time.Millisecond)),
				client.WithBackoff(30*time.Second, 30*time.Second))
			e.s.Enqueue(clienttest.Status(http.StatusServiceUnavailable))
			r := e.list(c.ctx, seq)
			lag := c.lag(t, time.Now())
			if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "waiting to retry") {
				t.Fatalf("error %v, want context.Canceled while waiting to retry", r.err)
			}
			wantStatuses(t, e, 503)
			return lag
		})
	})

	t.Run("a context deadline during the Retry-After wait ends the call at the deadline", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.RateLimited("30"))
		const deadline = 700 * time.Millisecond
		ctx, cancel := context.WithTimeout(t.Context(), deadline)
		defer cancel()
		r := e.list(ctx, seq)
		if !errors.Is(r.err, context.DeadlineExceeded) {
			t.Fatalf("error %v, want DeadlineExceeded", r.err)
		}
		wantElapsed(t, r.elapsed, deadline, deadline+slackEnd)
		wantStatuses(t, e, 429)
	})

	t.Run("a cancelled context during the rate-limit pacing wait returns within 50 ms, nothing sent", func(t *testing.T) {
		t.Parallel()
		promptly(t, func() time.Duration {
			e := newEnv(t)
			// A 429 asking for 30 s, not retried: the client's pacer now holds every call back.
			e.s.Enqueue(clienttest.RateLimited("30"))
			if r := e.list(t.Context(), seq, client.WithMaxRetries(0)); !errors.Is(r.err, client.ErrRateLimited) {
				t.Fatalf("error %v, want the 429", r.err)
			}
			c := newCanceller(t)
			c.after(100 * time.Millisecond)
			r := e.list(c.ctx, seq)
			lag := c.lag(t, time.Now())
			if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "waiting for the rate limit") {
				t.Fatalf("error %v, want context.Canceled while waiting for the rate limit", r.err)
			}
			wantStatuses(t, e, 429)
			return lag
		})
	})
}

func TestFaultsContextEndsAnAttempt(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a cancelled context while the headers are awaited: not retried, within 50 ms", func(t *testing.T) {
		t.Parallel()
		promptly(t, func() time.Duration {
			e := newEnv(t)
			e.s.Enqueue(clienttest.SlowHeaders(30 * time.Second))
			c := newCanceller(t)
			c.whenRequests(e.s, 1, 50*time.Millisecond)
			r := e.list(c.ctx, seq)
			lag := c.lag(t, time.Now())
			if !errors.Is(r.err, context.Canceled) || strings.Contains(r.err.Error(), "attempts") {
				t.Fatalf("error %v, want context.Canceled after one attempt", r.err)
			}
			wantStatuses(t, e, 0)
			return lag
		})
	})

	t.Run("a cancelled context mid-body: StreamError with the entries so far, within 50 ms, not retried", func(t *testing.T) {
		t.Parallel()
		promptly(t, func() time.Duration {
			e := newEnv(t)
			_, ends := seqBody(t)
			e.s.Enqueue(clienttest.StalledBody(ends[2]+20, 30*time.Second))
			c := newCanceller(t)
			var (
				got   []client.WaitlistConsumer
				final error
			)
			for entry, err := range e.c.WaitlistConsumers(c.ctx, seq) {
				sink.addErr(err)
				if err != nil {
					final = err
					continue
				}
				if got = append(got, entry); len(got) == 3 {
					c.after(50 * time.Millisecond) // the stream now stalls inside entry 3
				}
			}
			lag := c.lag(t, time.Now())
			wantStreamError(t, final, 3, context.Canceled)
			wantEntries(t, got, seqSeed, 3)
			wantStatuses(t, e, 200)
			return lag
		})
	})

	t.Run("a context cancelled before the call: nothing sent", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		r := e.list(ctx, seq)
		if !errors.Is(r.err, context.Canceled) || strings.Contains(r.err.Error(), "attempts") {
			t.Fatalf("error %v, want context.Canceled after one attempt", r.err)
		}
		wantStatuses(t, e) // no request
	})
}
