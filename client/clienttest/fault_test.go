package clienttest

// Each kind of Fault on the wire, seen by a raw HTTP client: statuses with their documented
// bodies, Retry-After, bodies and headers replaced or deleted, the proxy's HTML 502, delays,
// truncation, malformed JSON, disconnects, stalls, gzip, redirects; the fault queue and Always.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// fastRetries makes the client's backoff negligible, for tests that count attempts.
var fastRetries = client.WithBackoff(time.Millisecond, 2*time.Millisecond)

func TestStatusFaultsSendTheDocumentedBodies(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{400, `{"error":"validation_error","issues":[{"expected":"string","kind":"schema","message":"Invalid type: Expected string but received undefined","path":[{"input":{},"key":"sequenceId","origin":"value","type":"object"}],"received":"undefined","type":"string"}]}`},
		{401, `{"error":"Authentication required"}`},
		{403, `{"error":"Forbidden"}`},
		{404, `{"error":"Sequence not found"}`},
		{408, `{"error":"Request Timeout"}`},
		{429, `{"error":"Rate limit exceeded"}`},
		{500, `{"error":"Internal server error"}`},
		{502, `{"error":"Bad Gateway"}`},
		{503, `{"error":"Service Unavailable"}`},
		{504, `{"error":"Gateway Timeout"}`},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			s := Start(t)
			s.Enqueue(Status(tc.status))
			resp, body := mustGet(t, s, "no-such-sequence", "") // a fault answers before the key and sequence checks
			if resp.StatusCode != tc.status || strings.TrimSpace(string(body)) != tc.body {
				t.Fatalf("got %d %s", resp.StatusCode, body)
			}
			if resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("X-Request-Id") == "" ||
				resp.Header.Get("X-RateLimit-Limit") == "" {
				t.Errorf("headers %v", resp.Header)
			}
		})
	}
}

func TestRateLimitedFaultCarriesRetryAfterInHeaderAndBody(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", Synthetic(3, 1))
	s.Enqueue(RateLimited("2"))
	resp, body := mustGet(t, s, "seq", bearer(s))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("got %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	var eb client.ErrorBody
	if err := json.Unmarshal(body, &eb); err != nil || eb.RetryAfter == nil || *eb.RetryAfter != 2 {
		t.Fatalf("body %s (%v)", body, err)
	}

	date := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	s.Enqueue(RateLimited(date))
	_, err := s.Client(client.WithMaxRetryWait(time.Second)).ListWaitlistConsumers(t.Context(), "seq")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.RetryAfter < 59*time.Minute {
		t.Fatalf("an hour's Retry-After as an HTTP date: %v", err)
	}
}

func TestStatusBodyAndBodyFaults(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", Synthetic(2, 1))
	s.Enqueue(
		StatusBody(500, `{"error":"Internal server error","message":"db down","code":"E42"}`),
		Fault{Body: []byte("null")},
		Fault{Body: []byte{}},
		Fault{Status: 201},
	)
	resp, body := mustGet(t, s, "seq", bearer(s))
	if resp.StatusCode != http.StatusInternalServerError || string(body) != `{"error":"Internal server error","message":"db down","code":"E42"}` {
		t.Errorf("StatusBody: %d %s", resp.StatusCode, body)
	}
	if resp, body = mustGet(t, s, "seq", bearer(s)); resp.StatusCode != http.StatusOK || string(body) != "null" {
		t.Errorf("Body null: %d %s", resp.StatusCode, body)
	}
	if resp, body = mustGet(t, s, "seq", bearer(s)); resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Errorf("empty Body: %d %q", resp.StatusCode, body)
	}
	resp, body = mustGet(t, s, "seq", bearer(s))
	var entries []client.WaitlistConsumer
	if err := json.Unmarshal(body, &entries); resp.StatusCode != http.StatusCreated || err != nil || len(entries) != 2 {
		t.Errorf("Status 201: %d, %d entries (%v)", resp.StatusCode, len(entries), err)
	}
}

func TestHeaderFaultsOverrideAndDelete(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", nil)
	s.Enqueue(Fault{
		ContentType: "text/plain; charset=utf-8",
		RetryAfter:  "7",
		Header:      http.Header{"X-Request-Id": nil, "x-ratelimit-remaining": {"0"}, "X-Extra": {"a", "b"}},
	})
	resp, body := mustGet(t, s, "seq", bearer(s))
	h := resp.Header
	if resp.StatusCode != http.StatusOK || string(body) != "[]" {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	if h.Get("Content-Type") != "text/plain; charset=utf-8" || h.Get("Retry-After") != "7" ||
		h.Get("X-RateLimit-Remaining") != "0" || len(h.Values("X-Extra")) != 2 {
		t.Errorf("headers %v", h)
	}
	if _, ok := h["X-Request-Id"]; ok {
		t.Errorf("X-Request-Id still sent: %v", h)
	}
}

func TestHTMLBadGatewayLooksLikeAProxy(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", Synthetic(1, 1))
	s.Enqueue(HTMLBadGateway())
	resp, body := mustGet(t, s, "seq", bearer(s))
	if resp.StatusCode != http.StatusBadGateway || string(body) != proxyBadGatewayHTML || resp.Header.Get("Content-Type") != "text/html" {
		t.Fatalf("got %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, k := range []string{"X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
		if v := resp.Header.Get(k); v != "" {
			t.Errorf("a proxy's 502 carries %s: %q", k, v)
		}
	}
	s.Enqueue(HTMLBadGateway())
	got, err := s.Client(fastRetries).ListWaitlistConsumers(t.Context(), "seq")
	if err != nil || len(got) != 1 {
		t.Fatalf("client after one HTML 502: %v", err)
	}
}

func TestDelayHoldsTheHeadersBack(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", nil)
	s.Enqueue(SlowHeaders(150 * time.Millisecond))
	start := time.Now()
	mustGet(t, s, "seq", bearer(s))
	// The delay lies wholly inside the time measured: a slow machine only adds to it.
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("answered after %v, want at least 150ms", d)
	}

	s.Enqueue(SlowHeaders(time.Hour))
	ctx, cancel := context.WithTimeout(t.Context(), callDeadline)
	defer cancel()
	_, err := s.Client(client.WithTimeout(100*time.Millisecond), client.WithMaxRetries(0)).ListWaitlistConsumers(ctx, "seq")
	if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "WithTimeout") {
		t.Fatalf("a client timeout against an hour's delay: %v (the test's deadline: %v), want the client's WithTimeout", err, ctx.Err())
	}
}

func TestTruncateEndsTheBodyInAWellFormedResponse(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", Synthetic(20, 1))
	_, full := mustGet(t, s, "seq", bearer(s))
	for _, n := range []int{0, 1, 100, len(full) - 1, len(full) + 100} {
		s.Enqueue(Truncated(n))
		resp, body, err := rawGet(t, s, "seq", bearer(s))
		if err != nil {
			t.Fatalf("truncated at %d: the HTTP message broke: %v", n, err)
		}
		want := full[:min(n, len(full))]
		if resp.StatusCode != http.StatusOK || !bytes.Equal(body, want) {
			t.Errorf("truncated at %d: got %d bytes, want %d", n, len(body), len(want))
		}
	}
	s.Enqueue(Truncated(len(full) / 2))
	_, err := s.Client(client.WithMaxRetries(0)).ListWaitlistConsumers(t.Context(), "seq")
	if !errors.Is(err, client.ErrMalformedResponse) {
		t.Fatalf("client: %v, want ErrMalformedResponse", err)
	}
}

func TestMalformedBreaksTheJSONAfterNEntries(t *testing.T) {
	s := Start(t)
	want := Synthetic(5, 2)
	s.AddWaitlist("seq", want)
	for _, n := range []int{0, 3, 99} {
		s.Enqueue(Malformed(n))
		_, body := mustGet(t, s, "seq", bearer(s))
		if json.Valid(body) || !bytes.HasSuffix(body, []byte(malformedEntry+"]")) {
			t.Errorf("Malformed(%d): body is valid JSON or lacks the bad entry: ...%s", n, body[max(len(body)-40, 0):])
		}
	}
	s.Enqueue(Malformed(3))
	var got []client.WaitlistConsumer
	var final error
	for e, err := range s.Client(client.WithMaxRetries(0)).WaitlistConsumers(t.Context(), "seq") {
		if err != nil {
			final = err
			break
		}
		got = append(got, e)
	}
	var se *client.StreamError
	if !errors.As(final, &se) || !errors.Is(final, client.ErrMalformedResponse) || se.Entries != 3 {
		t.Fatalf("client: %v, want a StreamError after 3 entries", final)
	}
	if !reflect.DeepEqual(got, want[:3]) {
		t.Errorf("the 3 entries before the break differ")
	}
}

func TestDisconnects(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", Synthetic(40, 3))
	_, full := mustGet(t, s, "seq", bearer(s))

	t.Run("reset before headers", func(t *testing.T) {
		s.Enqueue(ResetBeforeHeaders())
		resp, _, err := rawGet(t, s, "seq", bearer(s))
		if err == nil || resp != nil {
			t.Fatalf("got a response: %v", resp)
		}
		if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
			t.Errorf("error %v, want a reset", err)
		}
		if r := s.Requests(); r[len(r)-1].Status != 0 {
			t.Errorf("recorded status %d, want 0", r[len(r)-1].Status)
		}
	})
	t.Run("close before headers", func(t *testing.T) {
		s.Enqueue(Fault{Disconnect: CloseConnection, DisconnectAfter: DisconnectBeforeHeaders})
		if _, _, err := rawGet(t, s, "seq", bearer(s)); !errors.Is(err, io.EOF) {
			t.Fatalf("error %v, want EOF", err)
		}
	})
	t.Run("reset mid-body", func(t *testing.T) {
		s.Enqueue(ResetAfter(3000))
		resp, body, err := rawGet(t, s, "seq", bearer(s))
		if resp == nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("no 200 before the reset: %v", err)
		}
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("error %v, want connection reset", err)
		}
		if !bytes.Equal(body, full[:3000]) {
			t.Errorf("read %d bytes before the reset, want the first 3000", len(body))
		}
	})
	t.Run("close mid-body", func(t *testing.T) {
		s.Enqueue(CloseAfter(1234))
		_, body, err := rawGet(t, s, "seq", bearer(s))
		if !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.Equal(body, full[:1234]) {
			t.Fatalf("read %d bytes, error %v; want 1234 and an unexpected EOF", len(body), err)
		}
	})
	t.Run("close after a short body", func(t *testing.T) {
		s.Enqueue(CloseAfter(len(full) + 1000))
		_, body, err := rawGet(t, s, "seq", bearer(s))
		if !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.Equal(body, full) {
			t.Fatalf("read %d of %d bytes, error %v; want all and an unexpected EOF", len(body), len(full), err)
		}
	})
	t.Run("client sees a stream error after the entries before the reset", func(t *testing.T) {
		s.Enqueue(ResetAfter(len(full) / 2))
		n := 0
		var final error
		for _, err := range s.Client(client.WithMaxRetries(0)).WaitlistConsumers(t.Context(), "seq") {
			if err != nil {
				final = err
				break
			}
			n++
		}
		var se *client.StreamError
		if !errors.As(final, &se) || n == 0 || n >= 40 {
			t.Fatalf("after %d entries: %v, want a StreamError midway", n, final)
		}
	})
}

func TestStallPausesTheBody(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", Synthetic(10, 3))
	s.Enqueue(StalledBody(500, 200*time.Millisecond))
	start := time.Now()
	resp, body, err := rawGet(t, s, "seq", bearer(s))
	if err != nil || resp.StatusCode != http.StatusOK || !json.Valid(body) {
		t.Fatalf("stalled body: %v", err)
	}
	// The stall lies wholly inside the time measured: a slow machine only adds to it.
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("took %v, want at least the 200ms stall", d)
	}

	s.Enqueue(StalledBody(500, time.Hour))
	_, err = s.Client(client.WithTimeout(150*time.Millisecond), client.WithMaxRetries(0)).ListWaitlistConsumers(t.Context(), "seq")
	var se *client.StreamError
	if !errors.As(err, &se) {
		t.Fatalf("an hour's stall against a 150ms idle timeout: %v", err)
	}
}

func TestGzip(t *testing.T) {
	want := Synthetic(30, 4)
	decode := func(t *testing.T, resp *http.Response, body []byte) []client.WaitlistConsumer {
		t.Helper()
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var got []client.WaitlistConsumer
		if err := json.NewDecoder(zr).Decode(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	acceptGzip := func(r *http.Request) { r.Header.Set("Accept-Encoding", "gzip") }

	t.Run("fault forces it", func(t *testing.T) {
		s := Start(t)
		s.AddWaitlist("seq", want)
		s.Enqueue(Gzipped())
		resp, body := mustGet(t, s, "seq", bearer(s))
		if got := decode(t, resp, body); !reflect.DeepEqual(got, want) {
			t.Error("gzipped entries differ")
		}
		s.Enqueue(Gzipped())
		hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		got, err := s.Client(client.WithHTTPClient(hc)).ListWaitlistConsumers(t.Context(), "seq")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("client reading gzip it did not ask for: %v", err)
		}
	})
	t.Run("WithGzip only when accepted", func(t *testing.T) {
		s := Start(t, WithGzip())
		s.AddWaitlist("seq", want)
		resp, body := mustGet(t, s, "seq", bearer(s), acceptGzip)
		if got := decode(t, resp, body); !reflect.DeepEqual(got, want) {
			t.Error("gzipped entries differ")
		}
		resp, _ = mustGet(t, s, "seq", bearer(s))
		if resp.Header.Get("Content-Encoding") != "" {
			t.Error("gzipped without Accept-Encoding")
		}
		resp, _ = mustGet(t, s, "seq", bearer(s), func(r *http.Request) { r.Header.Set("Accept-Encoding", "gzip;q=0, br") })
		if resp.Header.Get("Content-Encoding") != "" {
			t.Error("gzipped although refused with q=0")
		}
		resp, _ = mustGet(t, s, "nope", bearer(s), acceptGzip)
		if resp.Header.Get("Content-Encoding") != "" {
			t.Error("gzipped a 404")
		}
		got, err := s.Client().ListWaitlistConsumers(t.Context(), "seq")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("client over transparent gzip: %v", err)
		}
	})
	t.Run("truncated gzip", func(t *testing.T) {
		s := Start(t)
		s.AddWaitlist("seq", want)
		s.Enqueue(Fault{Gzip: true, Truncate: true, TruncateAfter: 200})
		hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		_, err := s.Client(client.WithHTTPClient(hc), client.WithMaxRetries(0)).ListWaitlistConsumers(t.Context(), "seq")
		if err == nil {
			t.Fatal("a truncated gzip stream decoded")
		}
	})
}

func TestFaultQueue(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq", nil)
	s.Enqueue(Status(500), Status(502), Status(503), Status(503))
	var got []int
	for range 5 {
		resp, _ := mustGet(t, s, "seq", bearer(s))
		got = append(got, resp.StatusCode)
	}
	if want := []int{500, 502, 503, 503, 200}; !reflect.DeepEqual(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}

	s.Enqueue(Status(504))
	s.Always(Status(418))
	got = got[:0]
	for range 3 {
		resp, _ := mustGet(t, s, "seq", bearer(s))
		got = append(got, resp.StatusCode)
	}
	if want := []int{504, 418, 418}; !reflect.DeepEqual(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	s.Enqueue(Status(500))
	s.ClearFaults()
	if resp, _ := mustGet(t, s, "seq", bearer(s)); resp.StatusCode != http.StatusOK {
		t.Fatalf("after ClearFaults: %d", resp.StatusCode)
	}
	if reqs := s.Requests(); reqs[len(reqs)-1].Fault != nil {
		t.Fatalf("after ClearFaults the request took the fault %+v", reqs[len(reqs)-1].Fault)
	}

	f := Fault{Status: 500, Header: http.Header{"X-A": {"1"}}, Body: []byte("x")}
	s.Enqueue(f)
	f.Header.Set("X-A", "changed")
	f.Body[0] = 'y'
	if resp, body := mustGet(t, s, "seq", bearer(s)); resp.Header.Get("X-A") != "1" || string(body) != "x" {
		t.Errorf("the queued fault changed with the caller's copy: %q %q", resp.Header.Get("X-A"), body)
	}
}

func TestRetriesThroughFaultsAreRecordedWithTheirAttempts(t *testing.T) {
	// The client waits for the rate-limit window's reset after any 429 (whatever its Retry-After
	// says), so keep the window short.
	s := Start(t, WithRateLimit(100, time.Second))
	want := Synthetic(3, 1)
	s.AddWaitlist("seq", want)
	s.Enqueue(Status(503), RateLimited("0"))
	got, err := s.Client(fastRetries).ListWaitlistConsumers(t.Context(), "seq")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after 503 and 429: %v", err)
	}
	var statuses, attempts []int
	for _, r := range s.Requests() {
		statuses = append(statuses, r.Status)
		attempts = append(attempts, r.Attempt)
	}
	if !reflect.DeepEqual(statuses, []int{503, 429, 200}) || !reflect.DeepEqual(attempts, []int{1, 2, 3}) {
		t.Fatalf("statuses %v attempts %v", statuses, attempts)
	}
}

func TestDisconnectString(t *testing.T) {
	for d, want := range map[Disconnect]string{NoDisconnect: "no disconnect", CloseConnection: "close", ResetConnection: "reset", 9: "Disconnect(?)"} {
		if d.String() != want {
			t.Errorf("%d: %q", int(d), d.String())
		}
	}
}

func TestRedirectFaultSendsTheClientElsewhereWithoutItsKey(t *testing.T) {
	s, other := Start(t), Start(t)
	want := Synthetic(4, 2)
	other.AddWaitlist("seq", want)
	s.Enqueue(Fault{Status: http.StatusTemporaryRedirect, Header: http.Header{"Location": {other.URL + "/sequences/seq/waitlist/consumers"}}})

	_, err := s.Client().ListWaitlistConsumers(t.Context(), "seq")
	if !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("after a redirect to another host: %v, want the other host's 401", err)
	}
	reqs := other.Requests()
	if len(reqs) != 1 {
		t.Fatalf("the other host received %d requests, want 1", len(reqs))
	}
	if got := reqs[0].Header.Get("Authorization"); got != "" || reqs[0].Authorized {
		t.Fatalf("the other host received Authorization %q", got)
	}
	if s.Requests()[0].Status != http.StatusTemporaryRedirect {
		t.Errorf("first answer %d, want 307", s.Requests()[0].Status)
	}
}
