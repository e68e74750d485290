package client_test

// Fault scenarios about HTTP statuses: what is retried, how long the client waits, and what
// reaches the caller when it gives up.

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestFaultsRetryAfter(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	for _, tc := range []struct {
		form string
		// retryAfter is the header's value for a response at now, and the wait it asks for: a
		// number of seconds, or the wait until a moment (at).
		retryAfter func(now time.Time) (value string, wait time.Duration, at time.Time)
	}{
		{"seconds", func(time.Time) (string, time.Duration, time.Time) { return "1", time.Second, time.Time{} }},
		{"an HTTP date", func(now time.Time) (string, time.Duration, time.Time) {
			at := now.Add(2 * time.Second).Truncate(time.Second) // 1 to 2 s ahead, at the header's resolution
			return at.UTC().Format(http.TimeFormat), 0, at
		}},
		{"an ISO-8601 timestamp", func(now time.Time) (string, time.Duration, time.Time) {
			at := now.Add(800 * time.Millisecond).Truncate(time.Millisecond)
			return at.UTC().Format("2006-01-02T15:04:05.000Z07:00"), 0, at
		}},
		{"an ISO-8601 timestamp with an offset", func(now time.Time) (string, time.Duration, time.Time) {
			at := now.Add(600 * time.Millisecond).Truncate(time.Millisecond)
			return at.In(time.FixedZone("", -5*3600)).Format(time.RFC3339Nano), 0, at
		}},
	} {
		t.Run("429 with Retry-After as "+tc.form+", then success", func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			value, wait, at := tc.retryAfter(time.Now())
			e.s.Enqueue(clienttest.RateLimited(value))
			r := e.list(ctx, seq)
			wantBeforeDeadline(ctx, t)
			wantList(t, r, seqSize)
			wantAttempts(t, r, 2)
			wantStatuses(t, e, 429, 200)
			reqs := e.s.Requests()
			if at.IsZero() {
				wantSpaced(t, reqs, waitsOf(wantWaits(t, e.log, wait)))
				return
			}
			wantWaitUntil(t, oneRetry(t, e.log), reqs[0].Time, at, 0)
			wantNotBefore(t, reqs[1], at, "the moment the Retry-After gave")
		})
	}

	t.Run("429 without a hint, then success after the backoff", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		e.s.Enqueue(clienttest.Status(http.StatusTooManyRequests))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 429, 200)
		wantSpaced(t, e.s.Requests(), wantBackoffs(t, e.log, 1))
	})

	t.Run("429 from the server's spent window, then success in the next", func(t *testing.T) {
		t.Parallel()
		const window = 3 * time.Second
		ctx := scenarioContext(t)
		e := newEnvWith(t, envConfig{server: []clienttest.ServerOption{clienttest.WithRateLimit(1, window)}})
		// Start early in a window, so that it is still the same window when our call comes.
		if left := time.Until(time.Now().Truncate(window).Add(window)); left < 2*time.Second {
			time.Sleep(left + 10*time.Millisecond)
		}
		other := e.s.Client(suiteOptions(newTrackedTransport())...) // another process on the same key
		if r := callList(ctx, other, seq); r.err != nil {
			t.Fatal(r.err)
		}
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 200, 429, 200)
		// The server's Retry-After is the whole seconds left in the window when it answered.
		reqs := e.s.Requests()
		windowEnd := reqs[1].Time.Truncate(window).Add(window)
		wait := oneRetry(t, e.log).wait
		if most := max((windowEnd.Sub(reqs[1].Time)+time.Second-1)/time.Second*time.Second, time.Second); wait%time.Second != 0 ||
			wait < time.Second || wait > most {
			t.Errorf("the retry waited %v, want the Retry-After: whole seconds to the window's end, 1s to %v", wait, most)
		}
		wantSpaced(t, reqs[1:], []time.Duration{wait})
		wantNotBefore(t, reqs[2], windowEnd, "the end of the window the 429 was for")
	})

	t.Run("X-RateLimit-Remaining 0 with X-RateLimit-Reset is the wait hint", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		now := time.Now()
		reset := time.Unix(now.Unix()+1, 0)
		if reset.Sub(now) < 300*time.Millisecond {
			reset = reset.Add(time.Second)
		}
		e.s.Enqueue(clienttest.Fault{Status: http.StatusServiceUnavailable, Header: http.Header{
			"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(reset.Unix(), 10)},
		}})
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 503, 200)
		reqs := e.s.Requests()
		wantWaitUntil(t, oneRetry(t, e.log), reqs[0].Time, reset, clientResetSlack)
		wantNotBefore(t, reqs[1], reset.Add(clientResetSlack), "the reset and the client's slack")
	})
}

func TestFaultsRetriedStatuses(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	for _, code := range []int{http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusRequestTimeout} {
		t.Run(strconv.Itoa(code)+" then success", func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			e.s.Enqueue(clienttest.Status(code))
			r := e.list(ctx, seq)
			wantBeforeDeadline(ctx, t)
			wantList(t, r, seqSize)
			wantAttempts(t, r, 2)
			wantStatuses(t, e, code, 200)
			wantSpaced(t, e.s.Requests(), wantBackoffs(t, e.log, 1))
		})
	}

	const body500 = `{"error":"Internal server error","message":"database unavailable","code":"DB_DOWN"}`

	t.Run("500 with a JSON body is retried, then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.StatusBody(500, body500))
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 500, 200)
	})

	t.Run("500 with a JSON body every time: 3 attempts, then the APIError", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Always(clienttest.StatusBody(500, body500))
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 500, 3, client.ErrServer)
		apiErr := apiError(t, r.err)
		if apiErr.Type != "Internal server error" || apiErr.Message != "database unavailable" || apiErr.Code != "DB_DOWN" ||
			string(apiErr.Body) != body500 {
			t.Errorf("APIError fields: type %q, message %q, code %q, body %q", apiErr.Type, apiErr.Message, apiErr.Code, apiErr.Body)
		}
		if apiErr.RequestID != "req_00000003" || !apiErr.RateLimit.Known || apiErr.RateLimit.Limit != 1000 ||
			apiErr.RateLimit.Remaining != 1000-3 { // the fake's default limit, the Admin API's 1000 a minute
			t.Errorf("APIError request id %q, rate limit %+v: want the third request's", apiErr.RequestID, apiErr.RateLimit)
		}
		if len(r.entries) != 0 {
			t.Errorf("%d entries with the error", len(r.entries))
		}
		wantAttempts(t, r, 3)
		wantStatuses(t, e, 500, 500, 500)
	})

	t.Run("503 every time: retries exhausted after the default 3 attempts", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		e.s.Always(clienttest.Status(http.StatusServiceUnavailable))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantAPIError(t, r.err, 503, 3, client.ErrServer)
		apiErr := apiError(t, r.err)
		if apiErr.Type != "Service Unavailable" || apiErr.RetryAfter != 0 {
			t.Errorf("APIError type %q, RetryAfter %v", apiErr.Type, apiErr.RetryAfter)
		}
		wantAttempts(t, r, 3)
		wantStatuses(t, e, 503, 503, 503)
		wantSpaced(t, e.s.Requests(), wantBackoffs(t, e.log, 2))
	})
}

func TestFaultsRetryCounts(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("WithMaxRetries(0): one attempt only", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetries(0))
		e.s.Always(clienttest.Status(http.StatusServiceUnavailable))
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 503, 1, client.ErrServer)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 503)
	})

	t.Run("WithMaxRetries(4): five attempts", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetries(4))
		e.s.Always(clienttest.Status(http.StatusBadGateway))
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 502, 5, client.ErrServer)
		wantAttempts(t, r, 5)
		wantStatuses(t, e, 502, 502, 502, 502, 502)
	})

	t.Run("HTML 502 from a proxy every time: retried, then the APIError with the raw page", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Always(clienttest.HTMLBadGateway())
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 502, 3, client.ErrServer)
		apiErr := apiError(t, r.err)
		if !bytes.Equal(apiErr.Body, clienttest.HTMLBadGateway().Body) || apiErr.Type != "" || apiErr.RequestID != "" || apiErr.RateLimit.Known {
			t.Errorf("APIError body %q, type %q, request id %q, rate limit %+v", apiErr.Body, apiErr.Type, apiErr.RequestID, apiErr.RateLimit)
		}
		if !strings.Contains(r.err.Error(), "502 Bad Gateway") {
			t.Errorf("error %q does not say 502 Bad Gateway", r.err)
		}
		wantAttempts(t, r, 3)
		wantStatuses(t, e, 502, 502, 502)
	})

	t.Run("HTML 502 from a proxy once, then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.HTMLBadGateway())
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 502, 200)
	})
}

func TestFaultsStatusesNotRetried(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("400 is not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.Status(http.StatusBadRequest))
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 400, 1, nil)
		apiErr := apiError(t, r.err)
		if apiErr.Type != "validation_error" || len(apiErr.Issues) != 1 || apiErr.Issues[0].Message == "" {
			t.Errorf("APIError type %q, issues %+v", apiErr.Type, apiErr.Issues)
		}
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 400)
	})

	t.Run("401 for a wrong key is not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		r := e.list(t.Context(), seq, client.WithSecretKey(wrongKey))
		wantAPIError(t, r.err, 401, 1, client.ErrUnauthorized)
		apiErr := apiError(t, r.err)
		if apiErr.Type != "Authentication required" {
			t.Errorf("APIError type %q", apiErr.Type)
		}
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 401)
		if reqs := e.s.Requests(); reqs[0].Authorized {
			t.Error("the server took the wrong key")
		}
		// The call's key was for that call only.
		wantList(t, e.list(t.Context(), seq), seqSize)
	})

	t.Run("403 is not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.StatusBody(http.StatusForbidden, `{"error":"Forbidden","message":"the key may not read this sequence"}`))
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 403, 1, client.ErrForbidden)
		apiErr := apiError(t, r.err)
		if apiErr.Message != "the key may not read this sequence" {
			t.Errorf("APIError message %q", apiErr.Message)
		}
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 403)
	})

	t.Run("404 for an unknown sequence is not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		r := e.list(t.Context(), "seq_nobody_knows")
		wantAPIError(t, r.err, 404, 1, client.ErrNotFound)
		apiErr := apiError(t, r.err)
		if apiErr.Type != "Sequence not found" || apiErr.RequestID != "req_00000001" {
			t.Errorf("APIError type %q, request id %q", apiErr.Type, apiErr.RequestID)
		}
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 404)
	})
}

func TestFaultsWaitPastTheCap(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("a reset hint past WithMaxRetryWait: no wait, RetryAfter set", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithMaxRetryWait(500*time.Millisecond))
		reset := time.Unix(time.Now().Unix()+30, 0)
		e.s.Enqueue(clienttest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{
			"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(reset.Unix(), 10)},
		}})
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantAPIError(t, r.err, 429, 1, client.ErrRateLimited)
		apiErr := apiError(t, r.err)
		// The hint is the time to the reset when the response came, plus the client's slack.
		if lo, hi := reset.Sub(r.end)+clientResetSlack, reset.Sub(e.s.Requests()[0].Time)+clientResetSlack; apiErr.RetryAfter < lo ||
			apiErr.RetryAfter > hi || apiErr.RateLimit.Remaining != 0 || !apiErr.RateLimit.Reset.Equal(reset) {
			t.Errorf("RetryAfter %v, rate limit %+v; want %v to %v", apiErr.RetryAfter, apiErr.RateLimit, lo, hi)
		}
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 429)
		wantNoRetry(t, e.log)
	})

	t.Run("huge Retry-After past WithMaxRetryWait: no wait, RetryAfter set", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t) // the default cap, 60 s
		e.s.Enqueue(clienttest.RateLimited("3600"))
		first := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantAPIError(t, first.err, 429, 1, client.ErrRateLimited)
		apiErr := apiError(t, first.err)
		if apiErr.RetryAfter != time.Hour || apiErr.Type != "Rate limit exceeded" {
			t.Errorf("RetryAfter %v, type %q; want 1h", apiErr.RetryAfter, apiErr.Type)
		}
		if !strings.Contains(first.err.Error(), "retry after 1h0m0s") {
			t.Errorf("error %q does not say how long to wait", first.err)
		}
		wantAttempts(t, first, 1)
		wantStatuses(t, e, 429)
		wantNoRetry(t, e.log)

		// The client remembers: the next call does not earn another 429 but is refused at once.
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		var refused *client.RateLimitError
		if !errors.Is(r.err, client.ErrRateLimited) || !errors.As(r.err, &refused) || errors.As(r.err, &apiErr) {
			t.Fatalf("next call: %v, want a *RateLimitError matching ErrRateLimited", r.err)
		}
		// The hour runs from when the 429 came; the refusal measured what was left of it
		// during the second call.
		sent := e.s.Requests()[0].Time
		if !refused.Blocked || refused.MaxRetryWait != time.Minute ||
			refused.Until.Before(sent.Add(time.Hour)) || refused.Until.After(first.end.Add(time.Hour)) {
			t.Errorf("RateLimitError %+v: want the hour the 429 asked for (until %v to %v), past the default 1m cap",
				refused, sent.Add(time.Hour), first.end.Add(time.Hour))
		}
		if at := refused.Until.Add(-refused.Wait); at.Before(r.start) || at.After(r.end) {
			t.Errorf("RateLimitError Wait %v is not what was left of the hour during the call", refused.Wait)
		}
		wantStatuses(t, e, 429)
		wantNoRetry(t, e.log)
	})

	t.Run("huge Retry-After as an HTTP date a day ahead: no wait", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		at := time.Now().Add(24 * time.Hour).Truncate(time.Second) // the header's resolution
		e.s.Enqueue(clienttest.RateLimited(at.UTC().Format(http.TimeFormat)))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantAPIError(t, r.err, 429, 1, client.ErrRateLimited)
		apiErr := apiError(t, r.err)
		// The wait until that moment, from when the response came.
		if lo, hi := at.Sub(r.end), at.Sub(e.s.Requests()[0].Time); apiErr.RetryAfter < lo || apiErr.RetryAfter > hi {
			t.Errorf("RetryAfter %v, want the wait until %v: %v to %v", apiErr.RetryAfter, at, lo, hi)
		}
		wantStatuses(t, e, 429)
		wantNoRetry(t, e.log)
	})
}
