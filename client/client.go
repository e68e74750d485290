package client

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Client reads waitlists from Fanfare's Admin API. It is safe for concurrent use; share one
// per organisation so that its goroutines share the rate-limit pacing.
type Client struct {
	settings settings
	pacer    *pacer
}

// New returns a client configured by opts. The secret key comes from [WithSecretKey] or
// $FANFARE_SECRET_KEY, the base URL from [WithBaseURL], $FANFARE_BASE_URL or the default.
// It makes no request; it refuses a missing or publishable key and a base URL that is not
// https (plain http is allowed to loopback hosts only, for tests).
func New(opts ...Option) (*Client, error) {
	s := defaultSettings()
	if key, ok := os.LookupEnv(envSecretKey); ok {
		s.key = newSecret(key)
	}
	if base := os.Getenv(envBaseURL); base != "" {
		s.baseURL = base
	}
	s = s.with(opts)
	if err := s.validate(); err != nil {
		return nil, err
	}
	now := time.Now
	p := &pacer{now: now}
	if s.rateLimitN > 0 && s.rateLimitPer > 0 {
		p.budget = newBudget(s.rateLimitN, s.rateLimitPer, now)
	}
	return &Client{settings: s, pacer: p}, nil
}

// String describes the client without its key.
func (c *Client) String() string { return c.settings.String() }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb, so no verb can reach the key.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// String describes the settings without the key.
func (s settings) String() string {
	return fmt.Sprintf("fanfare.Client{BaseURL: %s, SecretKey: %s}", s.baseURL, redacted)
}

// Format prints String for every verb.
func (s settings) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string { return c.settings.baseURL }

// callSettings resolves a call's options on top of the client's and checks them.
func (c *Client) callSettings(opts []Option) (settings, error) {
	if len(opts) == 0 {
		return c.settings, nil
	}
	s := c.settings
	s.rateLimitSet = false
	if s = s.with(opts); s.rateLimitSet {
		return s, &InputError{Kind: InputOption, Field: "rate limit", Reason: "WithRateLimit applies to New only: a call's own budget would not be shared"}
	}
	err := s.validate()
	return s, err
}

// validate refuses settings that must never reach the network.
func (s *settings) validate() error {
	if err := validateKey(s.key); err != nil {
		return err
	}
	base, err := validateBaseURL(s.baseURL)
	if err != nil {
		return err
	}
	s.baseURL = base
	if err := validateHeaders(s.headers); err != nil {
		return err
	}
	switch {
	case s.maxRetries < 0:
		return &InputError{Kind: InputOption, Field: "max retries", Reason: "must not be negative"}
	case s.maxRetryWait < 0, s.timeout < 0, s.backoffBase < 0, s.backoffMax < 0:
		return &InputError{Kind: InputOption, Field: "duration", Reason: "must not be negative"}
	case s.maxResponseBytes <= 0:
		return &InputError{Kind: InputOption, Field: "max response bytes", Reason: "must be positive"}
	case s.rateLimitN < 0 || s.rateLimitPer < 0 || (s.rateLimitN > 0) != (s.rateLimitPer > 0):
		return &InputError{Kind: InputOption, Field: "rate limit", Reason: "needs a positive count and period"}
	}
	return nil
}

func validateKey(k *secret) error {
	if k.value() == "" {
		return &InputError{Kind: InputMissingKey, Field: "secret key", Reason: "none given: pass client.WithSecretKey or set " + envSecretKey}
	}
	if strings.HasPrefix(k.value(), "pk_") {
		return &InputError{Kind: InputPublishableKey, Field: "secret key", Reason: "a publishable key (pk_…) cannot read the Admin API; use a secret key (sk_live_… or sk_test_…)"}
	}
	for _, r := range k.value() {
		if r <= ' ' || r == 0x7f {
			return &InputError{Kind: InputMalformedKey, Field: "secret key", Reason: "contains white space or control characters"}
		}
	}
	return nil
}

// validateBaseURL returns the base URL with one trailing slash, or why it is refused.
func validateBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", &InputError{Kind: InputBaseURL, Field: "base URL", Reason: "cannot be parsed"}
	}
	if u.Host == "" {
		return "", &InputError{Kind: InputBaseURL, Field: "base URL", Reason: fmt.Sprintf("%q has no host", raw)}
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", &InputError{Kind: InputBaseURL, Field: "base URL", Reason: "must not carry user info, a query or a fragment"}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", &InputError{Kind: InputBaseURL, Field: "base URL", Reason: fmt.Sprintf("plain http:// to %s would send the secret key in clear; use https (http is allowed to loopback hosts only)", u.Hostname())}
		}
	default:
		return "", &InputError{Kind: InputBaseURL, Field: "base URL", Reason: fmt.Sprintf("scheme %q is not https", u.Scheme)}
	}
	return strings.TrimRight(u.String(), "/") + "/", nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validateSequenceID refuses ids that would not name a sequence once in the URL path. Every
// other byte is escaped by the generated request builder ("a/b" is sent as a%2Fb).
func validateSequenceID(id string) error {
	switch id {
	case "":
		return &InputError{Kind: InputSequenceID, Field: "sequence id", Reason: "is empty"}
	case ".", "..":
		return &InputError{Kind: InputSequenceID, Field: "sequence id", Reason: fmt.Sprintf("%q is a path segment, not an id", id)}
	}
	return nil
}

// httpClientFor returns the *http.Client one call uses: a copy of the configured one whose
// transport is wrapped in the WithHeader headers (outermost, so middleware sees them), the
// middleware and, innermost, the authorisation.
func httpClientFor(s *settings, base *url.URL) *http.Client {
	hc := http.Client{}
	if s.httpClient != nil {
		hc = *s.httpClient // a shallow copy: the caller's client is never changed
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	var rt http.RoundTripper = &authTransport{next: next, key: s.key, scheme: base.Scheme, host: base.Host}
	for i := len(s.middleware) - 1; i >= 0; i-- {
		rt = s.middleware[i](rt)
	}
	if len(s.headers) > 0 {
		rt = &headerTransport{next: rt, headers: s.headers}
	}
	hc.Transport = rt
	return &hc
}
