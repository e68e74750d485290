package client

// WithHeader: a client's headers and a call's (the call's replace the client's, for that call
// only), on every attempt, seen by middleware, replacing the SDK's own Accept and User-Agent; the
// headers the SDK or the transport own refused before any request.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// headerServer starts a server that answers every request with an empty waitlist, after
// failing the first fail requests with a 503, and keeps each request's header. It returns them,
// and the options of a client for it.
func headerServer(t *testing.T, fail int) (func() []http.Header, []Option) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []http.Header
	)
	srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		n := len(seen)
		mu.Unlock()
		if n <= fail {
			jsonReply(w, http.StatusServiceUnavailable, `{"error":"Service Unavailable"}`)
			return
		}
		jsonReply(w, http.StatusOK, `[]`)
	})
	return func() []http.Header {
			mu.Lock()
			defer mu.Unlock()
			return append([]http.Header(nil), seen...)
		}, []Option{
			WithSecretKey(testKey), WithBaseURL(srv.URL), WithHTTPClient(srv.Client()),
			WithBackoff(time.Millisecond, time.Millisecond),
		}
}

func headerContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestWithHeaderOnTheClientAndOnACall(t *testing.T) {
	seen, base := headerServer(t, 0)
	c, err := New(append(base, WithHeader("X-Tenant", "acme"), WithHeader("x-request-source", "nightly-sync"))...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := headerContext(t)
	if _, err := c.ListWaitlistConsumers(ctx, "seq", WithHeader("X-Tenant", "acme-eu"), WithHeader("X-Call", "1")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListWaitlistConsumers(ctx, "seq"); err != nil {
		t.Fatal(err)
	}
	for _, e := range c.WaitlistConsumers(ctx, "seq", WithHeader("X-Call", "2")) {
		if e != nil {
			t.Fatal(e)
		}
	}
	got := seen()
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3", len(got))
	}
	for i, want := range []map[string]string{
		{"X-Tenant": "acme-eu", "X-Request-Source": "nightly-sync", "X-Call": "1"}, // the call's replaces the client's
		{"X-Tenant": "acme", "X-Request-Source": "nightly-sync", "X-Call": ""},     // a call's headers are for that call only
		{"X-Tenant": "acme", "X-Request-Source": "nightly-sync", "X-Call": "2"},
	} {
		for k, v := range want {
			if values := got[i][k]; (v == "" && len(values) != 0) || (v != "" && (len(values) != 1 || values[0] != v)) {
				t.Errorf("request %d: %s = %q, want %q", i+1, k, values, v)
			}
		}
		if got[i].Get("Authorization") != "Bearer "+testKey {
			t.Errorf("request %d: the key was not sent", i+1)
		}
	}
}

func TestWithHeaderOnEveryAttempt(t *testing.T) {
	seen, base := headerServer(t, 2)
	c, err := New(append(base, WithHeader("X-Tenant", "acme"))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListWaitlistConsumers(headerContext(t), "seq", WithHeader("X-Call", "retried")); err != nil {
		t.Fatal(err)
	}
	got := seen()
	if len(got) != 3 {
		t.Fatalf("%d attempts, want 3 (two 503s, then success)", len(got))
	}
	for i, h := range got {
		if h.Get("X-Tenant") != "acme" || h.Get("X-Call") != "retried" {
			t.Errorf("attempt %d: X-Tenant %q, X-Call %q", i+1, h.Get("X-Tenant"), h.Get("X-Call"))
		}
	}
}

func TestWithHeaderIsSeenByMiddlewareAndReplacesTheSDKsOwn(t *testing.T) {
	seen, base := headerServer(t, 0)
	var inMiddleware http.Header
	mw := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			inMiddleware = r.Header.Clone()
			return next.RoundTrip(r)
		})
	}
	c, err := New(append(base, WithMiddleware(mw), WithUserAgent("mine/1"),
		WithHeader("User-Agent", "theirs/2"), WithHeader("Accept", "application/json; charset=utf-8"),
		WithHeader("X-Tab-And-UTF8", "a\tb é"))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListWaitlistConsumers(headerContext(t), "seq"); err != nil {
		t.Fatal(err)
	}
	if inMiddleware.Get("X-Tab-And-UTF8") != "a\tb é" || inMiddleware.Get("Authorization") != "" {
		t.Errorf("middleware saw X-Tab-And-UTF8 %q and Authorization %q; want the header and no key",
			inMiddleware.Get("X-Tab-And-UTF8"), inMiddleware.Get("Authorization"))
	}
	h := seen()[0]
	if h.Get("User-Agent") != "theirs/2" || h.Get("Accept") != "application/json; charset=utf-8" || h.Get("X-Tab-And-UTF8") != "a\tb é" {
		t.Errorf("the server got User-Agent %q, Accept %q, X-Tab-And-UTF8 %q", h.Get("User-Agent"), h.Get("Accept"), h.Get("X-Tab-And-UTF8"))
	}
}

func TestWithHeaderRefusals(t *testing.T) {
	const secretish = "sk_live_leaked"
	for _, tc := range []struct {
		key, value, reason string
	}{
		{"Authorization", "Bearer " + secretish, "WithSecretKey"},
		{"authorization", "Basic " + secretish, "WithSecretKey"},
		{"Host", "evil.example", "WithBaseURL"},
		{"Content-Length", "0", "transport"},
		{"Connection", "close", "hop-by-hop"},
		{"keep-alive", "timeout=5", "hop-by-hop"},
		{"Proxy-Authorization", "Basic " + secretish, "hop-by-hop"},
		{"proxy-connection", "keep-alive", "hop-by-hop"},
		{"TE", "trailers", "hop-by-hop"},
		{"Trailer", "X-Sum", "hop-by-hop"},
		{"Transfer-Encoding", "chunked", "hop-by-hop"},
		{"Upgrade", "websocket", "hop-by-hop"},
		{"", "x", "not a valid header name"},
		{"X Tenant", "acme", "not a valid header name"},
		{"X-Tenant:", "acme", "not a valid header name"},
		{"X-Tenant\r\nX-Injected", "1", "not a valid header name"},
		{"X-Tenant", "acme\r\nX-Injected: 1 " + secretish, "control character"},
		{"X-Tenant", "acme\n" + secretish, "control character"},
		{"X-Tenant", "acme\x00" + secretish, "control character"},
		{"X-Tenant", "acme\x7f" + secretish, "control character"},
	} {
		seen, base := headerServer(t, 0)
		check := func(where string, err error) {
			t.Helper()
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidInput) || ie.Kind != InputHeader || ie.Field != "header" || !strings.Contains(ie.Reason, tc.reason) {
				t.Errorf("WithHeader(%q, %q) %s: %v, want an *InputError for the header saying %q", tc.key, tc.value, where, err, tc.reason)
				return
			}
			if strings.Contains(err.Error(), secretish) {
				t.Errorf("WithHeader(%q, …) %s: the error quotes the value: %v", tc.key, where, err)
			}
		}
		_, err := New(append(base, WithHeader(tc.key, tc.value))...)
		check("on New", err)

		c, err := New(base...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListWaitlistConsumers(headerContext(t), "seq", WithHeader(tc.key, tc.value))
		check("on a call", err)
		for _, err := range c.WaitlistConsumers(headerContext(t), "seq", WithHeader(tc.key, tc.value)) {
			check("on an iterator", err)
		}
		if n := len(seen()); n != 0 {
			t.Errorf("WithHeader(%q, …): %d requests sent, want none", tc.key, n)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
