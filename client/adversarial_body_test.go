package client_test

// Adversarial scenarios of response bodies: gzip that is not gzip whoever decodes it, gzip
// bombs, entries held back by a pause, hostile JSON (duplicated and case-folded keys, hostile
// ids, invalid UTF-8, odd numbers, deep nesting, huge strings) and every way a body reader may
// split its reads. What the client yields is encoding/json's decoding of each element, under
// every read pattern.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/fanfare-go/fanfare/client"
)

// readPattern reshapes the reads of a response body, as a middleware may (or a proxy, a TLS
// stack, a decompressor): the bytes are the same, only how each Read returns them differs.
type readPattern struct {
	name string
	// next returns how many of the remaining bytes one Read returns, given room in p.
	next func(rng *rand.Rand, room, left int) int
	// empties makes an empty (0, nil) read come before every other one, the end included.
	empties bool
	// withEOF returns the last bytes with io.EOF instead of in a read of their own.
	withEOF bool
}

var readPatterns = []readPattern{
	{name: "the whole body in one read", next: func(_ *rand.Rand, room, left int) int { return min(room, left) }},
	{name: "one byte per read", next: func(_ *rand.Rand, _, _ int) int { return 1 }},
	{name: "random splits", next: func(rng *rand.Rand, room, left int) int { return 1 + rng.IntN(min(room, left, 3000)) }},
	{name: "an empty read before every read", next: func(rng *rand.Rand, room, left int) int { return 1 + rng.IntN(min(room, left, 700)) }, empties: true},
	{name: "the last bytes returned with io.EOF", next: func(rng *rand.Rand, room, left int) int { return 1 + rng.IntN(min(room, left, 5000)) }, withEOF: true},
}

// middleware is the pattern as client middleware: the body the transport hands over is read
// whole, then served in the pattern's reads.
func (rp readPattern) middleware(seed uint64) client.Middleware {
	return func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(req)
			if err != nil {
				return nil, err
			}
			resp.Body = &patternBody{under: resp.Body, rp: rp, rng: rand.New(rand.NewPCG(seed, 1))}
			return resp, nil
		})
	}
}

type patternBody struct {
	under   io.ReadCloser
	rp      readPattern
	rng     *rand.Rand
	data    []byte
	read    bool
	err     error
	emptied bool
}

func (b *patternBody) Read(p []byte) (int, error) {
	if !b.read {
		b.read = true
		b.data, b.err = io.ReadAll(b.under)
		if b.err == nil {
			b.err = io.EOF
		}
	}
	if b.rp.empties && !b.emptied {
		b.emptied = true
		return 0, nil
	}
	b.emptied = false
	if len(b.data) == 0 {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	n := copy(p, b.data[:b.rp.next(b.rng, len(p), len(b.data))])
	b.data = b.data[n:]
	if len(b.data) == 0 && b.rp.withEOF {
		return n, b.err
	}
	return n, nil
}

func (b *patternBody) Close() error { return b.under.Close() }

// referenceSteps is encoding/json's reading of an array body, element by element (a null
// element is an entry error), and whether the stream itself is malformed.
func referenceSteps(body []byte) (steps []step, malformed bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, true
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return steps, true
		}
		var e client.WaitlistConsumer
		var err error
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			err = errors.New("null entry")
		} else if err = json.Unmarshal(raw, &e); err != nil {
			e = client.WaitlistConsumer{}
		}
		steps = append(steps, step{e, err})
	}
	if _, err := dec.Token(); err != nil {
		return steps, true
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return steps, true
	}
	return steps, false
}

// wantReference checks the iterator's steps against encoding/json's: the same entries in
// order, an *EntryError at each element encoding/json cannot decode, and a final
// ErrMalformedResponse exactly when the stream is malformed.
func wantReference(t *testing.T, got []step, body []byte) {
	t.Helper()
	want, malformed := referenceSteps(body)
	var final error
	if n := len(got); n > 0 && !errors.As(got[n-1].err, new(*client.EntryError)) && got[n-1].err != nil {
		final, got = got[n-1].err, got[:n-1]
	}
	if len(got) != len(want) {
		t.Fatalf("%d elements yielded, encoding/json has %d (final error %v)", len(got), len(want), final)
	}
	for i := range want {
		var ee *client.EntryError
		switch {
		case want[i].err != nil:
			if !errors.As(got[i].err, &ee) || ee.Index != i {
				t.Fatalf("element %d: %v, want an *EntryError (encoding/json: %v)", i, got[i].err, want[i].err)
			}
		case got[i].err != nil:
			t.Fatalf("element %d: error %v, encoding/json decodes it", i, got[i].err)
		case !reflect.DeepEqual(got[i].entry, want[i].entry):
			g, _ := json.Marshal(got[i].entry)
			w, _ := json.Marshal(want[i].entry)
			t.Fatalf("element %d differs from encoding/json's:\n got %.600s\nwant %.600s", i, g, w)
		}
	}
	if malformed != errors.Is(final, client.ErrMalformedResponse) || (!malformed && final != nil) {
		t.Fatalf("final error %v; encoding/json finds the stream malformed: %v", final, malformed)
	}
}

// hostileBodies are bodies whose every element a careless decoder could get wrong.
func hostileBodies(t *testing.T) []struct{ name, body string } {
	t.Helper()
	fake := syntheticBody(t, 40, seqSeed)
	var elems []json.RawMessage
	if err := json.Unmarshal(fake, &elems); err != nil {
		t.Fatal(err)
	}
	array := func(parts ...string) string { return "[" + strings.Join(parts, ",") + "]" }
	repeat := func(n int, elem func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = elem(i)
		}
		return array(parts...)
	}
	// Every string field given twice, the later one empty or different.
	dup := func(i int) string {
		return fmt.Sprintf(`{"id":"e%d","id":"","status":"waitlisted","status":"","enteredAt":"x","enteredAt":"",`+
			`"notifiedAt":"2025-01-01T00:00:00Z","notifiedAt":"","waitlistId":"w","waitlistId":"w2",`+
			`"consumer":{"id":"c","id":"","email":"a@example.com","email":"","fullName":"Zoë","fullName":"",`+
			`"aov":"12.50","aov":"","status":"ACTIVE","status":"","createdAt":"2025-01-01T00:00:00Z"}}`, i)
	}
	whitespace := func() string {
		var b bytes.Buffer
		if err := json.Indent(&b, fake, "\r\n", " \t"); err != nil {
			t.Fatal(err)
		}
		return " \n\t" + strings.ReplaceAll(strings.ReplaceAll(b.String(), ":", " : "), ",", " ,\r\n ") + " \n"
	}
	return []struct{ name, body string }{
		{"the fake's 40 entries", string(fake)},
		{"every string field duplicated, the later value empty or different: the last wins", repeat(30, dup)},
		{"keys case-folded, escaped, __proto__, with a NUL, 4 KiB long", repeat(20, func(i int) string {
			return fmt.Sprintf(`{"ID":"upper%d","Status":"left","\u0069d":"escaped%d","__proto__":{"polluted":true},"constructor":"c",`+
				`"i\u0000d":"nul","%s":1,"consumer":{"EMAIL":"shout@example.com","Metadata":{"__proto__":1}}}`, i, i, strings.Repeat("k", 4096))
		})},
		{"hostile ids: path traversal, NUL, control characters, RTL marks, emoji, markup, 1 MiB long", array(
			`{"id":"../../etc/passwd"}`, `{"id":"\u0000"}`, `{"id":"\u0007\b\f\n\r\t"}`, `{"id":"\u202eevil\u202c"}`,
			`{"id":"😀\ud83d\ude00"}`, `{"id":"<script>alert(1)</script>"}`, `{"id":"`+strings.Repeat("x", 1<<20)+`"}`,
			`{"id":"a\"b\\c\/d"}`, `{"id":"%2e%2e%2f"}`, `{"id":"   "}`,
		)},
		{"invalid UTF-8 and lone surrogates, replaced as encoding/json replaces them", repeat(20, func(i int) string {
			return fmt.Sprintf("{\"id\":\"bad\xff\xfe%d\",\"consumer\":{\"fullName\":\"\xed\xa0\x80 \\ud800 \\udc00x \xc3\",\"email\":\"\xe2\x82\"}}", i)
		})},
		{"odd numbers: -0, exponents, the smallest subnormal, overflow, fractions for integers (entry errors where encoding/json fails)", array(
			`{"id":"a","consumer":{"activityScore":-0,"engagedCount":1E+2,"monetaryScore":5e-324,"activityRank":-0}}`,
			`{"id":"b","consumer":{"activityScore":1e400}}`,
			`{"id":"c","consumer":{"activityRank":9223372036854775808}}`,
			`{"id":"d","consumer":{"activityRank":1.0}}`,
			`{"id":"e","consumer":{"totalOrders":-9223372036854775808,"ltv":"1e400"}}`,
			`{"id":"f","consumer":{"activityScore":0.000000000000000000000000000000000000000001}}`,
		)},
		{"metadata nested 5,000 deep", array(`{"id":"deep","consumer":{"metadata":{"a":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}}}`, `{"id":"after"}`)},
		{"nesting past encoding/json's limit of 10,000: malformed where encoding/json says so", array(`{"id":"first"}`, strings.Repeat("[", 10001)+strings.Repeat("]", 10001), `{"id":"after"}`)},
		{"a 4 MiB string", array(`{"id":"big","consumer":{"fullName":"`+strings.Repeat("é", 2<<20)+`"}}`, string(elems[0]))},
		{"5,000 empty objects", repeat(5000, func(int) string { return "{}" })},
		{"white space between every token", whitespace()},
		{"null entries among good ones: entry errors, the others delivered", array(string(elems[0]), "null", string(elems[1]), " null ", string(elems[2]))},
		{"wrong types (numbers for strings, strings for numbers, arrays for objects): entry errors", array(
			`{"id":42}`, `{"id":"ok","consumer":{"activityRank":"5"}}`, `{"consumer":[]}`, `{"id":"x","consumer":{"metadata":[1]}}`, `[]`, `"entry"`, `true`,
			string(elems[3]),
		)},
	}
}

func TestAdversarialBodyHostileJSON(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	ends := entryEnds(t, body)
	for _, tc := range hostileBodies(t) {
		t.Run(tc.name+": encoding/json's entries and entry errors under every read pattern", func(t *testing.T) {
			t.Parallel()
			hs := startHandler(t, plainHTTP, func(w http.ResponseWriter, _ *http.Request) { serveJSON(w, []byte(tc.body)) })
			for i, rp := range readPatterns {
				ctx := scenarioContext(t)
				c := hs.client(t, client.WithMiddleware(rp.middleware(uint64(i))), client.WithMaxRetries(0))
				var steps []step
				for e, err := range c.WaitlistConsumers(ctx, seq) {
					sink.addErr(err)
					steps = append(steps, step{e, err})
				}
				t.Run(rp.name, func(t *testing.T) { wantReference(t, steps, []byte(tc.body)) })
			}
		})
	}

	t.Run("an empty read exactly at WithMaxResponseBytes: nothing happened, the list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		hs := startHandler(t, plainHTTP, func(w http.ResponseWriter, _ *http.Request) { serveJSON(w, body) })
		empties := readPatterns[3]
		r := callList(ctx, hs.client(t, client.WithMiddleware(empties.middleware(7))), seq, client.WithMaxResponseBytes(int64(len(body))))
		wantList(t, r, 40)
	})

	t.Run("20 entries, then a pause: all 20 are yielded before the pause ends", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		release := make(chan struct{})
		var once sync.Once
		hs := startHandler(t, plainHTTP, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body[:ends[19]+1])
			w.(http.Flusher).Flush()
			select { // the pause ends when the client has all 20, or goes away
			case <-release:
			case <-r.Context().Done():
				return
			}
			_, _ = w.Write(body[ends[19]+1:])
		})
		var got []client.WaitlistConsumer
		for e, err := range hs.client(t).WaitlistConsumers(ctx, seq) {
			sink.addErr(err)
			if err != nil {
				t.Fatalf("after %d entries: %v", len(got), err)
			}
			got = append(got, e)
			if len(got) == 20 {
				once.Do(func() { close(release) })
			}
		}
		wantEntries(t, got, seqSeed, 40)
	})
}

func TestAdversarialBodyGzip(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	gz := gzipped(t, body)
	t.Run("a bad gzip header the transport decodes: ErrMalformedResponse, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		hs := startHandler(t, plainHTTP, gzipHandler(t, []byte("this is not gzip, whatever the header says")))
		r := callList(ctx, hs.client(t), seq)
		wantStreamError(t, r.err, 0, client.ErrMalformedResponse)
		wantAttempts(t, r, 1)
		hs.wantRequests(t, 1)
	})

	t.Run("a bad gzip checksum the transport decodes: ErrMalformedResponse after every entry, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		hs := startHandler(t, plainHTTP, gzipHandler(t, corruptCRC(gz)))
		r := callList(ctx, hs.client(t), seq)
		wantStreamError(t, r.err, 40, client.ErrMalformedResponse)
		wantEntries(t, r.entries, seqSeed, 40)
		hs.wantRequests(t, 1)
	})

	t.Run("a bad gzip checksum the client decodes itself: ErrMalformedResponse after every entry, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		hs := startHandler(t, plainHTTP, gzipHandler(t, corruptCRC(gz)), func(tr *http.Transport) { tr.DisableCompression = true })
		r := callList(ctx, hs.client(t), seq)
		wantStreamError(t, r.err, 40, client.ErrMalformedResponse)
		hs.wantRequests(t, 1)
	})

	ends := entryEnds(t, body)
	for _, tc := range []struct {
		name string
		edit func(*http.Transport)
	}{
		{"a gzipped body broken in its 3rd entry, which the transport decodes: the SyntaxError's offset counts decoded bytes", nil},
		{"a gzipped body broken in its 3rd entry, which the client decodes: the SyntaxError's offset counts decoded bytes", func(tr *http.Transport) { tr.DisableCompression = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			broken := bytes.Clone(body)
			at := ends[1] + 1 + bytes.IndexByte(body[ends[1]+1:], ':') // the 3rd entry's first colon
			broken[at] = '='
			ctx := scenarioContext(t)
			var edits []func(*http.Transport)
			if tc.edit != nil {
				edits = append(edits, tc.edit)
			}
			hs := startHandler(t, plainHTTP, gzipHandler(t, gzipped(t, broken)), edits...)
			r := callList(ctx, hs.client(t), seq)
			wantStreamError(t, r.err, 2, client.ErrMalformedResponse)
			var syn *client.SyntaxError
			if !errors.As(r.err, &syn) || syn.Offset != int64(at) {
				t.Errorf("error %v; want a *SyntaxError at byte %d of the decoded body", r.err, at)
			}
		})
	}

	for _, tc := range []struct {
		name string
		edit func(*http.Transport)
	}{
		{"a gzip bomb the transport decodes stops at WithMaxResponseBytes with ErrResponseTooLarge", nil},
		{"a gzip bomb the client decodes stops at WithMaxResponseBytes with ErrResponseTooLarge", func(tr *http.Transport) { tr.DisableCompression = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := gzipBomb(t)
			ctx := scenarioContext(t)
			var edits []func(*http.Transport)
			if tc.edit != nil {
				edits = append(edits, tc.edit)
			}
			hs := startHandler(t, plainHTTP, gzipHandler(t, b), edits...)
			r := callList(ctx, hs.client(t), seq, client.WithMaxResponseBytes(1<<20))
			wantStreamError(t, r.err, 0, client.ErrResponseTooLarge)
			hs.wantRequests(t, 1)
		})
	}

	t.Run("a gzip bomb as a 503 body: the APIError keeps the first 1 MiB, retried as a 503", func(t *testing.T) {
		t.Parallel()
		bomb := gzipBomb(t)
		ctx := scenarioContext(t)
		hs := startHandler(t, plainHTTP, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write(bomb)
		})
		r := callList(ctx, hs.client(t), seq)
		wantAPIError(t, r.err, 503, 3, client.ErrServer)
		apiErr := apiError(t, r.err)
		if len(apiErr.Body) != 1<<20 || apiErr.Body[0] != '[' {
			t.Errorf("APIError body of %d bytes, want the first 1 MiB", len(apiErr.Body))
		}
	})
}

// gzipHandler answers with body labelled Content-Encoding: gzip.
func gzipHandler(t *testing.T, body []byte) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		serveJSON(w, body)
	}
}

var bomb = struct {
	once sync.Once
	gz   []byte
}{}

// gzipBomb is some 70 KiB of gzip that decodes to "[" and 64 MiB of spaces: 64 gzip members
// (a gzip stream may have several, decoded one after the other) of 1 MiB each.
func gzipBomb(t *testing.T) []byte {
	t.Helper()
	bomb.once.Do(func() {
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		first := gzipped(t, append([]byte("["), spaces[1:]...))
		member := gzipped(t, spaces)
		bomb.gz = slices.Concat(first, bytes.Repeat(member, 63))
	})
	return bomb.gz
}
