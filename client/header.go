package client

import (
	"fmt"
	"net/http"
	"strings"
)

// header is one header given with [WithHeader].
type header struct {
	key, value string
}

// WithHeader sets the HTTP header key to value on every request: every request of the client
// when given to [New], every request of one call when given to a method. The headers are set in
// the order given, a call's after the client's, so a later one with the same key replaces the
// earlier; they also replace the SDK's own Accept and User-Agent ([WithUserAgent]). Middleware
// ([WithMiddleware]) sees them; the logger does not log them.
//
// Refused with an [*InputError] before any request, because the SDK or the transport owns them
// or they would not reach the API as given: Authorization (use [WithSecretKey]), Host (it comes
// from [WithBaseURL]), Content-Length, the hop-by-hop headers (Connection, Keep-Alive, Proxy-*,
// TE, Trailer, Transfer-Encoding, Upgrade), a key that is not an HTTP token, and a value holding
// a control character other than tab (CR and LF would inject headers).
func WithHeader(key, value string) Option {
	return func(s *settings) {
		s.headers = append(s.headers[:len(s.headers):len(s.headers)], header{key: key, value: value})
	}
}

// validateHeaders refuses the headers WithHeader may not set. The reason names the header but
// never quotes its value, which may be a credential.
func validateHeaders(headers []header) error {
	for _, h := range headers {
		if reason := refusedHeader(h); reason != "" {
			return &InputError{Kind: InputHeader, Field: "header", Reason: reason}
		}
	}
	return nil
}

// refusedHeader says why h may not be set, or "" when it may.
func refusedHeader(h header) string {
	if !isToken(h.key) {
		return fmt.Sprintf("%q is not a valid header name (an HTTP token: letters, digits and !#$%%&'*+-.^_`|~)", h.key)
	}
	name := http.CanonicalHeaderKey(h.key)
	switch {
	case name == "Authorization":
		return "Authorization is set by the SDK from the secret key: use WithSecretKey"
	case name == "Host":
		return "Host comes from the base URL: use WithBaseURL"
	case name == "Content-Length":
		return "Content-Length is computed by the transport"
	case isHopByHop(name):
		return name + " is a hop-by-hop header, for the transport to manage"
	}
	for i := range len(h.value) {
		if c := h.value[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return fmt.Sprintf("the value of %s holds a control character (byte %d is 0x%02x): CR and LF would inject headers", name, i, c)
		}
	}
	return ""
}

// isHopByHop reports whether the canonical header name is one a proxy or the transport
// consumes (RFC 9110 section 7.6.1, and the Proxy-* family).
func isHopByHop(name string) bool {
	switch name {
	case "Connection", "Keep-Alive", "Te", "Trailer", "Transfer-Encoding", "Upgrade":
		return true
	}
	return strings.HasPrefix(name, "Proxy-")
}

// isToken reports whether s is an RFC 9110 token (section 5.6.2), the syntax of a field name.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// headerTransport sets the WithHeader headers on each request, above every middleware.
type headerTransport struct {
	next    http.RoundTripper
	headers []header
}

// RoundTrip sends a copy of req carrying the headers: a RoundTripper must not change req.
func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	for _, h := range t.headers {
		r.Header.Set(h.key, h.value)
	}
	return t.next.RoundTrip(r)
}
