package client_test

// Fault scenarios of a successful status whose body is not the documented JSON array: such a
// body is never an empty list, and never retried (the server answered; asking again gives the
// same answer), and the entries before the fault are delivered.

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestFaultsBodyCutOrMalformed(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("truncated JSON after 3 entries: StreamError, not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.Truncated(ends[2] + 20))
		r := e.list(t.Context(), seq)
		wantStreamError(t, r.err, 3, client.ErrMalformedResponse, io.ErrUnexpectedEOF)
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})

	t.Run("truncated JSON inside the first entry: StreamError, not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.Truncated(10))
		r := e.list(t.Context(), seq)
		wantStreamError(t, r.err, 0, client.ErrMalformedResponse, io.ErrUnexpectedEOF)
		if len(r.entries) != 0 {
			t.Errorf("%d entries", len(r.entries))
		}
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})

	t.Run("malformed JSON after 3 entries: StreamError, the 3 entries delivered", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.Malformed(3))
		r := e.list(t.Context(), seq)
		wantStreamError(t, r.err, 3, client.ErrMalformedResponse)
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})

	t.Run("malformed JSON: the iterator yields the entries, then the StreamError", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.Malformed(2))
		steps := e.iterate(t.Context(), seq)
		if len(steps) != 3 || steps[0].err != nil || steps[1].err != nil {
			t.Fatalf("%d steps, want 2 entries and the error", len(steps))
		}
		wantEntries(t, []client.WaitlistConsumer{steps[0].entry, steps[1].entry}, seqSeed, 2)
		wantStreamError(t, steps[2].err, 2, client.ErrMalformedResponse)
	})
}

func TestFaultsBodyNotAnArray(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	for _, ct := range []string{"text/html; charset=utf-8", "text/plain", "application/xml"} {
		t.Run("wrong content type on a 200 ("+ct+"): StreamError, not retried", func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.s.Enqueue(clienttest.WrongContentType(ct))
			r := e.list(t.Context(), seq)
			wantStreamError(t, r.err, 0, client.ErrMalformedResponse)
			if !strings.Contains(r.err.Error(), ct) {
				t.Errorf("error %q does not name the content type", r.err)
			}
			if r.entries != nil {
				t.Errorf("%d entries", len(r.entries))
			}
			wantAttempts(t, r, 1)
			wantStatuses(t, e, 200)
		})
	}

	t.Run("a +json content type with parameters is JSON", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.WrongContentType("application/vnd.fanfare+json; charset=utf-8"))
		r := e.list(t.Context(), seq)
		wantList(t, r, seqSize)
	})

	for _, tc := range []struct{ name, body, says string }{
		{"empty 200 body", "", "empty body"},
		{"null body", "null", "got null"},
		{"object body", `{"error":"Not ready"}`, "page envelope: it has no data member"},
		{"a page whose data is not an array", `{"data":{}}`, "its data is not an array"},
		{"string body", `"[]"`, "got a string"},
		{"data after the array", `[] []`, "data after the array"},
		{"HTML labelled JSON", `<html><body>Welcome</body></html>`, "invalid character '<'"},
		{"an array that never ends", `[`, "ends inside the array"},
	} {
		t.Run(tc.name+": ErrMalformedResponse, never an empty list", func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.s.Enqueue(clienttest.Fault{Body: []byte(tc.body)})
			r := e.list(t.Context(), seq)
			wantStreamError(t, r.err, 0, client.ErrMalformedResponse)
			if !strings.Contains(r.err.Error(), tc.says) {
				t.Errorf("error %q does not say %q", r.err, tc.says)
			}
			if r.entries != nil {
				t.Errorf("entries %v with the error", r.entries)
			}
			wantAttempts(t, r, 1)
			wantStatuses(t, e, 200)
		})
	}

	t.Run("an empty array is an empty list", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.Enqueue(clienttest.Fault{Body: []byte(" [ ] \n")})
		r := e.list(t.Context(), seq)
		if r.err != nil || r.entries == nil || len(r.entries) != 0 {
			t.Fatalf("entries %#v, error %v; want an empty non-nil list", r.entries, r.err)
		}
	})
}

func TestFaultsBodySizeLimits(t *testing.T) {
	t.Parallel() // the groups overlap too: most scenarios only wait
	t.Run("body larger than WithMaxResponseBytes: ErrResponseTooLarge after the entries that fit", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, ends := seqBody(t)
		r := e.list(t.Context(), seq, client.WithMaxResponseBytes(int64(ends[2]+20)))
		wantStreamError(t, r.err, 3, client.ErrResponseTooLarge)
		if errors.Is(r.err, client.ErrMalformedResponse) {
			t.Errorf("too large is also malformed: %v", r.err)
		}
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
		wantStatuses(t, e, 200)
	})

	t.Run("WithMaxResponseBytes at exactly the body's size: success; one byte less: too large", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		full, _ := seqBody(t)
		wantList(t, e.list(t.Context(), seq, client.WithMaxResponseBytes(int64(len(full)))), seqSize)
		r := e.list(t.Context(), seq, client.WithMaxResponseBytes(int64(len(full)-1)))
		wantStreamError(t, r.err, seqSize, client.ErrResponseTooLarge)
		wantEntries(t, r.entries, seqSeed, seqSize)
	})

	t.Run("WithMaxResponseBytes counts the decoded bytes of a gzip body", func(t *testing.T) {
		t.Parallel()
		e := newEnvWith(t, envConfig{transport: func(tr *http.Transport) { tr.DisableCompression = true }})
		_, ends := seqBody(t)
		e.s.Enqueue(clienttest.Gzipped())
		r := e.list(t.Context(), seq, client.WithMaxResponseBytes(int64(ends[2]+20)))
		wantStreamError(t, r.err, 3, client.ErrResponseTooLarge)
		wantEntries(t, r.entries, seqSeed, 3)
	})

	t.Run("an error body past 1 MiB is cut at 1 MiB", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, client.WithMaxRetries(0))
		big := strings.Repeat("<p>upstream said no</p>\n", (1<<20)/24+100) // past 1 MiB, and not JSON
		e.s.Enqueue(clienttest.Fault{Status: http.StatusBadRequest, Body: []byte(big), ContentType: "text/html"})
		r := e.list(t.Context(), seq)
		wantAPIError(t, r.err, 400, 1, nil)
		apiErr := apiError(t, r.err)
		if len(apiErr.Body) != 1<<20 || string(apiErr.Body) != big[:1<<20] || apiErr.Type != "" {
			t.Errorf("APIError body of %d bytes, type %q; want the first 1 MiB", len(apiErr.Body), apiErr.Type)
		}
	})
}
