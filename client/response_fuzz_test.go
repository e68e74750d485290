package client_test

// FuzzResponseDecoding drives the whole response path, from the HTTP response to the entries,
// with arbitrary bodies: a client whose transport is an in-memory RoundTripper
// answering every request with the fuzz input (no network), under a status, a Content-Encoding
// and a size limit the input picks. Whatever the input:
//   - nothing panics;
//   - every step the iterator yields is an entry or a typed error: an *EntryError at its own
//     index, or, last, one *StreamError (on a 2xx) or *APIError (otherwise);
//   - a StreamError counts the steps before it and matches ErrMalformedResponse, or
//     ErrResponseTooLarge when the body is past the limit; a malformed body's cause is a
//     *SyntaxError whose offset lies within the body;
//   - an APIError carries the status and the body (at most 1 MiB) and matches the sentinel of
//     its status;
//   - ListWaitlistConsumers agrees with the iterator: the same entries, the same errors.
//
// The differential fuzzing of the JSON stream decoder against encoding/json lives beside
// client/stream.go; this target is about what surrounds it.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// fuzzStatuses are the statuses an input can pick (by index, modulo the length).
var fuzzStatuses = []int{200, 200, 200, 201, 203, 206, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504}

// Encodings an input can pick.
const (
	encPlain     = iota // the body as is
	encGzip             // the body gzip-compressed, with Content-Encoding: gzip
	encFalseGzip        // the body as is, but labelled Content-Encoding: gzip
	encCount
)

// memoryTransport answers every request with one canned response.
type memoryTransport struct {
	status   int
	header   http.Header
	wire     []byte
	requests int
}

func (m *memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	m.requests++
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		Status:        http.StatusText(m.status),
		StatusCode:    m.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        m.header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(m.wire)),
		ContentLength: int64(len(m.wire)),
		Request:       req,
	}, nil
}

func fuzzSeeds(f *testing.F) {
	entries, err := json.Marshal(clienttest.Synthetic(4, 7))
	if err != nil {
		f.Fatal(err)
	}
	reference, err := os.ReadFile("testdata/reference-page-example.json")
	if err != nil {
		f.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(entries, &raw); err != nil {
		f.Fatal(err)
	}
	one := string(raw[0])
	bodies := []string{
		"[]", " [ ]\n", "", "null", "{}", `{"data":[]}`, `{"pageInfo":{"endCursor":null},"data":[{"id":"a"},1]}`,
		`{"data":[{"id":"a"}],"pageInfo":{"endCursor":null}} x`, `{"data":[{"id":"]"}],"pageInfo":{"endCursor":nul`, ` {"x":[{]}`, `"[]"`, "0", "true", "[] []", "[],", "[", "]", "[,]", "[1,]",
		"[null]", "[1]", `["x"]`, "[[]]", "[{}]", `[{"id":42}]`, `[{"id":"a","consumer":null}]`,
		`[{"id":"a","enteredAt":"yesterday"}]`, `[{"id":"a","consumer":{"metadata":{"k":[1,"2",null,true,{"x":1}]}}}]`,
		"[" + one + "]", "[" + one + "," + one + "]", "[" + one + ",null," + one + "]", "[" + one[:len(one)/2],
		"[" + one + ",{\"id\":nope}]", "\ufeff[]", "[\"\\ud800\"]", `[{"id":"\u0000"}]`, strings.Repeat("[", 200),
		string(entries), string(reference), string(reference[:len(reference)/3]),
		string(clienttest.HTMLBadGateway().Body), `{"error":"Rate limit exceeded","retryAfter":1}`,
		`{"error":"validation_error","issues":[{"kind":"schema","message":"bad","path":[{"key":"sequenceId"}]}]}`,
		`{"error":"Validation failed","details":[{"field":"sequenceId","message":"Required"}],"code":"E1","message":"m"}`,
		`{"error":1}`, `{"error":"x","details":"y"}`,
	}
	for i, b := range bodies {
		f.Add([]byte(b), uint8(0), uint8(encPlain), uint16(0))
		f.Add([]byte(b), uint8(i), uint8(i%encCount), uint16(0))
	}
	f.Add([]byte(string(entries)), uint8(0), uint8(encGzip), uint16(len(entries)))
	f.Add([]byte(string(entries)), uint8(0), uint8(encPlain), uint16(len(entries)-1))
	f.Add([]byte(string(entries)), uint8(0), uint8(encGzip), uint16(100))
	f.Add([]byte("[]      "), uint8(0), uint8(encPlain), uint16(2))
	f.Add([]byte("\x1f\x8b\x08\x00"), uint8(0), uint8(encFalseGzip), uint16(0))
}

func FuzzResponseDecoding(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte, statusSel, encSel uint8, limit uint16) {
		status := fuzzStatuses[int(statusSel)%len(fuzzStatuses)]
		enc := int(encSel) % encCount
		m := &memoryTransport{status: status, header: http.Header{"Content-Type": {"application/json"}}, wire: body}
		if enc == encGzip {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			_, _ = zw.Write(body)
			_ = zw.Close()
			m.wire = buf.Bytes()
		}
		if enc != encPlain {
			m.header.Set("Content-Encoding", "gzip")
		}
		opts := []client.Option{
			client.WithSecretKey(suiteKey), client.WithBaseURL("https://fanfare.invalid/api"),
			client.WithHTTPClient(&http.Client{Transport: m}), client.WithMaxRetries(0),
		}
		if limit > 0 {
			opts = append(opts, client.WithMaxResponseBytes(int64(limit)))
		}
		c, err := client.New(opts...)
		if err != nil {
			t.Fatal(err)
		}

		if enc == encFalseGzip {
			// What the body decodes to, if it happens to be gzip after all; nil when it is not.
			var decoded []byte
			if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
				if d, err := io.ReadAll(zr); err == nil {
					decoded = d
				}
			}
			checkResponsePath(t, c, m, status, decoded, limit)
			return
		}
		checkResponsePath(t, c, m, status, body, limit)
	})
}

// checkResponsePath checks every invariant of one fuzz input; body is the decoded body, nil
// when it is not known (a body labelled gzip that is not).
func checkResponsePath(t testing.TB, c *client.Client, m *memoryTransport, status int, body []byte, limit uint16) {
	t.Helper()
	ctx := context.Background()
	var steps []step
	for e, err := range c.WaitlistConsumers(ctx, "seq_fuzz") {
		noKey(t, err)
		steps = append(steps, step{e, err})
	}
	if m.requests != 1 {
		t.Errorf("%d requests, want 1", m.requests)
	}
	var (
		entries []client.WaitlistConsumer
		bad     []int
		final   error
	)
	for k := range steps {
		s := &steps[k]
		var ee *client.EntryError
		switch {
		case s.err == nil:
			if final != nil {
				t.Fatalf("step %d: an entry after the final error %v", k, final)
			}
			entries = append(entries, s.entry)
		case errors.As(s.err, &ee):
			if ee.Index != k || final != nil {
				t.Fatalf("step %d: %v (index %d) after final %v", k, s.err, ee.Index, final)
			}
			if !reflect.DeepEqual(s.entry, client.WaitlistConsumer{}) {
				t.Errorf("step %d: an entry error comes with a non-zero entry", k)
			}
			bad = append(bad, k)
		default:
			if k != len(steps)-1 {
				t.Fatalf("step %d of %d: a final error %v before the end", k, len(steps), s.err)
			}
			final = s.err
		}
	}

	if status < 200 || status > 299 {
		checkAPIError(t, final, status, body)
		if len(steps) != 1 {
			t.Errorf("%d steps for a %d, want the APIError alone", len(steps), status)
		}
	} else if final != nil {
		var se *client.StreamError
		if !errors.As(final, &se) {
			t.Fatalf("final error %v (%T) of a %d: want a *StreamError", final, final, status)
		}
		if se.Entries != len(steps)-1 {
			t.Errorf("StreamError counts %d entries, %d steps came before it", se.Entries, len(steps)-1)
		}
		tooLarge, malformed := errors.Is(final, client.ErrResponseTooLarge), errors.Is(final, client.ErrMalformedResponse)
		if tooLarge == malformed {
			t.Errorf("StreamError %v: too large %v, malformed %v; want exactly one", final, tooLarge, malformed)
		}
		if tooLarge && body != nil && (limit == 0 || len(body) <= int(limit)) {
			t.Errorf("too large with a %d-byte body and a limit of %d", len(body), limit)
		}
		var syn *client.SyntaxError
		switch {
		case !malformed || body == nil: // a body labelled gzip that is not: no JSON was read
		case !errors.As(final, &syn):
			t.Errorf("malformed, but no *SyntaxError says where: %v", final)
		case syn.Offset < 0 || syn.Offset > int64(len(body)):
			t.Errorf("a *SyntaxError at byte %d of a %d-byte body", syn.Offset, len(body))
		}
	}

	// ListWaitlistConsumers is the iterator collected.
	got, err := c.ListWaitlistConsumers(ctx, "seq_fuzz")
	noKey(t, err)
	if !reflect.DeepEqual(got, entries) && (len(got) != 0 || len(entries) != 0) {
		t.Errorf("List returned %d entries, the iterator %d", len(got), len(entries))
	}
	switch {
	case final != nil:
		if err == nil || err.Error() != final.Error() {
			t.Errorf("List error %v, the iterator's %v", err, final)
		}
	case len(bad) > 0:
		var ees client.EntryErrors
		if !errors.As(err, &ees) || len(ees) != len(bad) {
			t.Fatalf("List error %v, want EntryErrors for %v", err, bad)
		}
		for i, ee := range ees {
			if ee.Index != bad[i] {
				t.Errorf("List entry error %d at index %d, the iterator's at %d", i, ee.Index, bad[i])
			}
		}
	default:
		if err != nil || got == nil {
			t.Errorf("List = %v entries (nil %v), %v; want a non-nil list", len(got), got == nil, err)
		}
	}
}

// checkAPIError checks the final error of a non-2xx response.
func checkAPIError(t testing.TB, err error, status int, body []byte) {
	t.Helper()
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) of a %d: want an *APIError", err, err, status)
	}
	if apiErr.StatusCode != status || apiErr.Attempts != 1 {
		t.Errorf("APIError status %d after %d attempts; want %d after 1", apiErr.StatusCode, apiErr.Attempts, status)
	}
	if body != nil {
		want := body[:min(len(body), 1<<20)]
		if !bytes.Equal(apiErr.Body, want) {
			t.Errorf("APIError with a %d-byte body; want %d bytes", len(apiErr.Body), len(want))
		}
		var eb client.ErrorBody
		if json.Unmarshal(want, &eb) == nil && apiErr.Type != eb.Error {
			t.Errorf("APIError type %q, the body's error %q", apiErr.Type, eb.Error)
		}
	}
	for _, s := range sentinels {
		var match bool
		switch {
		case errors.Is(s, client.ErrUnauthorized):
			match = status == 401
		case errors.Is(s, client.ErrForbidden):
			match = status == 403
		case errors.Is(s, client.ErrNotFound):
			match = status == 404
		case errors.Is(s, client.ErrRateLimited):
			match = status == 429
		case errors.Is(s, client.ErrServer):
			match = status >= 500
		}
		if errors.Is(err, s) != match {
			t.Errorf("errors.Is(%d, %v) = %v", status, s, !match)
		}
	}
}

// noKey fails when err prints the key. (The fuzz target checks here rather than through the
// sink, which would grow with every one of the fuzzer's millions of inputs.)
func noKey(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(s, suiteKey) || strings.Contains(s, "q7Zx9Lw3Mp5Vn2Kd") {
			t.Errorf("the key is in the error %q", s)
		}
	}
}
