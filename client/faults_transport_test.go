package client_test

// Fault scenarios below HTTP statuses: refused connections, resets and closes before the
// headers and mid-body, timeouts, redirects, gzip, and contexts ending mid-call.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// isReset reports whether err is the connection being cut before a response: a reset, or an
// EOF when the kernel turned the reset into an orderly close.
func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) }

// closedPortClient returns a client for a loopback port nobody listens on, and its transport.
func closedPortClient(t *testing.T, opts ...client.Option) (*client.Client, *trackedTransport) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	tr := newTrackedTransport()
	base := append(suiteOptions(tr), client.WithSecretKey(suiteKey), client.WithBaseURL("http://"+addr+"/api"))
	c, err := client.New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	faultSuiteRan.Store(true)
	return c, tr
}

func TestFaultsConnectionRefused(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("connection refused: retried, then the transport error", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		h := newRecordHandler()
		c, tr := closedPortClient(t, client.WithLogger(slog.New(h)))
		r := callList(ctx, c, seq)
		wantBeforeDeadline(ctx, t)
		var opErr *net.OpError
		if !errors.Is(r.err, syscall.ECONNREFUSED) || !errors.As(r.err, &opErr) || opErr.Op != "dial" {
			t.Fatalf("error %v, want a dial error with ECONNREFUSED", r.err)
		}
		var apiErr *client.APIError
		var se *client.StreamError
		if errors.As(r.err, &apiErr) || errors.As(r.err, &se) || errors.Is(r.err, client.ErrServer) {
			t.Errorf("a transport error is typed as an API or stream error: %v", r.err)
		}
		if !strings.Contains(r.err.Error(), "after 3 attempts") {
			t.Errorf("error %q does not say how many attempts", r.err)
		}
		if n := tr.dials.Load(); n != 3 {
			t.Errorf("%d dials, want 3", n)
		}
		if len(r.entries) != 0 {
			t.Errorf("%d entries", len(r.entries))
		}
		wantBackoffs(t, h, 2)
	})

	t.Run("connection refused with WithMaxRetries(0): one dial", func(t *testing.T) {
		t.Parallel()
		c, tr := closedPortClient(t, client.WithMaxRetries(0))
		r := callList(t.Context(), c, seq)
		if !errors.Is(r.err, syscall.ECONNREFUSED) || strings.Contains(r.err.Error(), "attempts") {
			t.Fatalf("error %v, want ECONNREFUSED after one attempt", r.err)
		}
		if n := tr.dials.Load(); n != 1 {
			t.Errorf("%d dials, want 1", n)
		}
	})

	t.Run("WithResponseInto counts the attempts of a call that got no response", func(t *testing.T) {
		t.Parallel()
		c, _ := closedPortClient(t)
		r := callList(t.Context(), c, seq)
		if r.err == nil {
			t.Fatal("no error")
		}
		if r.resp.Attempts != 3 || r.resp.StatusCode != 0 {
			t.Errorf("Response %+v: Attempts %d, want 3 (StatusCode 0)", r.resp, r.resp.Attempts)
		}
	})
}

func TestFaultsCutBeforeTheHeaders(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("reset before the headers, then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.ResetBeforeHeaders())
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 0, 200)
		if n := e.tr.dials.Load(); n != 2 {
			t.Errorf("%d dials, want 2 (the reset connection is not reused)", n)
		}
	})

	t.Run("reset before the headers every time: the transport error after 3 attempts", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Always(clienttest.ResetBeforeHeaders())
		r := e.list(t.Context(), seq)
		if !isReset(r.err) || !strings.Contains(r.err.Error(), "after 3 attempts") {
			t.Fatalf("error %v, want a reset after 3 attempts", r.err)
		}
		var apiErr *client.APIError
		var se *client.StreamError
		if errors.As(r.err, &apiErr) || errors.As(r.err, &se) {
			t.Errorf("a reset is typed as an API or stream error: %v", r.err)
		}
		wantStatuses(t, e, 0, 0, 0)
	})

	t.Run("closed before the headers, then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.Fault{Disconnect: clienttest.CloseConnection, DisconnectAfter: clienttest.DisconnectBeforeHeaders})
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 0, 200)
	})
}

func TestFaultsCutMidBody(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("reset mid-body after 3 entries: StreamError, not retried, the 3 entries delivered", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.ResetAfter(ends[2] + 20))
		r := e.list(t.Context(), seq)
		wantStreamError(t, r.err, 3)
		se := streamError(t, r.err)
		if !errors.Is(se, syscall.ECONNRESET) && !errors.Is(se, io.ErrUnexpectedEOF) {
			t.Errorf("cause %v, want a reset", se.Err)
		}
		if se.RequestID != "req_00000001" {
			t.Errorf("StreamError request id %q", se.RequestID)
		}
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})

	t.Run("reset mid-body: the iterator yields the entries, then the StreamError", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.ResetAfter(ends[4] + 20))
		steps := e.iterate(t.Context(), seq)
		if len(steps) != 6 {
			t.Fatalf("%d steps, want 5 entries and the error", len(steps))
		}
		var got []client.WaitlistConsumer
		for _, s := range steps[:5] {
			if s.err != nil {
				t.Fatalf("step error %v before the last", s.err)
			}
			got = append(got, s.entry)
		}
		wantEntries(t, got, seqSeed, 5)
		wantStreamError(t, steps[5].err, 5)
	})

	t.Run("reset mid-body before the first entry is complete: retried, then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.ResetAfter(ends[0] / 2))
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 200, 200)
	})

	t.Run("closed mid-body after 3 entries: StreamError with an unexpected EOF", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.CloseAfter(ends[2] + 20))
		r := e.list(t.Context(), seq)
		wantStreamError(t, r.err, 3, io.ErrUnexpectedEOF)
		if errors.Is(r.err, client.ErrMalformedResponse) {
			t.Errorf("a broken connection is called a malformed response: %v", r.err)
		}
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})

	t.Run("closed mid-body before the first entry: retried, then success", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.CloseAfter(10))
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 200, 200)
	})
}

func TestFaultsTimeouts(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("slow headers beyond WithTimeout: retried, then success", func(t *testing.T) {
		t.Parallel()
		const timeout = attemptTimeout
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(timeout))
		e.s.Enqueue(clienttest.SlowHeaders(20 * time.Second))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 0, 200)
		wantTimedOut(t, e.log, 1, timeout)
		wantSpaced(t, e.s.Requests(), wantBackoffs(t, e.log, 1))
	})

	t.Run("slow headers beyond WithTimeout every time: a deadline error after 3 attempts", func(t *testing.T) {
		t.Parallel()
		const timeout = 500 * time.Millisecond
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(timeout))
		e.s.Always(clienttest.SlowHeaders(20 * time.Second))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		if !errors.Is(r.err, context.DeadlineExceeded) || errors.Is(r.err, context.Canceled) {
			t.Fatalf("error %v, want DeadlineExceeded", r.err)
		}
		if !strings.Contains(r.err.Error(), "WithTimeout") || !strings.Contains(r.err.Error(), "after 3 attempts") {
			t.Errorf("error %q does not say it was the per-attempt timeout, 3 times", r.err)
		}
		wantStatuses(t, e, 0, 0, 0)
		for n := 1; n <= 3; n++ {
			wantTimedOut(t, e.log, n, timeout)
		}
		wantSpaced(t, e.s.Requests(), wantBackoffs(t, e.log, 2))
	})

	t.Run("stalled body after 3 entries beyond WithTimeout: StreamError, not retried", func(t *testing.T) {
		t.Parallel()
		const timeout = attemptTimeout
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(timeout))
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.StalledBody(ends[2]+20, 20*time.Second))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantStreamError(t, r.err, 3, context.DeadlineExceeded)
		if !strings.Contains(r.err.Error(), "attempt timed out (WithTimeout)") {
			t.Errorf("error %q does not say it was the per-attempt timeout", r.err)
		}
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
		wantNoRetry(t, e.log)
	})

	t.Run("stalled body before the first entry beyond WithTimeout: retried, then success", func(t *testing.T) {
		t.Parallel()
		const timeout = attemptTimeout
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(timeout))
		e.s.Enqueue(clienttest.StalledBody(0, 20*time.Second))
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 2)
		wantStatuses(t, e, 200, 200)
		waits := wantBackoffs(t, e.log, 1)
		if cause := e.log.retries(t)[0].cause; !errors.Is(cause, context.DeadlineExceeded) ||
			!strings.Contains(cause.Error(), "attempt timed out (WithTimeout)") {
			t.Errorf("retried after %v, want the per-attempt timeout", cause)
		}
		wantSpaced(t, e.s.Requests(), waits)
	})

	t.Run("slow but moving: each pause under WithTimeout, their sum over it, no timeout", func(t *testing.T) {
		t.Parallel()
		const timeout, pause = 3 * time.Second, 1700 * time.Millisecond
		ctx := scenarioContext(t)
		e := newEnv(t, client.WithTimeout(timeout))
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.Fault{Delay: pause, Stall: pause, StallAfter: ends[1]})
		r := e.list(ctx, seq)
		wantBeforeDeadline(ctx, t)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
		wantNoRetry(t, e.log)
		// The server held the headers, then the body, back for a pause each (its own tests show
		// it keeps to a Delay and a Stall), and the attempt waited out the first without a cut.
		if f := e.s.Requests()[0].Fault; f == nil || f.Delay != pause || f.Stall != pause {
			t.Errorf("the server applied %+v, want a delay and a stall of %v", f, pause)
		}
		l := e.log.requestLine(t, 1)
		if d, failed := l["duration"], l["error"]; failed.Any() != nil || d.Kind() != slog.KindDuration || d.Duration() < pause {
			t.Errorf("the attempt's headers came after %v (error %v), want after the %v delay", d, failed, pause)
		}
	})
}

func TestFaultsRedirects(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("redirect to another host: the key is not sent there", func(t *testing.T) {
		t.Parallel()
		var (
			mu       sync.Mutex
			body     []byte
			seenAuth []string
			seenUA   []string
		)
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seenAuth = append(seenAuth, r.Header.Values("Authorization")...)
			seenUA = append(seenUA, r.Header.Get("User-Agent"))
			b := body
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(b)
		}))
		t.Cleanup(other.Close) // registered before the env's, so it runs after its connection check
		e := newEnv(t)
		full, _ := seqBody(t)
		mu.Lock()
		body = full
		mu.Unlock()
		e.s.Enqueue(clienttest.Fault{Status: http.StatusTemporaryRedirect, Header: http.Header{"Location": {other.URL + "/export/waitlist.json"}}})
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		mu.Lock()
		defer mu.Unlock()
		if len(seenUA) != 1 || len(seenAuth) != 0 {
			t.Errorf("the other host got %d requests with Authorization %q; want 1 without", len(seenUA), seenAuth)
		}
		reqs := e.s.Requests()
		if len(reqs) != 1 || !reqs[0].Authorized || reqs[0].Status != http.StatusTemporaryRedirect {
			t.Errorf("the API's own host: %d requests, first authorized %v", len(reqs), len(reqs) > 0 && reqs[0].Authorized)
		}
		if r.resp.StatusCode != http.StatusOK || r.resp.Attempts != 1 {
			t.Errorf("Response %+v", r.resp)
		}
	})

	t.Run("redirect on the same host: the key is sent", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.AddSyntheticWaitlist("seq_moved", 3, 9)
		e.s.Enqueue(clienttest.Fault{Status: http.StatusMovedPermanently, Header: http.Header{"Location": {e.s.URL + "/sequences/seq_moved/waitlist/consumers"}}})
		r := e.list(t.Context(), seq)
		if r.err != nil {
			t.Fatal(r.err)
		}
		wantEntries(t, r.entries, 9, 3)
		reqs := e.s.Requests()
		if len(reqs) != 2 || !reqs[1].Authorized || reqs[1].SequenceID != "seq_moved" {
			t.Errorf("requests %+v: want the redirected one authorized", reqs)
		}
	})
}

func TestFaultsGzip(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("gzip, transparent: the transport asks for it and decodes it", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{server: []clienttest.ServerOption{clienttest.WithGzip()}})
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 1)
		if ae := e.s.Requests()[0].Header.Get("Accept-Encoding"); !strings.Contains(ae, "gzip") {
			t.Errorf("Accept-Encoding %q", ae)
		}
		if ce := r.resp.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("Content-Encoding %q left on a body the transport decoded", ce)
		}
	})

	t.Run("gzip, explicit Content-Encoding the transport does not decode: the client does", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{transport: func(tr *http.Transport) { tr.DisableCompression = true }})
		e.s.Enqueue(clienttest.Gzipped())
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
		wantAttempts(t, r, 1)
		if ce := r.resp.Header.Get("Content-Encoding"); ce != "gzip" {
			t.Errorf("Content-Encoding %q, want gzip (the client decoded it)", ce)
		}
		if ae := e.s.Requests()[0].Header.Get("Accept-Encoding"); ae != "" {
			t.Errorf("Accept-Encoding %q", ae)
		}
	})

	t.Run("gzip-encoded error body: decoded into the APIError", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{transport: func(tr *http.Transport) { tr.DisableCompression = true }})
		e.s.Always(clienttest.Fault{Status: http.StatusServiceUnavailable, Gzip: true})
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 503, 3, client.ErrServer)
		apiErr := apiError(t, r.err)
		if apiErr.Type != "Service Unavailable" || !bytes.Equal(bytes.TrimSpace(apiErr.Body), []byte(`{"error":"Service Unavailable"}`)) {
			t.Errorf("APIError type %q, body %q", apiErr.Type, apiErr.Body)
		}
		wantStatuses(t, e, 503, 503, 503)
	})

	t.Run("Content-Encoding: gzip on a body that is not gzip: a typed error, not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{transport: func(tr *http.Transport) { tr.DisableCompression = true }})
		notGzip := http.Header{"Content-Encoding": {"gzip"}}
		e.s.Always(clienttest.Fault{Header: notGzip})
		r := e.list(t.Context(), seq)
		wantStatuses(t, e, 200)
		wantAttempts(t, r, 1)
		wantStreamError(t, r.err, 0, client.ErrMalformedResponse)

		e.s.Always(clienttest.Fault{Status: http.StatusForbidden, Header: notGzip})
		r = e.list(t.Context(), seq)
		wantAPIError(t, r.err, 403, 1, client.ErrForbidden)
	})

	t.Run("gzip stream cut mid-body: StreamError, the entries before the cut delivered", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{transport: func(tr *http.Transport) { tr.DisableCompression = true }})
		e.s.AddSyntheticWaitlist(seq, 600, seqSeed) // long enough that gzip flushes before the cut
		e.s.Enqueue(clienttest.Fault{Gzip: true, Disconnect: clienttest.ResetConnection, DisconnectAfter: 16 << 10})
		r := e.list(t.Context(), seq)
		var se *client.StreamError
		if !errors.As(r.err, &se) || se.Entries == 0 || se.Entries != len(r.entries) {
			t.Fatalf("error %v with %d entries, want a StreamError after the entries delivered", r.err, len(r.entries))
		}
		wantEntries(t, r.entries, seqSeed, se.Entries)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})
}
