package client_test

// Adversarial scenarios of header values: rate-limit resets and Retry-After values that are
// absurd, negative, far off or not numbers at all. Every duration computed from a header
// saturates (never wraps into a negative wait or a busy loop), and every wait the client
// sleeps, backoff included, stays within WithMaxRetryWait.

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// defaultMaxRetryWait is WithMaxRetryWait's documented default.
const defaultMaxRetryWait = time.Minute

// msReset is an X-RateLimit-Reset in milliseconds (what a server confusing the units sends):
// read as seconds, it is some 50,000 years away.
func msReset() string { return strconv.FormatInt(time.Now().Add(30*time.Second).UnixMilli(), 10) }

func TestAdversarialRateLimitHeaders(t *testing.T) {
	t.Parallel()
	t.Run("a spent window resetting in milliseconds: the next call fails at once with ErrRateLimited, nothing sent", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t)
		e.s.Enqueue(clienttest.Fault{Header: http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {msReset()}}})
		wantList(t, e.list(ctx, seq), seqSize)
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		var refused *client.RateLimitError
		if !errors.As(r.err, &refused) || !errors.Is(r.err, client.ErrRateLimited) || !strings.Contains(r.err.Error(), "WithMaxRetryWait") {
			t.Fatalf("error %v, want a *RateLimitError saying the wait is past WithMaxRetryWait", r.err)
		}
		if refused.Blocked || refused.Wait <= refused.MaxRetryWait || !refused.RateLimit.Known || refused.RateLimit.Remaining != 0 ||
			refused.RateLimit.Reset.Year() != 9999 {
			t.Errorf("RateLimitError %+v: want the spent window's far reset, saturated", refused)
		}
		wantStatuses(t, e, 200)
	})

	for _, tc := range []struct{ name, reset string }{
		{"a 429 whose reset is in milliseconds: not retried, RetryAfter positive and past the cap", msReset()},
		{"a 429 whose reset is the largest int64: not retried, RetryAfter positive and past the cap", "9223372036854775807"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			e.s.Enqueue(clienttest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{
				"Retry-After": nil, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {tc.reset},
			}})
			r := e.list(ctx, seq)
			wantAPIError(t, r.err, 429, 1, client.ErrRateLimited)
			apiErr := apiError(t, r.err)
			if apiErr.RetryAfter <= defaultMaxRetryWait {
				t.Errorf("RetryAfter %v, want past WithMaxRetryWait's %v", apiErr.RetryAfter, defaultMaxRetryWait)
			}
			wantStatuses(t, e, 429)
		})
	}

	for _, tc := range []struct{ name, header, value string }{
		{"a negative X-RateLimit-Remaining: the rate limit unknown, the next call goes at once", "X-Ratelimit-Remaining", "-1"},
		{"an X-RateLimit-Limit that is not a number: the rate limit unknown, the next call goes at once", "X-Ratelimit-Limit", "lots"},
		{"a spent window whose reset has passed: the next call goes at once", "X-Ratelimit-Reset", "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			e.s.Enqueue(clienttest.Fault{Header: http.Header{"X-Ratelimit-Remaining": {"0"}, tc.header: {tc.value}}})
			r := e.list(ctx, seq)
			wantList(t, r, seqSize)
			wantList(t, e.list(ctx, seq), seqSize)
			wantBeforeDeadline(ctx, t)
			wantStatuses(t, e, 200, 200)
		})
	}
}

func TestAdversarialRetryAfterHeaders(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, value string }{
		{"Retry-After past float64 (1e400): not waited for, RetryAfter past the cap", "1e400"},
		{"Retry-After of 400 digits: not waited for, RetryAfter past the cap", strings.Repeat("9", 400)},
		{"Retry-After as an HTTP date in year 9999: not waited for, RetryAfter past the cap", "Fri, 31 Dec 9999 23:59:59 GMT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			e.s.Enqueue(clienttest.RateLimited(tc.value))
			r := e.list(ctx, seq)
			wantAPIError(t, r.err, 429, 1, client.ErrRateLimited)
			apiErr := apiError(t, r.err)
			if apiErr.RetryAfter <= defaultMaxRetryWait {
				t.Errorf("RetryAfter %v, want past WithMaxRetryWait's %v", apiErr.RetryAfter, defaultMaxRetryWait)
			}
			wantStatuses(t, e, 429)
		})
	}

	for _, value := range []string{"-5", "NaN", "soon", "Inf-ish"} {
		t.Run("Retry-After "+strconv.Quote(value)+" is no hint: retried after the backoff, then the list", func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			e := newEnv(t)
			e.s.Enqueue(clienttest.RateLimited(value))
			r := e.list(ctx, seq)
			wantList(t, r, seqSize)
			wantAttempts(t, r, 2)
			wantStatuses(t, e, 429, 200)
		})
	}
}

func TestAdversarialHeaderSizesAndWaits(t *testing.T) {
	t.Parallel()
	t.Run("an X-Request-Id of 64 KiB: kept whole in the APIError", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithMaxRetries(0))
		id := strings.Repeat("r", 64<<10)
		e.s.Enqueue(clienttest.Fault{Status: http.StatusBadRequest, Header: http.Header{"X-Request-Id": {id}}})
		r := e.list(ctx, seq)
		wantAPIError(t, r.err, 400, 1, nil)
		if apiErr := apiError(t, r.err); apiErr.RequestID != id {
			t.Errorf("request id of %d bytes, want %d", len(apiErr.RequestID), len(id))
		}
	})

	t.Run("the backoff never sleeps longer than WithMaxRetryWait, after statuses and transport errors alike", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		const capped = 300 * time.Millisecond
		h := newRecordHandler()
		e := newEnvWith(t, envConfig{
			// New connections only: Go's transport resends by itself a request whose reused
			// connection broke, which would hide the reset from the client.
			transport: func(tr *http.Transport) { tr.DisableKeepAlives = true },
			client: []client.Option{client.WithBackoff(2*time.Second, 4*time.Second), client.WithMaxRetryWait(capped),
				client.WithLogger(slog.New(h)), client.WithMaxRetries(3)},
		})
		e.s.Enqueue(clienttest.Status(http.StatusServiceUnavailable), clienttest.ResetBeforeHeaders(), clienttest.Status(http.StatusBadGateway))
		r := e.list(ctx, seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 4)
		var waits []time.Duration
		for _, l := range h.lines() {
			if l["msg"] != "fanfare retry" {
				continue
			}
			d, err := time.ParseDuration(l["wait"])
			if err != nil {
				t.Fatalf("retry line with wait %q: %v", l["wait"], err)
			}
			waits = append(waits, d)
		}
		if len(waits) != 3 {
			t.Fatalf("%d retry lines, want 3", len(waits))
		}
		for i, d := range waits {
			if d > capped || d <= 0 {
				t.Errorf("retry %d waited %v, want at most WithMaxRetryWait (%v)", i+1, d, capped)
			}
		}
	})
}
