package client_test

// The fault suite: every scenario runs end to end over loopback, through the fake
// (client/clienttest) or, where the fault is below HTTP, a raw listener, and asserts the exact
// outcome: the entries returned, the error's type (errors.Is / errors.As), the number of
// attempts on both sides (the server's recorded requests and client.Response.Attempts or
// APIError.Attempts), and the waits the client decided (faults_decisions_test.go), never the
// time the machine took.
//
// The scenarios are grouped by concern in faults_*_test.go; this file holds their harness.
// Every error and log line goes to the sink that TestMain (leak_test.go) scans for the key.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// The suite's backoff: negligible, so that attempt counts cost no time.
const (
	fastBase = 5 * time.Millisecond
	fastMax  = 10 * time.Millisecond
)

// seq is the sequence the suite's fakes serve; seed and size are its synthetic list's.
const (
	seq     = "seq_faults"
	seqSeed = 4
	seqSize = 12
)

// attemptTimeout is the WithTimeout of scenarios in which a timed-out attempt is followed by
// one that must succeed: long enough for a loaded machine (the race detector, other test
// binaries and fuzzers on 2 cores) to serve a short list well within it.
const attemptTimeout = 4 * time.Second

// env is one scenario's world: a fake with the suite's key serving seq, a client of it whose
// connections are counted and whose log lines are kept, and the check, when the scenario ends,
// that none is left open.
type env struct {
	s   *clienttest.Server
	tr  *trackedTransport
	c   *client.Client
	log *recordHandler // the client's log, unless the scenario gives it another WithLogger
}

// envConfig says how to build an env beyond the defaults.
type envConfig struct {
	server    []clienttest.ServerOption
	transport func(*http.Transport)
	client    []client.Option
}

func newEnv(t *testing.T, opts ...client.Option) *env {
	t.Helper()
	return newEnvWith(t, envConfig{client: opts})
}

func newEnvWith(t *testing.T, cfg envConfig) *env {
	t.Helper()
	faultSuiteRan.Store(true)
	s := clienttest.Start(t, append([]clienttest.ServerOption{clienttest.WithSecretKey(suiteKey)}, cfg.server...)...)
	s.AddSyntheticWaitlist(seq, seqSize, seqSeed)
	var edits []func(*http.Transport)
	if cfg.transport != nil {
		edits = append(edits, cfg.transport)
	}
	e := &env{s: s, tr: newTrackedTransport(edits...), log: newRecordHandler()}
	opts := append(suiteOptions(e.tr), client.WithLogger(slog.New(e.log)))
	e.c = s.Client(append(opts, cfg.client...)...)
	sink.addValue(e.c)
	// Cleanups run last-in first-out: this one runs before the server's Close, which would
	// otherwise close from its side a connection the client forgot.
	t.Cleanup(func() {
		if n := settleConns(e.tr, &e.tr.open, 2*time.Second); n != 0 {
			t.Errorf("connection leak: %d of %d connections still open after closing the idle ones", n, e.tr.dials.Load())
		}
	})
	return e
}

// suiteOptions are the options every client of the suite has. The suite tests the real
// waits, so its clients sleep (Server.Client would skip them).
func suiteOptions(tr http.RoundTripper) []client.Option {
	return []client.Option{
		client.WithRetrySleep(nil),
		client.WithHTTPClient(&http.Client{Transport: tr}),
		client.WithBackoff(fastBase, fastMax),
		client.WithLogger(suiteLogger),
	}
}

// roundTripFunc is an http.RoundTripper, for middleware.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// result is the outcome of one call. Its start and end bound the moments at which the client
// decided anything during the call, for checks of the absolute times it reports.
type result struct {
	entries    []client.WaitlistConsumer
	err        error
	start, end time.Time
	resp       client.Response
}

// list calls ListWaitlistConsumers with the response recorded, and sinks what it printed.
func (e *env) list(ctx context.Context, sequenceID string, opts ...client.Option) result {
	return callList(ctx, e.c, sequenceID, opts...)
}

func callList(ctx context.Context, c *client.Client, sequenceID string, opts ...client.Option) result {
	var r result
	r.start = time.Now()
	r.entries, r.err = c.ListWaitlistConsumers(ctx, sequenceID, append(slices.Clip(opts), client.WithResponseInto(&r.resp))...)
	r.end = time.Now()
	sink.addErr(r.err)
	sink.addValue(r.resp)
	return r
}

// step is one value the iterator yielded.
type step struct {
	entry client.WaitlistConsumer
	err   error
}

// iterate ranges over WaitlistConsumers and returns every step.
func (e *env) iterate(ctx context.Context, sequenceID string, opts ...client.Option) []step {
	var steps []step
	for entry, err := range e.c.WaitlistConsumers(ctx, sequenceID, opts...) {
		sink.addErr(err)
		steps = append(steps, step{entry, err})
	}
	return steps
}

// statuses returns the status of every request the server recorded (0: cut before the headers).
func (e *env) statuses() []int {
	var out []int
	reqs := e.s.Requests()
	for i := range reqs {
		sink.addValue(reqs[i])
		out = append(out, reqs[i].Status)
	}
	return out
}

func wantStatuses(t testing.TB, e *env, want ...int) {
	t.Helper()
	if got := e.statuses(); !slices.Equal(got, want) {
		t.Errorf("server saw statuses %v, want %v", got, want)
	}
}

// wantAttempts checks the client's own count of attempts.
func wantAttempts(t testing.TB, r result, n int) {
	t.Helper()
	if r.resp.Attempts != n {
		t.Errorf("Response.Attempts = %d, want %d", r.resp.Attempts, n)
	}
}

// wantList checks a successful call returned the first n synthetic entries of seqSeed.
func wantList(t testing.TB, r result, n int) {
	t.Helper()
	if r.err != nil {
		t.Fatalf("error %v, want success", r.err)
	}
	wantEntries(t, r.entries, seqSeed, n)
}

// wantEntries checks got is exactly entries 0..n-1 of the synthetic list of seed.
func wantEntries(t testing.TB, got []client.WaitlistConsumer, seed int64, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%d entries, want %d", len(got), n)
	}
	for i := range got {
		if want := clienttest.SyntheticEntry(seed, i); !reflect.DeepEqual(got[i], want) {
			t.Fatalf("entry %d differs from the synthetic one:\n got %+v\nwant %+v", i, got[i], want)
		}
	}
}

// sentinels are the status sentinels an *APIError may match.
var sentinels = []error{client.ErrUnauthorized, client.ErrForbidden, client.ErrNotFound, client.ErrRateLimited, client.ErrServer}

// wantAPIError checks err is an *APIError with this status and attempt count that matches
// exactly the sentinel given (nil: none of them).
func wantAPIError(t testing.TB, err error, status, attempts int, sentinel error) {
	t.Helper()
	apiErr := apiError(t, err)
	if apiErr.StatusCode != status || apiErr.Attempts != attempts {
		t.Errorf("APIError status %d after %d attempts, want %d after %d", apiErr.StatusCode, apiErr.Attempts, status, attempts)
	}
	for _, s := range sentinels {
		if got, want := errors.Is(err, s), errors.Is(s, sentinel); got != want {
			t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
		}
	}
	if errors.Is(err, client.ErrMalformedResponse) || errors.Is(err, client.ErrInvalidInput) {
		t.Errorf("an APIError matches a body or input sentinel: %v", err)
	}
}

// apiError returns the *APIError in err, for checks of its fields; the test stops when there is
// none.
func apiError(t testing.TB, err error) *client.APIError {
	t.Helper()
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T), want an *APIError", err, err)
	}
	return apiErr
}

// wantStreamError checks err is a *StreamError after n entries whose cause matches every one
// of causes.
func wantStreamError(t testing.TB, err error, n int, causes ...error) {
	t.Helper()
	if se := streamError(t, err); se.Entries != n {
		t.Errorf("StreamError after %d entries, want %d: %v", se.Entries, n, err)
	}
	for _, c := range causes {
		if !errors.Is(err, c) {
			t.Errorf("error %v does not match %v", err, c)
		}
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		t.Errorf("a StreamError is also an APIError: %v", err)
	}
}

// streamError returns the *StreamError in err, for checks of its fields; the test stops when
// there is none.
func streamError(t testing.TB, err error) *client.StreamError {
	t.Helper()
	var se *client.StreamError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *StreamError", err, err)
	}
	return se
}

// fullBody fetches seq's body as the fake sends it, by hand.
func (e *env) fullBody(t *testing.T) []byte {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, e.s.URL+"/sequences/"+seq+"/waitlist/consumers", http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+suiteKey)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true}}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET by hand: %d, %v", resp.StatusCode, err)
	}
	return body
}

// entryEnds returns, for the array body, the offset just past each element.
func entryEnds(t *testing.T, body []byte) []int {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var ends []int
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, int(dec.InputOffset()))
	}
	return ends
}

// seqBody returns seq's body as the fake sends it and the offset just past each of its
// entries, from a fake of its own: the scenario's server records only the scenario's requests.
func seqBody(t *testing.T) ([]byte, []int) {
	t.Helper()
	body := syntheticBody(t, seqSize, seqSeed)
	return body, entryEnds(t, body)
}

// syntheticBody is the body the fake sends for its synthetic waitlist of n entries from seed
// (which decodes to exactly clienttest.Synthetic(n, seed)).
func syntheticBody(t *testing.T, n int, seed int64) []byte {
	t.Helper()
	e := newEnv(t)
	e.s.AddSyntheticWaitlist(seq, n, seed)
	return e.fullBody(t)
}
