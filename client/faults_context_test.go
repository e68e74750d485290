package client_test

// Fault scenarios of a context that ends mid-call: in a wait before a retry, in the pacer's
// wait, while the headers are awaited, mid-body. The call ends with the context's error and
// sends nothing more.
//
// The cancel is triggered by what the call has reached (a response seen by a middleware, a
// request recorded by the server, an entry yielded), never by a guess at how long the machine
// takes to get there. What the call waits for when the cancel comes (a Retry-After, a backoff,
// the pacer, slow headers, a stalled body) lasts an hour, and the call runs under mustReturn:
// a call that does not end its wait with its context fails at the scenario's deadline instead
// of holding the suite for the hour. How soon after the cancel it returns is not measured.

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

// longWait is what a scenario's call waits for when its context ends: far past mustReturn's
// deadline. WithMaxRetryWait(longCap) lets the client wait that long.
const (
	longWait = time.Hour
	longCap  = 2 * longWait
)

// canceller cancels a call's context once, d after a trigger.
type canceller struct {
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
}

func newCanceller(t *testing.T) *canceller {
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	return &canceller{ctx: ctx, cancel: cancel}
}

// after cancels d from now (the first time it is called).
func (c *canceller) after(d time.Duration) {
	c.once.Do(func() { time.AfterFunc(d, c.cancel) })
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

func TestFaultsContextEndsAWait(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a cancelled context during the Retry-After wait ends the wait", func(t *testing.T) {
		t.Parallel()
		c := newCanceller(t)
		e := newEnv(t, client.WithMiddleware(c.onStatus(http.StatusTooManyRequests, 100*time.Millisecond)), client.WithMaxRetryWait(longCap))
		e.s.Enqueue(clienttest.RateLimited("3600"))
		r := mustReturn(t, func() result { return e.list(c.ctx, seq) })
		if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "waiting to retry") ||
			!strings.Contains(r.err.Error(), "429") {
			t.Fatalf("error %v, want context.Canceled while waiting to retry the 429", r.err)
		}
		wantAPIError(t, r.err, 429, 1, client.ErrRateLimited) // the reason for the wait is kept
		wantStatuses(t, e, 429)
		wantWaits(t, e.log, longWait) // the wait the cancel ended
	})

	t.Run("a cancelled context during the backoff wait ends the wait", func(t *testing.T) {
		t.Parallel()
		c := newCanceller(t)
		e := newEnv(t, client.WithMiddleware(c.onStatus(http.StatusServiceUnavailable, 100*time.Millisecond)),
			client.WithBackoff(longWait, longWait), client.WithMaxRetryWait(longCap))
		e.s.Enqueue(clienttest.Status(http.StatusServiceUnavailable))
		r := mustReturn(t, func() result { return e.list(c.ctx, seq) })
		if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "waiting to retry") {
			t.Fatalf("error %v, want context.Canceled while waiting to retry", r.err)
		}
		wantStatuses(t, e, 503)
		if w := oneRetry(t, e.log).wait; w < longWait/2 || w > longWait { // the backoff's jitter
			t.Errorf("the retry waited %v, want the backoff: %v to %v", w, longWait/2, longWait)
		}
	})

	t.Run("a context deadline during the Retry-After wait ends the call at the deadline", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetryWait(longCap))
		e.s.Enqueue(clienttest.RateLimited("3600"))
		ctx, cancel := context.WithTimeout(t.Context(), attemptTimeout) // the 429 comes well within it, loaded or not
		defer cancel()
		r := mustReturn(t, func() result { return e.list(ctx, seq) })
		if !errors.Is(r.err, context.DeadlineExceeded) || !strings.Contains(r.err.Error(), "waiting to retry") {
			t.Fatalf("error %v, want DeadlineExceeded while waiting to retry", r.err)
		}
		wantAPIError(t, r.err, 429, 1, client.ErrRateLimited)
		wantStatuses(t, e, 429)
		wantWaits(t, e.log, longWait) // the wait the deadline ended
	})

	t.Run("a cancelled context during the rate-limit pacing wait ends the wait, nothing sent", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetryWait(longCap))
		// A 429 asking for an hour, not retried: the client's pacer now holds every call back.
		e.s.Enqueue(clienttest.RateLimited("3600"))
		if r := e.list(t.Context(), seq, client.WithMaxRetries(0)); !errors.Is(r.err, client.ErrRateLimited) {
			t.Fatalf("error %v, want the 429", r.err)
		}
		c := newCanceller(t)
		c.after(100 * time.Millisecond)
		r := mustReturn(t, func() result { return e.list(c.ctx, seq) })
		if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "waiting for the rate limit") {
			t.Fatalf("error %v, want context.Canceled while waiting for the rate limit", r.err)
		}
		wantStatuses(t, e, 429)
		wantNoRetry(t, e.log)
	})
}

func TestFaultsContextEndsAnAttempt(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a cancelled context while the headers are awaited: the attempt ends, not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.SlowHeaders(longWait))
		c := newCanceller(t)
		c.whenRequests(e.s, 1, 50*time.Millisecond)
		r := mustReturn(t, func() result { return e.list(c.ctx, seq) })
		if !errors.Is(r.err, context.Canceled) || strings.Contains(r.err.Error(), "attempts") {
			t.Fatalf("error %v, want context.Canceled after one attempt", r.err)
		}
		wantStatuses(t, e, 0)
		wantNoRetry(t, e.log)
	})

	t.Run("a cancelled context mid-body: StreamError with the entries so far, the read ends, not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.StalledBody(ends[2]+20, longWait))
		c := newCanceller(t)
		type outcome struct {
			got   []client.WaitlistConsumer
			final error
		}
		o := mustReturn(t, func() (o outcome) {
			for entry, err := range e.c.WaitlistConsumers(c.ctx, seq) {
				sink.addErr(err)
				if err != nil {
					o.final = err
					continue
				}
				if o.got = append(o.got, entry); len(o.got) == 3 {
					c.after(50 * time.Millisecond) // the stream now stalls inside entry 3
				}
			}
			return o
		})
		wantStreamError(t, o.final, 3, context.Canceled)
		wantEntries(t, o.got, seqSeed, 3)
		wantStatuses(t, e, 200)
		wantNoRetry(t, e.log)
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
