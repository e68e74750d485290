package client

import (
	"net/http"
)

// authTransport adds the Authorization header, and only to requests for the configured
// scheme and host: a redirect to another host, or from https down to http, never carries the
// key. It sits below every middleware, so none of them sees the key.
type authTransport struct {
	next   http.RoundTripper
	key    *secret
	scheme string
	host   string
}

// RoundTrip sends req, with the key when req goes to the API's own origin.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != t.scheme || req.URL.Host != t.host {
		if req.Header.Get("Authorization") == "" {
			return t.next.RoundTrip(req)
		}
		r := req.Clone(req.Context())
		r.Header.Del("Authorization")
		return t.next.RoundTrip(r)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.key.value())
	return t.next.RoundTrip(r)
}
