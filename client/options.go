package client

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// The defaults of a client's settings, which the options' docs give.
const (
	defaultBaseURL          = "https://admin.fanfare.io/api"
	defaultMaxRetries       = 2
	defaultMaxRetryWait     = 60 * time.Second
	defaultBackoffBase      = 500 * time.Millisecond
	defaultBackoffMax       = 8 * time.Second
	defaultMaxResponseBytes = int64(4) << 30 // 4 GiB: ~2 million entries
	// envSecretKey is the environment variable New reads the secret key from.
	envSecretKey = "FANFARE_SECRET_KEY"
	// envBaseURL is the environment variable New reads the base URL from.
	envBaseURL = "FANFARE_BASE_URL"
)

// DefaultTimeout is the default of [WithTimeout]: how long an attempt may wait for the
// response headers (connecting and the TLS handshake included), and then for each read of
// more of the body. A program that offers its own setting of the timeout shows it as that
// setting's default, as the fanfare CLI's --timeout does.
const DefaultTimeout = 60 * time.Second

// DefaultUserAgent is the User-Agent sent unless [WithUserAgent] says otherwise. A program
// that names itself adds its own product to it: WithUserAgent(client.DefaultUserAgent+" acme-sync/2.1").
const DefaultUserAgent = "fanfare-go/" + Version

// Option configures a [Client] (passed to [New]) or one call (passed to a method). A call's
// options apply on top of the client's, for that call only.
type Option func(*settings)

// Middleware wraps the HTTP transport of every attempt. It sees each request after the SDK
// has built it and before it is sent; [AttemptFromContext] tells which attempt it is. It never
// sees the Authorization header: the key is added below every middleware.
type Middleware func(next http.RoundTripper) http.RoundTripper

// settings is the resolved configuration of a client or of one call.
type settings struct {
	key              *secret
	baseURL          string
	httpClient       *http.Client
	userAgent        string
	maxRetries       int
	maxRetryWait     time.Duration
	backoffBase      time.Duration
	backoffMax       time.Duration
	timeout          time.Duration
	middleware       []Middleware
	headers          []header
	logger           *slog.Logger
	responseInto     *Response
	maxResponseBytes int64
	rateLimitN       int
	rateLimitPer     time.Duration
	rateLimitSet     bool // WithRateLimit was given (refused on a call)
	borrowJSON       bool
	retrySleep       func(ctx context.Context, d time.Duration) error
}

// WithSecretKey sets the organisation's secret key (sk_live_… or sk_test_…). Without it, New
// reads $FANFARE_SECRET_KEY. Publishable keys (pk_…) are refused.
func WithSecretKey(key string) Option {
	return func(s *settings) { s.key = newSecret(key) }
}

// WithBaseURL sets the API's base URL (default https://admin.fanfare.io/api, or $FANFARE_BASE_URL).
// Plain http:// is accepted for loopback hosts only.
func WithBaseURL(baseURL string) Option {
	return func(s *settings) { s.baseURL = baseURL }
}

// WithHTTPClient sets the HTTP client whose transport, jar and redirect policy are used. The
// SDK never changes it; it wraps a copy. Its Timeout, if any, bounds each whole attempt.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) { s.httpClient = hc }
}

// WithUserAgent sets the User-Agent header (default fanfare-go/VERSION).
func WithUserAgent(ua string) Option {
	return func(s *settings) { s.userAgent = ua }
}

// WithMaxRetries sets how many times a failed attempt is retried (default 2; 0 disables retries).
func WithMaxRetries(n int) Option {
	return func(s *settings) { s.maxRetries = n }
}

// WithMaxRetryWait caps how long one wait before a retry may be, the backoff's included
// (default 60 s). When the server
// asks for a longer wait (Retry-After), the call does not wait: it returns the error, with
// [APIError.RetryAfter] set.
func WithMaxRetryWait(d time.Duration) Option {
	return func(s *settings) { s.maxRetryWait = d }
}

// WithBackoff sets the exponential backoff used when the server gives no hint: the first wait
// is about base, doubling each retry up to max, with jitter (default 0.5 s and 8 s).
func WithBackoff(base, maxWait time.Duration) Option {
	return func(s *settings) { s.backoffBase, s.backoffMax = base, maxWait }
}

// WithRetrySleep replaces how a call waits before a retry: sleep is given the wait decided by
// the retry policy (the server's Retry-After or the backoff) and returns nil to go on or an
// error to give up, as a cancelled ctx does. The wait is decided, logged ("fanfare retry") and
// capped as without it. nil restores the default, a real sleep that ends early with ctx.
// Tests use it to retry without sleeping; [github.com/fanfare-go/fanfare/client/clienttest.Server.Client] does so by default. A
// 429's Retry-After also holds the client's next requests back through its rate-limit pacing,
// which sleeps in real time whatever this option says.
func WithRetrySleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(s *settings) { s.retrySleep = sleep }
}

// WithTimeout bounds each attempt: the wait for the response headers (connecting and the TLS
// handshake included), and then each wait for the next bytes of the body, so a long stream
// that keeps moving is never cut and a stalled one is. Time spent in the caller's loop body
// never counts. The default is [DefaultTimeout]; 0 turns the bound off.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) { s.timeout = d }
}

// WithMiddleware adds transport middleware; the first given is the outermost.
func WithMiddleware(mw ...Middleware) Option {
	return func(s *settings) { s.middleware = append(s.middleware[:len(s.middleware):len(s.middleware)], mw...) }
}

// WithLogger logs debug lines: "fanfare request" per attempt (method, path, status, attempt,
// duration, request id), "fanfare retry" per retry (the next attempt, the wait, the reason and
// the cause) and, when a call fails, "fanfare give up" (the last attempt, why no other is
// made, the error returned). The Authorization header is only ever logged as redacted.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) { s.logger = l }
}

// WithResponseInto records the last attempt's response metadata (status, headers, request id,
// rate limit, attempts) into r when the call returns or, for an iterator, once the response
// headers arrive.
func WithResponseInto(r *Response) Option {
	return func(s *settings) { s.responseInto = r }
}

// WithMaxResponseBytes caps the size of a successful response body (default 4 GiB). Past it the
// stream ends with an error matching [ErrResponseTooLarge]. Error bodies are always capped at 1 MiB.
func WithMaxResponseBytes(n int64) Option {
	return func(s *settings) { s.maxResponseBytes = n }
}

// WithRateLimit adds a client-side budget of n requests per period, shared by every goroutine
// using the client, on top of the pacing the server's X-RateLimit-* headers ask for. It applies
// to [New] only: a call given it is refused with an [*InputError] (a budget of one call's own
// would not be shared).
func WithRateLimit(n int, per time.Duration) Option {
	return func(s *settings) { s.rateLimitN, s.rateLimitPer, s.rateLimitSet = n, per, true }
}

func defaultSettings() settings {
	return settings{
		baseURL:          defaultBaseURL,
		userAgent:        DefaultUserAgent,
		maxRetries:       defaultMaxRetries,
		maxRetryWait:     defaultMaxRetryWait,
		backoffBase:      defaultBackoffBase,
		backoffMax:       defaultBackoffMax,
		timeout:          DefaultTimeout,
		maxResponseBytes: defaultMaxResponseBytes,
	}
}

// with returns a copy of s with opts applied.
func (s settings) with(opts []Option) settings {
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}
