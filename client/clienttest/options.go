package clienttest

import "time"

// defaultSecretKey is the secret key a [Server] accepts unless [WithSecretKey] says otherwise.
const defaultSecretKey = "sk_test_clienttest_00000000000000000000" //nolint:gosec // the fake's own made-up key, not a credential

// The default of a [Server]'s rate limit: the Admin API's documented 1000 requests a minute.
const (
	defaultRateLimit       = 1000
	defaultRateLimitWindow = time.Minute
)

// ServerOption configures a [Server] made by [NewServer] or [Start].
type ServerOption func(*serverConfig)

type serverConfig struct {
	key    string
	limit  int
	window time.Duration
	gzip   bool

	pageSize      int  // WithPages; 0: the bare array
	pageInfoFirst bool // WithPageInfoFirst
}

func defaultServerConfig() serverConfig {
	return serverConfig{key: defaultSecretKey, limit: defaultRateLimit, window: defaultRateLimitWindow}
}

// WithSecretKey sets the one secret key the server accepts ([Server.SecretKey] tells it; by
// default a made-up sk_test_ key); any other Authorization gets the documented 401.
func WithSecretKey(key string) ServerOption {
	return func(c *serverConfig) { c.key = key }
}

// WithRateLimit limits the server to limit requests per window (default 1000 a minute, the
// Admin API's). Windows are fixed and aligned to multiples of window (whole seconds for a 1 s
// window), so X-RateLimit-Reset is exact for whole-second windows. Every request with the right
// key counts, faulted ones included; once the window is spent the server answers 429 with
// Retry-After (whole seconds to the next window) and X-RateLimit-Remaining: 0 until it ends.
// A limit below 1 or a window below 1 ms is ignored.
func WithRateLimit(limit int, window time.Duration) ServerOption {
	return func(c *serverConfig) {
		if limit >= 1 && window >= time.Millisecond {
			c.limit, c.window = limit, window
		}
	}
}

// WithGzip makes the server gzip its waitlist answers when the request accepts gzip
// (Accept-Encoding), as a production API behind a CDN does. Go's http.Transport asks for gzip
// and decompresses by itself unless its DisableCompression is set.
func WithGzip() ServerOption {
	return func(c *serverConfig) { c.gzip = true }
}
