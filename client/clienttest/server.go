package clienttest

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/fakeapi"
)

// basePath is the path the fake serves the API under, as production does
// (https://admin.fanfare.io/api): a [Server]'s URL ends with it.
const basePath = "/api"

// attemptHeader is the request header in which the clients made by [Server.Client] tell the
// server their attempt number (1 for the first try, 2 for the first retry, …), so that
// [Request.Attempt] can report it. Fanfare's API ignores it.
const attemptHeader = "X-Clienttest-Attempt"

// Server is a fake Fanfare Admin API listening on a loopback port, for tests: the waitlist
// endpoint of api/openapi.yaml, implemented through the generated strict server. It checks the
// bearer key, serves the waitlists it is given, answers 404 for other sequences, sends
// X-Request-Id and X-RateLimit-* on every response, enforces a rate limit, records every
// request, and misbehaves on demand ([Fault]).
//
// A Server is safe for concurrent use. Close it when done ([Start] does so for a test).
type Server struct {
	// URL is the API's base URL, http://127.0.0.1:PORT/api: give it to client.WithBaseURL or
	// $FANFARE_BASE_URL. [Server.Client] does so for you.
	URL string

	cfg       serverConfig
	hs        *httptest.Server
	transport *http.Transport
	limiter   *limiter
	closed    chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	waitlists map[string]source
	faults    []Fault
	always    *Fault
	requests  []Request
	waits     []time.Duration
	cursors   map[string]pageCursor // WithPages: what each cursor given names
	cursorSeq int
}

// NewServer starts a fake on a loopback port. Like httptest.NewServer it panics if it cannot
// listen. The caller must Close it.
func NewServer(opts ...ServerOption) *Server {
	cfg := defaultServerConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		cfg:       cfg,
		limiter:   &limiter{limit: cfg.limit, window: cfg.window},
		closed:    make(chan struct{}),
		waitlists: make(map[string]source),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/", s.serveOther)
	strict := fakeapi.NewStrictHandlerWithOptions(api{s: s}, nil, fakeapi.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.requestError,
		ResponseErrorHandlerFunc: s.responseError,
	})
	fakeapi.HandlerWithOptions(strict, fakeapi.StdHTTPServerOptions{
		BaseURL:          basePath,
		BaseRouter:       mux,
		Middlewares:      []fakeapi.MiddlewareFunc{s.endpoint},
		ErrorHandlerFunc: s.requestError,
	})

	s.hs = httptest.NewUnstartedServer(mux)
	s.hs.Config.ErrorLog = log.New(io.Discard, "", 0) // cut connections are the point, not news
	s.hs.Start()
	s.URL = s.hs.URL + basePath

	s.transport = http.DefaultTransport.(*http.Transport).Clone()
	return s
}

// TB is the part of testing.TB that [Start] needs; *testing.T, *testing.B and *testing.F have it.
type TB interface {
	Helper()
	Cleanup(func())
}

// Start is [NewServer] for a test: the server is closed when the test ends.
func Start(t TB, opts ...ServerOption) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// Close stops the server: pending delays and stalls end, the connections close, and Close
// returns once every handler has. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.hs.CloseClientConnections()
		s.hs.Close()
		s.transport.CloseIdleConnections()
	})
}

// SecretKey returns the secret key the server accepts.
func (s *Server) SecretKey() string { return s.cfg.key }

// HTTPClient returns an *http.Client with the server's own transport (closed with the server),
// for requests made by hand.
func (s *Server) HTTPClient() *http.Client { return &http.Client{Transport: s.transport} }

// Client returns a client for this server: its base URL is [Server.URL], its key the server's,
// its transport the server's own, and it tells the server its attempt numbers (for
// [Request.Attempt]). It retries without sleeping: each wait the retry policy decides is
// recorded ([Server.RetryWaits]) and logged as usual, then skipped. opts apply on top, so
// client.WithSecretKey("sk_test_wrong") makes a client the server refuses and
// client.WithRetrySleep(nil) one that sleeps for real. Client panics if opts are invalid (as
// client.New would refuse them).
func (s *Server) Client(opts ...client.Option) *client.Client {
	base := []client.Option{
		client.WithBaseURL(s.URL),
		client.WithSecretKey(s.cfg.key),
		client.WithHTTPClient(s.HTTPClient()),
		client.WithMiddleware(tagAttempt),
		client.WithRetrySleep(s.skipWait),
	}
	c, err := client.New(append(base, opts...)...)
	if err != nil {
		panic("clienttest: Server.Client: " + err.Error())
	}
	return c
}

// skipWait is the retry sleep of [Server.Client]'s clients: it records d and returns at once,
// unless ctx has ended.
func (s *Server) skipWait(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

// RetryWaits returns the waits before a retry that clients made by [Server.Client] decided and
// skipped, in order: the server's Retry-After, or the backoff when it gave none.
func (s *Server) RetryWaits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits)
}

// tagAttempt is the client middleware that sends [attemptHeader].
func tagAttempt(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		n, ok := client.AttemptFromContext(req.Context())
		if !ok {
			return next.RoundTrip(req)
		}
		r := req.Clone(req.Context())
		r.Header.Set(attemptHeader, strconv.Itoa(n))
		return next.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Enqueue adds faults to the queue: each request to the waitlist endpoint takes the first fault
// left, in order, and behaves normally once the queue is empty (or as [Server.Always] says).
// Requests to unknown paths take none.
func (s *Server) Enqueue(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range faults {
		s.faults = append(s.faults, faults[i].clone())
	}
}

// Always makes every request misbehave as f says once the queue is empty, until
// [Server.ClearFaults].
func (s *Server) Always(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := f.clone()
	s.always = &c
}

// ClearFaults empties the queue and cancels [Server.Always].
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.always = nil, nil
}

// takeFault pops the fault for one request; ok is false when it behaves normally.
func (s *Server) takeFault() (f Fault, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) > 0 {
		f = s.faults[0]
		s.faults = slices.Delete(s.faults, 0, 1)
		return f, true
	}
	if s.always != nil {
		return s.always.clone(), true
	}
	return Fault{}, false
}

// pause waits for d; false means the wait was cut short (client gone or server closed).
func (s *Server) pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closed:
	}
	return false
}
