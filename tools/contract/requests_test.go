package contract

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// recordingClient is a client of s whose requests are recorded as they go on the wire.
func recordingClient(s *clienttest.Server, opts ...client.Option) (*client.Client, *Recorder) {
	rec := &Recorder{Next: s.HTTPClient().Transport}
	opts = append([]client.Option{
		client.WithHTTPClient(&http.Client{Transport: rec}),
		client.WithBackoff(time.Millisecond, 5*time.Millisecond),
	}, opts...)
	return s.Client(opts...), rec
}

func TestEveryRequestOfTheClientFitsTheSpec(t *testing.T) {
	s := clienttest.Start(t)
	v := validator(t, s)
	ids := []string{"seq_launch", "a/b", "a?b", "100%", "../x", "ünïcødé", "with space", "#frag", "3c90c3cc-0d44-4b50-8888-8dd25736052a"}
	for _, id := range ids {
		s.AddWaitlist(id, clienttest.Synthetic(2, 1))
	}
	c, rec := recordingClient(s)

	for _, id := range ids {
		if _, err := c.ListWaitlistConsumers(t.Context(), id); err != nil {
			t.Fatalf("%q: %v", id, err)
		}
	}
	// Retried attempts, through the iterator.
	s.Enqueue(clienttest.Status(http.StatusServiceUnavailable), clienttest.HTMLBadGateway())
	for _, err := range c.WaitlistConsumers(t.Context(), "seq_launch") {
		if err != nil {
			t.Fatal(err)
		}
	}
	// Per-call options.
	if _, err := c.ListWaitlistConsumers(t.Context(), "seq_launch", client.WithUserAgent("crm-sync/2.0"), client.WithTimeout(time.Minute)); err != nil {
		t.Fatal(err)
	}

	reqs := rec.Requests()
	if want := len(ids) + 3 + 1; len(reqs) != want {
		t.Fatalf("recorded %d requests, want %d", len(reqs), want)
	}
	for i, req := range reqs {
		if err := v.ValidateRequest(t.Context(), req); err != nil {
			t.Errorf("request %d (%s %s) breaks the spec: %v", i, req.Method, req.URL.EscapedPath(), err)
		}
		if req.Body != nil && req.Body != http.NoBody {
			t.Errorf("request %d has a body", i)
		}
		if got := req.Header.Get("Accept"); got != "application/json" {
			t.Errorf("request %d: Accept %q", i, got)
		}
	}
	// The server saw the ids the client was given, escaped into one path segment each.
	for i, r := range s.Requests()[:len(ids)] {
		if r.SequenceID != ids[i] {
			t.Errorf("request %d reached the server as sequence %q, want %q", i, r.SequenceID, ids[i])
		}
	}
}

// The request check can fail: without a bearer key, or for a path the spec does not have, a
// request is rejected.
func TestBrokenRequestsAreRejected(t *testing.T) {
	s := clienttest.Start(t)
	v := validator(t, s)
	newReq := func(path, auth string) *http.Request {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+path, http.NoBody)
		if err != nil {
			t.Fatal(err)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		return req
	}
	const path = "/sequences/seq/waitlist/consumers"
	if err := v.ValidateRequest(t.Context(), newReq(path, bearer(s))); err != nil {
		t.Fatalf("a well-formed request is rejected: %v", err)
	}
	for name, req := range map[string]*http.Request{
		"no Authorization":     newReq(path, ""),
		"Basic, not Bearer":    newReq(path, "Basic dXNlcjpwYXNz"),
		"an empty credential":  newReq(path, "Bearer "),
		"an unknown path":      newReq("/sequences/seq/waitlist", bearer(s)),
		"an empty sequence id": newReq("/sequences//waitlist/consumers", bearer(s)),
	} {
		err := v.ValidateRequest(t.Context(), req)
		if err == nil {
			t.Errorf("%s: the request passed", name)
			continue
		}
		if strings.Contains(err.Error(), s.SecretKey()) {
			t.Errorf("%s: the error quotes the key", name)
		}
	}
	post := newReq(path, bearer(s))
	post.Method = http.MethodPost
	if err := v.ValidateRequest(t.Context(), post); err == nil {
		t.Error("a POST passed")
	}
}
