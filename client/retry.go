package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// outcome is how one attempt ended, as the retry policy reads it.
type outcome struct {
	// err is the attempt's error, nil when the call succeeded.
	err error
	// retryable reports whether another attempt may help.
	retryable bool
	// failure says what went wrong, for the log: "status 503", "a transport error", ….
	failure string
	// hint is the wait the server asked for (Retry-After, or the reset of a spent window) when
	// hinted is set; it may be 0, "retry now".
	hint   time.Duration
	hinted bool
	// noResponse reports that the attempt got no response: the final error says how many
	// attempts were made.
	noResponse bool
}

// shouldRetry reports whether the call makes another attempt after attempt n ended in o, and
// why: the failure that is retried, or the reason to give up.
func shouldRetry(o outcome, n int, s *settings) (retry bool, reason string) {
	switch {
	case !o.retryable:
		return false, o.failure + ": not retried"
	case o.hinted && o.hint > s.maxRetryWait:
		return false, fmt.Sprintf("%s: the server's wait of %s is past WithMaxRetryWait (%s)", o.failure, o.hint, s.maxRetryWait)
	case n > s.maxRetries:
		return false, fmt.Sprintf("%s: no retries left (WithMaxRetries %d)", o.failure, s.maxRetries)
	}
	return true, o.failure
}

// retryDelay is the wait after attempt n, which ended in o, before the next one: the server's
// hint, else the backoff.
func retryDelay(o outcome, n int, s *settings) time.Duration {
	if o.hinted {
		return o.hint
	}
	return s.backoff(n)
}

// final is the error a call returns when it gives up after attempt n ended in o.
func (o outcome) final(n int) error {
	if o.noResponse {
		return withAttempts(o.err, n)
	}
	return o.err
}

// transportOutcome classifies an attempt that got no response.
func transportOutcome(ctx context.Context, err error) outcome {
	o := outcome{err: err, noResponse: true}
	switch {
	case ctx.Err() != nil:
		o.failure = "the context ended"
	case isInputError(err):
		o.failure = "the input was refused"
	case permanentTransportError(err):
		o.failure = "a transport error no retry can mend"
	default:
		o.failure, o.retryable = "a transport error", true
	}
	return o
}

// pacingOutcome is an attempt the rate limit did not let go out: its wait would have been past
// WithMaxRetryWait (a *RateLimitError), or the context ended during it.
func pacingOutcome(err error) outcome {
	var refused *RateLimitError
	if errors.As(err, &refused) {
		return outcome{err: err, failure: "the rate limit's wait is past WithMaxRetryWait"}
	}
	return outcome{err: fmt.Errorf("fanfare: waiting for the rate limit: %w", err), failure: "the context ended"}
}

// retryableStatus reports whether a response status is worth another attempt.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// parseRetryAfter reads a Retry-After value as seconds ("30", "1.5"), an HTTP date
// ("Wed, 21 Oct 2015 07:28:00 GMT") or an ISO-8601 timestamp ("2024-12-01T09:00:00Z"), the
// three forms Fanfare's docs show, and returns the wait from now. A time in the past is 0.
// ok is false when the value is empty or none of those.
func parseRetryAfter(value string, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(value)
	if v == "" {
		return 0, false
	}
	// Too many digits for a float64 is a range error with ±Inf: a wait that long saturates.
	if secs, err := strconv.ParseFloat(v, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs != secs || secs < 0 { // NaN or negative
			return 0, false
		}
		if secs > float64(maxHint/time.Second) {
			return maxHint, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return 0, false
		}
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return min(d, maxHint), true
}

// maxHint bounds any parsed hint, so absurd values cannot overflow a Duration.
const maxHint = 365 * 24 * time.Hour

// serverHint is the wait the server asks for: Retry-After, else the rate-limit reset when the
// window is spent. ok is false when the response asks for nothing.
func serverHint(h http.Header, rl RateLimit, now time.Time) (time.Duration, bool) {
	if d, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		return d, true
	}
	if rl.Known && rl.Remaining == 0 {
		return untilReset(rl.Reset, now), true
	}
	return 0, false
}

// untilReset is the wait for a rate-limit window that resets at reset: until then, plus the
// slack, at most maxHint (and so never overflowing, however far off the reset is).
func untilReset(reset, now time.Time) time.Duration {
	return min(max(reset.Sub(now), 0), maxHint) + resetSlack
}

// backoff is the wait before retry number n (1-based) when the server gives no hint, never
// longer than WithMaxRetryWait.
func (s *settings) backoff(n int) time.Duration {
	return min(backoff(n, s.backoffBase, s.backoffMax), s.maxRetryWait)
}

// permanentTransportError reports whether a transport error cannot go away on retry: the host
// does not exist (DNS says so), or its certificate does not verify.
func permanentTransportError(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return true
	}
	var (
		verifyErr  *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		wrongHost  x509.HostnameError
		invalidErr x509.CertificateInvalidError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &unknownCA) || errors.As(err, &wrongHost) || errors.As(err, &invalidErr)
}

// backoff is the wait before retry number n (1-based) when the server gives no hint:
// exponential from base, capped at maxWait, with "equal jitter" (between half and all of it).
func backoff(n int, base, maxWait time.Duration) time.Duration {
	if base <= 0 {
		return 0
	}
	d := base
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1)) //nolint:gosec // G404: jitter needs no cryptographic randomness
}

func isInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// withAttempts notes how many attempts a transport failure took.
func withAttempts(err error, n int) error {
	if n == 1 || isInputError(err) {
		return err
	}
	return fmt.Errorf("%w (after %d attempts)", err, n)
}
