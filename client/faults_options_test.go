package client_test

// Fault scenarios about the options that shape retries: per-call overrides, what middleware
// and the logger see of each attempt, and the rate-limit pacing shared by a client's calls.

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestFaultsCallOptions(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a call's WithMaxRetries overrides the client's 0", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetries(0))
		e.s.Always(clienttest.Status(http.StatusServiceUnavailable))
		r := e.list(t.Context(), seq, client.WithMaxRetries(2))
		wantAPIError(t, r.err, 503, 3, client.ErrServer)
		wantAttempts(t, r, 3)
		// For that call only: the next one has the client's setting again.
		r = e.list(t.Context(), seq)
		wantAPIError(t, r.err, 503, 1, client.ErrServer)
		wantStatuses(t, e, 503, 503, 503, 503)
	})

	t.Run("a call's WithMaxRetries(0) overrides the default 2", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Always(clienttest.Status(http.StatusGatewayTimeout))
		r := e.list(t.Context(), seq, client.WithMaxRetries(0))
		wantAPIError(t, r.err, 504, 1, client.ErrServer)
		wantStatuses(t, e, 504)
	})

	t.Run("a call's WithTimeout overrides the client's", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(30*time.Second))
		e.s.Enqueue(clienttest.SlowHeaders(20 * time.Second))
		r := e.list(ctx, seq, client.WithTimeout(attemptTimeout))
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 0, 200)
		// Cut at the call's timeout: the client's would have let the headers come, at 20 s.
		wantTimedOut(t, e.log, 1, attemptTimeout)
	})

	t.Run("a call's WithMaxRetryWait overrides the client's", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithMaxRetryWait(100*time.Millisecond))
		e.s.Enqueue(clienttest.RateLimited("1"), clienttest.RateLimited("1"))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantAPIError(t, r.err, 429, 1, client.ErrRateLimited)
		apiErr := apiError(t, r.err)
		if apiErr.RetryAfter != time.Second {
			t.Errorf("RetryAfter %v, want 1s", apiErr.RetryAfter)
		}
		wantNoRetry(t, e.log)   // the client's cap: the second asked for is not waited
		time.Sleep(time.Second) // the pacer holds calls back for the second the 429 asked for
		r = e.list(ctx, seq, client.WithMaxRetryWait(5*time.Second))
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 429, 429, 200)
		wantSpaced(t, e.s.Requests()[1:], waitsOf(wantWaits(t, e.log, time.Second)))
	})
}

func TestFaultsMiddleware(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("middleware sees attempt numbers 1, 2, 3 and never the key", func(t *testing.T) {
		t.Parallel()
		var (
			mu       sync.Mutex
			attempts []int
			auths    []string
		)
		mw := func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(req *http.Request) (*http.Response, error) {
				n, ok := client.AttemptFromContext(req.Context())
				mu.Lock()
				if !ok {
					n = -1
				}
				attempts = append(attempts, n)
				auths = append(auths, req.Header.Get("Authorization"))
				mu.Unlock()
				return next.RoundTrip(req)
			})
		}
		e := newEnv(t, client.WithMiddleware(mw))
		e.s.Enqueue(clienttest.Status(http.StatusServiceUnavailable), clienttest.Status(http.StatusServiceUnavailable))
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 3)
		mu.Lock()
		defer mu.Unlock()
		if !slices.Equal(attempts, []int{1, 2, 3}) {
			t.Errorf("middleware saw attempts %v, want [1 2 3]", attempts)
		}
		if slices.ContainsFunc(auths, func(a string) bool { return a != "" }) {
			t.Errorf("middleware saw an Authorization header")
		}
		var server []int
		for _, req := range e.s.Requests() {
			server = append(server, req.Attempt)
		}
		if !slices.Equal(server, []int{1, 2, 3}) {
			t.Errorf("server saw attempts %v, want [1 2 3]", server)
		}
		if _, ok := client.AttemptFromContext(t.Context()); ok {
			t.Error("AttemptFromContext is ok outside a request")
		}
	})
}

func TestFaultsLogger(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("logger lines carry the attempt, status, request id and a redacted key", func(t *testing.T) {
		t.Parallel()
		h := newRecordHandler()
		e := newEnv(t, client.WithLogger(slog.New(h)))
		e.s.Enqueue(clienttest.Status(http.StatusServiceUnavailable))
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		lines := h.lines()
		var requests, retries []map[string]string
		for _, l := range lines {
			if l["level"] != "DEBUG" {
				t.Errorf("a %s line: %v", l["level"], l)
			}
			switch l["msg"] {
			case "fanfare request":
				requests = append(requests, l)
			case "fanfare retry":
				retries = append(retries, l)
			default:
				t.Errorf("unexpected line %v", l)
			}
		}
		if len(requests) != 2 || len(retries) != 1 {
			t.Fatalf("%d request lines and %d retry lines, want 2 and 1: %v", len(requests), len(retries), lines)
		}
		for i, want := range []struct{ attempt, status, id string }{{"1", "503", "req_00000001"}, {"2", "200", "req_00000002"}} {
			l := requests[i]
			if l["attempt"] != want.attempt || l["status"] != want.status || l["request_id"] != want.id ||
				l["method"] != "GET" || l["path"] != "/api/sequences/"+seq+"/waitlist/consumers" ||
				l["authorization"] != "Bearer [REDACTED]" || l["duration"] == "" {
				t.Errorf("request line %d: %v", i, l)
			}
		}
		if l := retries[0]; l["attempt"] != "2" || l["wait"] == "" || l["reason"] != "status 503" || !strings.Contains(l["cause"], "503") {
			t.Errorf("retry line: %v", l)
		}
	})

	t.Run("logger line of a failed attempt carries the attempt and the error", func(t *testing.T) {
		t.Parallel()
		h := newRecordHandler()
		e := newEnv(t, client.WithLogger(slog.New(h)), client.WithMaxRetries(0))
		e.s.Enqueue(clienttest.ResetBeforeHeaders())
		r := e.list(t.Context(), seq)
		if r.err == nil {
			t.Fatal("no error")
		}
		lines := h.lines()
		if len(lines) != 2 || lines[0]["msg"] != "fanfare request" || lines[0]["attempt"] != "1" || lines[0]["error"] == "" ||
			lines[0]["status"] != "" {
			t.Errorf("lines %v: want a request line with the attempt and the error, then the give-up", lines)
		}
	})
}

func TestFaultsPacing(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a spent window makes the next call wait for the reset instead of earning a 429", func(t *testing.T) {
		t.Parallel()
		const window = 2 * time.Second
		ctx := scenarioContext(t)
		e := newEnvWith(t, envConfig{server: []clienttest.ServerOption{clienttest.WithRateLimit(2, window)}})
		waitEarlyInWindow(window)
		var calls []result
		for i := range 3 {
			r := e.list(ctx, seq)
			if r.err != nil {
				t.Fatalf("call %d: %v", i+1, r.err)
			}
			wantAttempts(t, r, 1)
			calls = append(calls, r)
		}
		wantBeforeDeadline(ctx, t)
		wantStatuses(t, e, 200, 200, 200)
		if rl := calls[1].resp.RateLimit; !rl.Known || rl.Remaining != 0 {
			t.Fatalf("the second call's rate limit %+v, want its window spent (both began early in it)", rl)
		}
		wantPaced(t, calls, e.s.Requests())
	})

	t.Run("pacing goes on window after window without a 429", func(t *testing.T) {
		t.Parallel()
		const window = time.Second
		ctx := scenarioContext(t)
		e := newEnvWith(t, envConfig{server: []clienttest.ServerOption{clienttest.WithRateLimit(2, window)}})
		waitEarlyInWindow(window)
		var calls []result
		for i := range 5 {
			r := e.list(ctx, seq)
			if r.err != nil {
				t.Fatalf("call %d: %v (server saw statuses %v)", i+1, r.err, e.statuses())
			}
			wantAttempts(t, r, 1)
			calls = append(calls, r)
		}
		wantBeforeDeadline(ctx, t)
		wantStatuses(t, e, 200, 200, 200, 200, 200) // no 429: three windows at least
		wantPaced(t, calls, e.s.Requests())
	})

	t.Run("concurrent calls while the first answer is awaited, WithMaxRetryWait under a second: no ErrRateLimited", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetryWait(500*time.Millisecond))
		e.s.Enqueue(clienttest.SlowHeaders(300 * time.Millisecond)) // the first call's answer is slow
		results := make(chan result, 4)
		go func() { results <- e.list(t.Context(), seq) }()
		for len(e.s.Requests()) == 0 {
			time.Sleep(2 * time.Millisecond)
		}
		for range 3 { // these start while the first is still waiting for its headers
			go func() { results <- e.list(t.Context(), seq) }()
		}
		for range 4 {
			r := <-results
			if r.err != nil {
				t.Errorf("call failed: %v", r.err)
				continue
			}
			wantEntries(t, r.entries, seqSeed, seqSize)
		}
		wantStatuses(t, e, 200, 200, 200, 200)
	})
}

func TestFaultsBudgetAndRateLimitHeaders(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("WithRateLimit: a client-side budget spaces the calls", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithRateLimit(3, 600*time.Millisecond))
		start := time.Now() // the budget is full: 3 at once, then one every 200 ms
		for range 5 {
			if r := e.list(ctx, seq); r.err != nil {
				t.Fatal(r.err)
			}
		}
		wantBeforeDeadline(ctx, t)
		wantStatuses(t, e, 200, 200, 200, 200, 200)
		reqs := e.s.Requests()
		wantNotBefore(t, reqs[3], start.Add(200*time.Millisecond), "the budget's fourth request, 200 ms after the three at once")
		wantNotBefore(t, reqs[4], start.Add(400*time.Millisecond), "the budget's fifth request, 400 ms after the three at once")
		wantNoRetry(t, e.log) // the budget's waits come before the requests, never as retries
	})

	t.Run("the rate-limit headers reach WithResponseInto and the APIError", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{server: []clienttest.ServerOption{clienttest.WithRateLimit(50, time.Hour)}})
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		rl := r.resp.RateLimit
		if !rl.Known || rl.Limit != 50 || rl.Remaining != 49 || rl.Reset.Unix()%3600 != 0 || time.Until(rl.Reset) > time.Hour {
			t.Errorf("RateLimit %+v", rl)
		}
		if r.resp.StatusCode != http.StatusOK || r.resp.RequestID != "req_00000001" || r.resp.Header.Get("X-Request-Id") != "req_00000001" ||
			r.resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("Response %+v", r.resp)
		}
		wantAttempts(t, r, 1)
		e.s.Enqueue(clienttest.Status(http.StatusForbidden))
		r = e.list(t.Context(), seq)
		wantAPIError(t, r.err, 403, 1, client.ErrForbidden)
		apiErr := apiError(t, r.err)
		if apiErr.RateLimit.Remaining != 48 || apiErr.RateLimit.Limit != 50 || r.resp.RateLimit != apiErr.RateLimit {
			t.Errorf("APIError rate limit %+v, response's %+v", apiErr.RateLimit, r.resp.RateLimit)
		}
	})
}

// wantPaced checks that each call made after a response saying its window was spent reached
// the server no sooner than that window's reset and the client's slack. Each call made one
// request, in order.
func wantPaced(t *testing.T, calls []result, reqs []clienttest.Request) {
	t.Helper()
	if len(reqs) != len(calls) {
		t.Fatalf("%d requests for %d calls", len(reqs), len(calls))
	}
	for i := 1; i < len(calls); i++ {
		if rl := calls[i-1].resp.RateLimit; rl.Known && rl.Remaining == 0 {
			wantNotBefore(t, reqs[i], rl.Reset.Add(clientResetSlack), "the reset of the window the response before it said was spent")
		}
	}
}

// waitEarlyInWindow sleeps, if need be, into the next window (aligned as the fake aligns them),
// so that a test has most of a window ahead of it.
func waitEarlyInWindow(window time.Duration) {
	if left := time.Until(time.Now().Truncate(window).Add(window)); left < window*7/10 {
		time.Sleep(left + 10*time.Millisecond)
	}
}
