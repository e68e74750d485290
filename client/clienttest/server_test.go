package clienttest

// The fake server: it serves waitlists through the client, refuses a missing or wrong key and an
// unknown sequence with the documented bodies, sends X-Request-Id and X-RateLimit-* on every
// response, records every request (key redacted), answers other paths with JSON, is safe for
// concurrent use, and closes promptly.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

func TestServerServesAWaitlistThroughTheClient(t *testing.T) {
	s := Start(t)
	want := Synthetic(50, 7)
	s.AddWaitlist("seq_1", want)

	got, err := s.Client().ListWaitlistConsumers(t.Context(), "seq_1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded entries differ from the ones served")
	}
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || !strings.HasSuffix(s.URL, basePath) {
		t.Errorf("URL = %q, want a loopback URL ending in %s", s.URL, basePath)
	}
}

func TestServerRefusesAMissingOrWrongKeyWithTheDocumentedBody(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq_1", Synthetic(1, 1))
	for name, auth := range map[string]string{
		"none":       "",
		"wrong key":  "Bearer sk_test_wrong",
		"not bearer": "Basic " + s.SecretKey(),
		"bare key":   s.SecretKey(),
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := mustGet(t, s, "seq_1", auth)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", resp.StatusCode)
			}
			if got := strings.TrimSpace(string(body)); got != `{"error":"Authentication required"}` {
				t.Errorf("body %s", got)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
	for _, r := range s.Requests() {
		if r.Authorized {
			t.Errorf("request %d recorded as authorized", r.N)
		}
		for _, v := range r.Header.Values("Authorization") {
			if strings.Contains(v, s.SecretKey()) {
				t.Errorf("request %d recorded the key: %q", r.N, v)
			}
		}
	}

	_, err := s.Client(client.WithSecretKey("sk_test_rotated")).ListWaitlistConsumers(t.Context(), "seq_1")
	if !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("client with a wrong key: %v, want ErrUnauthorized", err)
	}
}

func TestServerAnswers404ForAnUnknownSequence(t *testing.T) {
	s := Start(t)
	resp, body := mustGet(t, s, "seq_unknown", bearer(s))
	if resp.StatusCode != http.StatusNotFound || strings.TrimSpace(string(body)) != `{"error":"Sequence not found"}` {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	_, err := s.Client().ListWaitlistConsumers(t.Context(), "seq_unknown")
	if !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("client: %v, want ErrNotFound", err)
	}

	s.AddWaitlist("seq_gone", nil)
	if resp, body := mustGet(t, s, "seq_gone", bearer(s)); resp.StatusCode != http.StatusOK || string(body) != "[]" {
		t.Fatalf("empty waitlist: %d %s", resp.StatusCode, body)
	}
	s.RemoveWaitlist("seq_gone")
	if resp, _ := mustGet(t, s, "seq_gone", bearer(s)); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("removed waitlist: %d, want 404", resp.StatusCode)
	}
}

func TestServerSendsRequestIDAndRateLimitHeadersOnEveryResponse(t *testing.T) {
	s := Start(t, WithRateLimit(3, time.Hour))
	s.AddWaitlist("seq_1", Synthetic(2, 1))
	s.Enqueue(Status(http.StatusServiceUnavailable))

	cases := []struct {
		seq, auth string
		status    int
		remaining string
	}{
		{"seq_1", bearer(s), 503, "2"},       // a fault still counts
		{"seq_1", "", 401, "2"},              // an unauthenticated request does not
		{"seq_none", bearer(s), 404, "1"},    // an unknown sequence does
		{"seq_1", bearer(s), 200, "0"},       // the last one of the window
		{"seq_1", bearer(s), 429, "0"},       // past the limit
		{"seq_1", "Bearer sk_bad", 401, "0"}, // the window stays spent
	}
	seen := map[string]bool{}
	for i, c := range cases {
		resp, _ := mustGet(t, s, c.seq, c.auth)
		if resp.StatusCode != c.status {
			t.Fatalf("request %d: status %d, want %d", i, resp.StatusCode, c.status)
		}
		id := resp.Header.Get("X-Request-Id")
		if id == "" || seen[id] {
			t.Errorf("request %d: X-Request-Id %q missing or repeated", i, id)
		}
		seen[id] = true
		if got := resp.Header.Get("X-RateLimit-Limit"); got != "3" {
			t.Errorf("request %d: X-RateLimit-Limit %q, want 3", i, got)
		}
		if got := resp.Header.Get("X-RateLimit-Remaining"); got != c.remaining {
			t.Errorf("request %d (%d): X-RateLimit-Remaining %q, want %s", i, c.status, got, c.remaining)
		}
		reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
		if err != nil || reset%3600 != 0 || time.Until(time.Unix(reset, 0)) > time.Hour {
			t.Errorf("request %d: X-RateLimit-Reset %q is not the end of this hour-long window", i, resp.Header.Get("X-RateLimit-Reset"))
		}
	}
	reqs := s.Requests()
	for i, r := range reqs {
		if r.Status != cases[i].status {
			t.Errorf("recorded status of request %d: %d, want %d", i, r.Status, cases[i].status)
		}
	}
}

func TestServerRecordsRequests(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("a/b", Synthetic(1, 1))
	s.Enqueue(Status(http.StatusBadGateway))
	before := time.Now()
	if _, err := s.Client(client.WithBackoff(time.Millisecond, time.Millisecond)).ListWaitlistConsumers(t.Context(), "a/b"); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("recorded %d requests, want 2", len(reqs))
	}
	for i, r := range reqs {
		if r.N != i+1 || r.Attempt != i+1 || r.Method != http.MethodGet || !r.Authorized {
			t.Errorf("request %d: N %d, attempt %d, method %s, authorized %v", i, r.N, r.Attempt, r.Method, r.Authorized)
		}
		if r.Path != "/api/sequences/a%2Fb/waitlist/consumers" || r.SequenceID != "a/b" {
			t.Errorf("request %d: path %q, sequence %q", i, r.Path, r.SequenceID)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer [REDACTED]" {
			t.Errorf("request %d: Authorization recorded as %q", i, got)
		}
		if r.Time.Before(before) || r.RequestID != fmt.Sprintf("req_%08d", i+1) {
			t.Errorf("request %d: time %v, request id %q", i, r.Time, r.RequestID)
		}
	}
	if reqs[0].Status != http.StatusBadGateway || reqs[0].Fault == nil || reqs[0].Fault.Status != http.StatusBadGateway {
		t.Errorf("first request: status %d, fault %+v", reqs[0].Status, reqs[0].Fault)
	}
	if reqs[1].Status != http.StatusOK || reqs[1].Fault != nil {
		t.Errorf("second request: status %d, fault %+v", reqs[1].Status, reqs[1].Fault)
	}

	reqs[0].Header.Set("Authorization", "changed")
	if s.Requests()[0].Header.Get("Authorization") != "Bearer [REDACTED]" {
		t.Error("Requests returned the server's own headers, not a copy")
	}
}

func TestServerAnswersOtherPathsWithJSON(t *testing.T) {
	s := Start(t)
	hc := s.HTTPClient()
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/api/sequences", 404},
		{http.MethodGet, "/", 404},
		{http.MethodPost, "/api/sequences/s/waitlist/consumers", 405},
	} {
		req, _ := http.NewRequestWithContext(t.Context(), tc.method, strings.TrimSuffix(s.URL, basePath)+tc.path, http.NoBody)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body client.ErrorBody
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || err != nil || body.Error == "" || resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s %s: %d, body %+v (%v)", tc.method, tc.path, resp.StatusCode, body, err)
		}
	}
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("recorded %d requests, want 3", len(reqs))
	}
	for _, r := range reqs {
		if r.SequenceID != "" || r.Fault != nil {
			t.Errorf("request to %s: sequence %q, fault %+v; want neither", r.Path, r.SequenceID, r.Fault)
		}
	}
}

func TestServerIsSafeForConcurrentUse(t *testing.T) {
	s := Start(t, WithRateLimit(1_000_000, time.Minute))
	s.AddSyntheticWaitlist("seq", 30, 3)
	want := Synthetic(30, 3)
	// Other goroutines' faults can land on any call: allow as many retries as there are faults.
	c := s.Client(client.WithBackoff(time.Millisecond, time.Millisecond), client.WithMaxRetries(100))
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if i%3 == 0 {
					s.Enqueue(Status(http.StatusServiceUnavailable))
				}
				if g%4 == 0 {
					s.AddWaitlist(fmt.Sprintf("other_%d", g), want[:i])
					_ = s.Requests()
				}
				got, err := c.ListWaitlistConsumers(t.Context(), "seq")
				if err == nil && !reflect.DeepEqual(got, want) {
					err = errors.New("entries differ")
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(s.Requests()); n < 160 {
		t.Errorf("%d requests recorded, want at least 160", n)
	}
}

func TestCloseIsIdempotentAndEndsDelays(t *testing.T) {
	s := NewServer()
	s.AddWaitlist("seq", nil)
	s.Always(SlowHeaders(time.Hour))
	done := make(chan error, 1)
	go func() {
		_, _, err := rawGet(t, s, "seq", bearer(s))
		done <- err
	}()
	for len(s.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() {
		s.Close()
		s.Close()
		close(closed)
	}()
	deadline := time.NewTimer(callDeadline)
	defer deadline.Stop()
	select {
	case <-closed:
	case <-deadline.C:
		t.Fatalf("Close had not returned after %v with a pending hour-long delay", callDeadline)
	}
	if err := <-done; err == nil {
		t.Fatal("the delayed request succeeded after Close")
	}
}
