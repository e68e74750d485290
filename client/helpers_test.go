package client

// The unit tests' harness: a loopback server that records what it saw of each request, and a
// client of it with fast retries.

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// testKey is the secret key the tests use; every test that can print something checks it is absent.
const testKey = "sk_test_51HkSECRETxyzzy0123456789"

// recorded is what a test server saw of one request.
type recorded struct {
	Method, RawPath, Path, Auth, UserAgent, Accept string
}

// newServer starts a loopback server answering with h and recording each request.
func newServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, func() []recorded) {
	t.Helper()
	var (
		mu   sync.Mutex
		reqs []recorded
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		reqs = append(reqs, recorded{
			Method: r.Method, RawPath: r.URL.EscapedPath(), Path: r.URL.Path,
			Auth: r.Header.Get("Authorization"), UserAgent: r.Header.Get("User-Agent"), Accept: r.Header.Get("Accept"),
		})
		mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []recorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]recorded(nil), reqs...)
	}
}

// wantRequests checks the server of newServer has received n requests.
func wantRequests(t *testing.T, reqs func() []recorded, n int) {
	t.Helper()
	if got := len(reqs()); got != n {
		t.Fatalf("the server received %d requests, want %d", got, n)
	}
}

// newTestClient returns a client for srv with fast retries.
func newTestClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithSecretKey(testKey), WithBaseURL(srv.URL), WithHTTPClient(srv.Client()), WithBackoff(1e6, 4e6)}
	c, err := New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// jsonReply writes status and body as application/json.
func jsonReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
