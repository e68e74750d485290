package client

// The retry policy's pure parts: Retry-After in its three forms (saturating, never negative), the
// server's hint, the backoff's growth and jitter, the statuses retried, and shouldRetry and
// retryDelay, which the call loop runs on each failed attempt.

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 12, 1, 8, 59, 30, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30", 30 * time.Second, true},
		{" 2 ", 2 * time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"0", 0, true},
		{"Sun, 01 Dec 2024 09:00:00 GMT", 30 * time.Second, true},  // HTTP date (RFC 1123)
		{"Sunday, 01-Dec-24 09:00:00 GMT", 30 * time.Second, true}, // RFC 850
		{"Sun Dec  1 09:00:00 2024", 30 * time.Second, true},       // asctime
		{"2024-12-01T09:00:00Z", 30 * time.Second, true},           // ISO 8601, as in Fanfare's 423 example
		{"2024-12-01T10:00:00.5+01:00", 30*time.Second + 500*time.Millisecond, true},
		{"2024-12-01T08:00:00Z", 0, true}, // in the past: no wait
		{"99999999999999", maxHint, true}, // absurd: bounded, the cap decides
		{"1e400", maxHint, true},          // past float64: saturates too
		{strings.Repeat("9", 400), maxHint, true},
		{"-1e400", 0, false},
		{"9999-12-31T23:59:59Z", maxHint, true},
		{"", 0, false},
		{"-5", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{"2024-13-01T09:00:00Z", 0, false},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"30", "1.5", "Sun, 01 Dec 2024 09:00:00 GMT", "2024-12-01T09:00:00Z", "", "-1", "1e308", "Inf", "0x10"} {
		f.Add(s)
	}
	now := time.Date(2024, 12, 1, 8, 59, 30, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, now)
		if d < 0 || d > maxHint {
			t.Fatalf("parseRetryAfter(%q) = %v out of [0, %v]", s, d, maxHint)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v but not ok", s, d)
		}
	})
}

func TestServerHint(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	h := http.Header{}
	if _, ok := serverHint(h, RateLimit{}, now); ok {
		t.Fatal("no headers gave a hint")
	}
	spent := RateLimit{Limit: 10, Remaining: 0, Reset: now.Add(3 * time.Second), Known: true}
	if d, ok := serverHint(h, spent, now); !ok || d != 3*time.Second+resetSlack {
		t.Fatalf("spent window: %v, %v", d, ok)
	}
	far := RateLimit{Limit: 10, Remaining: 0, Reset: time.Unix(maxResetUnix, 0), Known: true}
	if d, ok := serverHint(h, far, now); !ok || d != maxHint+resetSlack {
		t.Fatalf("a reset ages away: %v, %v; want the saturated %v", d, ok, maxHint+resetSlack)
	}
	h.Set("Retry-After", "7")
	if d, ok := serverHint(h, spent, now); !ok || d != 7*time.Second {
		t.Fatalf("Retry-After wins: %v, %v", d, ok)
	}
}

func TestBackoffGrowsWithJitterUpToTheCap(t *testing.T) {
	base, maxWait := 500*time.Millisecond, 8*time.Second
	for n := 1; n <= 8; n++ {
		full := min(base<<(n-1), maxWait)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(n, base, maxWait)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, full/2, full)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Fatalf("backoff(%d) has no jitter: %d distinct values", n, len(seen))
		}
	}
	if d := backoff(3, 0, 0); d != 0 {
		t.Fatalf("zero base gave %v", d)
	}
}

func TestRetryableStatuses(t *testing.T) {
	for code := 100; code < 600; code++ {
		want := code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504
		if got := retryableStatus(code); got != want {
			t.Errorf("retryableStatus(%d) = %v", code, got)
		}
	}
}

func TestShouldRetry(t *testing.T) {
	s := &settings{maxRetries: 2, maxRetryWait: time.Minute}
	hinted := func(d time.Duration) outcome {
		return outcome{retryable: true, failure: "status 429", hint: d, hinted: true}
	}
	for _, tc := range []struct {
		o      outcome
		n      int
		retry  bool
		reason string
	}{
		{outcome{retryable: true, failure: "status 503"}, 1, true, "status 503"},
		{outcome{retryable: true, failure: "status 503"}, 2, true, "status 503"},
		{outcome{retryable: true, failure: "status 503"}, 3, false, "status 503: no retries left (WithMaxRetries 2)"},
		{outcome{failure: "status 404"}, 1, false, "status 404: not retried"},
		{hinted(0), 1, true, "status 429"},
		{hinted(time.Minute), 1, true, "status 429"},
		{hinted(time.Minute + 1), 1, false, "status 429: the server's wait of 1m0.000000001s is past WithMaxRetryWait (1m0s)"},
		{hinted(time.Hour), 3, false, "status 429: the server's wait of 1h0m0s is past WithMaxRetryWait (1m0s)"},
	} {
		retry, reason := shouldRetry(tc.o, tc.n, s)
		if retry != tc.retry || reason != tc.reason {
			t.Errorf("shouldRetry(%+v, %d) = %v, %q; want %v, %q", tc.o, tc.n, retry, reason, tc.retry, tc.reason)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	s := &settings{backoffBase: time.Second, backoffMax: 8 * time.Second, maxRetryWait: 3 * time.Second}
	if d := retryDelay(outcome{hinted: true}, 1, s); d != 0 {
		t.Errorf("a hint of 0 (retry now): wait %v", d)
	}
	if d := retryDelay(outcome{hint: 2 * time.Second, hinted: true}, 1, s); d != 2*time.Second {
		t.Errorf("a hint of 2s: wait %v", d)
	}
	for n := 1; n <= 4; n++ {
		full := min(time.Second<<(n-1), 8*time.Second)
		if d := retryDelay(outcome{}, n, s); d < min(full/2, s.maxRetryWait) || d > min(full, s.maxRetryWait) {
			t.Errorf("no hint, retry %d: wait %v, want the backoff within [%v, %v], capped at %v", n, d, full/2, full, s.maxRetryWait)
		}
	}
}
