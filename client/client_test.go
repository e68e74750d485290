package client

// New and the request a call sends: input refused before any request (each kind of InputError),
// the environment, the defaults, the documented request and the escaping of sequence ids, a call's
// options over the client's (WithRateLimit refused on a call), and the key in no printed value or
// log line. The reference page's example decodes.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestNewRefusesBadInput(t *testing.T) {
	t.Setenv(envSecretKey, "")
	t.Setenv(envBaseURL, "")
	cases := []struct {
		name  string
		opts  []Option
		kind  InputKind
		field string
	}{
		{"no key", nil, InputMissingKey, "secret key"},
		{"empty key", []Option{WithSecretKey("")}, InputMissingKey, "secret key"},
		{"publishable live key", []Option{WithSecretKey("pk_live_abc")}, InputPublishableKey, "secret key"},
		{"publishable test key", []Option{WithSecretKey("pk_test_abc")}, InputPublishableKey, "secret key"},
		{"key with newline", []Option{WithSecretKey("sk_test_a\r\nX-Evil: 1")}, InputMalformedKey, "secret key"},
		{"plain http to a remote host", []Option{WithSecretKey(testKey), WithBaseURL("http://admin.fanfare.io/api")}, InputBaseURL, "base URL"},
		{"ftp scheme", []Option{WithSecretKey(testKey), WithBaseURL("ftp://admin.fanfare.io/api")}, InputBaseURL, "base URL"},
		{"no host", []Option{WithSecretKey(testKey), WithBaseURL("/api")}, InputBaseURL, "base URL"},
		{"user info", []Option{WithSecretKey(testKey), WithBaseURL("https://u:p@admin.fanfare.io/api")}, InputBaseURL, "base URL"},
		{"a header the SDK owns", []Option{WithSecretKey(testKey), WithHeader("Authorization", "Bearer x")}, InputHeader, "header"},
		{"negative retries", []Option{WithSecretKey(testKey), WithMaxRetries(-1)}, InputOption, "max retries"},
		{"negative duration", []Option{WithSecretKey(testKey), WithTimeout(-1)}, InputOption, "duration"},
		{"no response bytes", []Option{WithSecretKey(testKey), WithMaxResponseBytes(0)}, InputOption, "max response bytes"},
		{"half a rate limit", []Option{WithSecretKey(testKey), WithRateLimit(10, 0)}, InputOption, "rate limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.opts...)
			if c != nil || err == nil {
				t.Fatalf("New = %v, %v; want an error", c, err)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Kind != tc.kind || ie.Field != tc.field || !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error = %#v; want *InputError of kind %d for %q matching ErrInvalidInput", err, tc.kind, tc.field)
			}
			if strings.Contains(err.Error(), "sk_test_a") || strings.Contains(err.Error(), testKey) {
				t.Fatalf("error %q shows the key", err)
			}
		})
	}
}

func TestNewReadsEnvironment(t *testing.T) {
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, "[]") })
	t.Setenv(envSecretKey, testKey)
	t.Setenv(envBaseURL, srv.URL+"/api")
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.BaseURL(), srv.URL+"/api/"; got != want {
		t.Fatalf("BaseURL = %q, want %q", got, want)
	}
	if _, err := c.ListWaitlistConsumers(context.Background(), "seq_1"); err != nil {
		t.Fatal(err)
	}
	r := reqs()[0]
	if r.Auth != "Bearer "+testKey || r.Path != "/api/sequences/seq_1/waitlist/consumers" {
		t.Fatalf("request = %+v", r)
	}
	// An explicit option beats the environment.
	if c, err = New(WithBaseURL("https://example.test")); err != nil || c.BaseURL() != "https://example.test/" {
		t.Fatalf("New(WithBaseURL) = %v, %v", c, err)
	}
}

func TestDefaults(t *testing.T) {
	t.Setenv(envBaseURL, "")
	c, err := New(WithSecretKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != defaultBaseURL+"/" {
		t.Fatalf("BaseURL = %q", c.BaseURL())
	}
	// A silent server cannot hang a default client: each attempt is bounded.
	if c.settings.timeout != DefaultTimeout || DefaultTimeout <= 0 {
		t.Fatalf("default per-attempt timeout %v, want DefaultTimeout (%v)", c.settings.timeout, DefaultTimeout)
	}
}

func TestListSendsTheDocumentedRequest(t *testing.T) {
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, "[]") })
	c := newTestClient(t, srv, WithUserAgent("acme-sync/2.1"))
	entries, err := c.ListWaitlistConsumers(context.Background(), "seq_123")
	if err != nil || entries == nil || len(entries) != 0 {
		t.Fatalf("List = %v, %v; want an empty, non-nil list", entries, err)
	}
	wantRequests(t, reqs, 1)
	got := reqs()
	want := recorded{Method: "GET", RawPath: "/sequences/seq_123/waitlist/consumers", Path: "/sequences/seq_123/waitlist/consumers",
		Auth: "Bearer " + testKey, UserAgent: "acme-sync/2.1", Accept: "application/json"}
	if got[0] != want {
		t.Fatalf("request = %+v\nwant      %+v", got[0], want)
	}
}

func TestSequenceIDIsEscaped(t *testing.T) {
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, "[]") })
	c := newTestClient(t, srv)
	cases := map[string]string{
		"a/b":    "/sequences/a%2Fb/waitlist/consumers",
		"a?b":    "/sequences/a%3Fb/waitlist/consumers",
		"100%":   "/sequences/100%25/waitlist/consumers",
		"../x":   "/sequences/..%2Fx/waitlist/consumers",
		"a b#c":  "/sequences/a%20b%23c/waitlist/consumers",
		"...":    "/sequences/.../waitlist/consumers",
		"seq_é€": "/sequences/seq_%C3%A9%E2%82%AC/waitlist/consumers",
	}
	for id, wantPath := range cases {
		t.Run(id, func(t *testing.T) {
			before := len(reqs())
			if _, err := c.ListWaitlistConsumers(context.Background(), id); err != nil {
				t.Fatal(err)
			}
			got := reqs()[before]
			if got.RawPath != wantPath {
				t.Fatalf("path = %q, want %q", got.RawPath, wantPath)
			}
			if !strings.HasPrefix(got.Path, "/sequences/"+id+"/") {
				t.Fatalf("decoded path = %q does not carry the id %q as one segment", got.Path, id)
			}
		})
	}
}

func TestRefusedSequenceIDsSendNothing(t *testing.T) {
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, "[]") })
	c := newTestClient(t, srv)
	for _, id := range []string{"", ".", ".."} {
		_, err := c.ListWaitlistConsumers(context.Background(), id)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Kind != InputSequenceID || ie.Field != "sequence id" {
			t.Errorf("List(%q) error = %v, want an *InputError for the sequence id", id, err)
		}
		for _, err := range c.WaitlistConsumers(context.Background(), id) {
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("WaitlistConsumers(%q) yielded %v", id, err)
			}
		}
	}
	wantRequests(t, reqs, 0)
}

func TestCallOptionsOverrideClientOptions(t *testing.T) {
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, "[]") })
	c := newTestClient(t, srv)
	if _, err := c.ListWaitlistConsumers(context.Background(), "s", WithSecretKey("sk_test_other"), WithUserAgent("per-call")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListWaitlistConsumers(context.Background(), "s"); err != nil {
		t.Fatal(err)
	}
	got := reqs()
	if got[0].Auth != "Bearer sk_test_other" || got[0].UserAgent != "per-call" {
		t.Fatalf("per-call options not applied: %+v", got[0])
	}
	if got[1].Auth != "Bearer "+testKey || got[1].UserAgent != DefaultUserAgent {
		t.Fatalf("per-call options leaked into the next call: %+v", got[1])
	}
	if _, err := c.ListWaitlistConsumers(context.Background(), "s", WithSecretKey("pk_test_x")); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("a publishable key per call: err = %v", err)
	}
	wantRequests(t, reqs, 2) // none for the refused call
}

func TestRateLimitOnACallIsRefused(t *testing.T) {
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, "[]") })
	c := newTestClient(t, srv, WithRateLimit(10, time.Second))
	_, err := c.ListWaitlistConsumers(context.Background(), "s", WithRateLimit(10, time.Second))
	var ie *InputError
	if !errors.As(err, &ie) || ie.Kind != InputOption || ie.Field != "rate limit" || !strings.Contains(ie.Reason, "New only") {
		t.Fatalf("a call's WithRateLimit: %v, want an *InputError of kind InputOption", err)
	}
	for _, err := range c.WaitlistConsumers(context.Background(), "s", WithRateLimit(1, time.Minute)) {
		if !errors.As(err, &ie) || ie.Kind != InputOption {
			t.Errorf("the iterator with a call's WithRateLimit yielded %v", err)
		}
	}
	wantRequests(t, reqs, 0)
	// The client's own budget, given to New, is no call's: other options on a call are fine.
	if _, err := c.ListWaitlistConsumers(context.Background(), "s", WithMaxRetries(0)); err != nil {
		t.Fatal(err)
	}
}

func TestKeyNeverPrinted(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 401, `{"error":"Authentication required"}`) })
	var logs strings.Builder
	c := newTestClient(t, srv, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.ListWaitlistConsumers(context.Background(), "s")
	var buf strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T"} {
		fmt.Fprintf(&buf, verb+"\n", c)
		fmt.Fprintf(&buf, verb+"\n", *c)
		fmt.Fprintf(&buf, verb+"\n", err)
		fmt.Fprintf(&buf, verb+"\n", c.settings)
		fmt.Fprintf(&buf, verb+"\n", c.settings.key)
		fmt.Fprintf(&buf, verb+"\n", *c.settings.key)
	}
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("client", "client", c, "key", c.settings.key, "settings", c.settings)
	for name, text := range map[string]string{"printed values": buf.String(), "logs": logs.String()} {
		if strings.Contains(text, testKey) || strings.Contains(text, "51HkSECRET") {
			t.Errorf("%s show the key:\n%s", name, text)
		}
	}
	if !strings.Contains(logs.String(), "authorization=\"Bearer [REDACTED]\"") || !strings.Contains(logs.String(), "status=401") {
		t.Errorf("debug log lacks the redacted authorization or status:\n%s", logs.String())
	}
}

func TestReferencePageExampleDecodes(t *testing.T) {
	body, err := os.ReadFile("testdata/reference-page-example.json")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, string(body)) })
	entries, err := newTestClient(t, srv).ListWaitlistConsumers(context.Background(), "s")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d entries", len(entries))
	}
	e := entries[0]
	if e.Status != "" || e.ID != "3c90c3cc-0d44-4b50-8888-8dd25736052a" || e.ConsumerID != "<string>" {
		t.Fatalf("entry = %+v", e)
	}
	if e.Consumer.Email == nil || *e.Consumer.Email != "[email\u00a0protected]" || e.Consumer.Aov != "0" ||
		e.Consumer.LastGeoCoordinates == nil || e.Consumer.LastGeoCoordinates.Latitude != 123 ||
		e.Consumer.Metadata == nil || len(e.Consumer.Metadata) != 0 || e.Consumer.CreatedAt.Year() != 2023 {
		t.Fatalf("consumer = %+v", e.Consumer)
	}
}
