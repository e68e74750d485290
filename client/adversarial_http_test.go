package client_test

// Adversarial scenarios of HTTP as no real server sends it, written by hand on a raw listener:
// informational responses, broken status lines and framing, headers past the transport's
// limit, servers that accept and never answer, and host names that do not exist.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

func TestAdversarialHTTPStatusLinesAndHeaders(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	ok := rawResponse("200 OK", body, jsonHeader)
	// Responses that Go's transport takes as the answer they wrap: the list, in one attempt.
	for _, tc := range []struct{ name, before string }{
		{"103 Early Hints before the 200: the list, as if it were not there", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"},
		{"an unasked-for 100 Continue before the 200: the list", "HTTP/1.1 100 Continue\r\n\r\n"},
		{"five 1xx responses before the 200: the list", strings.Repeat("HTTP/1.1 102 Processing\r\n\r\n", 5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			rs := startRaw(t, serveEach(func(int) []byte { return append([]byte(tc.before), ok...) }))
			c, _ := rs.client(t)
			r := callList(ctx, c, seq)
			wantList(t, r, 40)
			wantAttempts(t, r, 1)
		})
	}

	// Answers that break HTTP itself before the headers are done: transport errors, retried
	// like any broken connection, then returned as the transport's own error.
	for _, tc := range []struct{ name, answer string }{
		{"a garbage status line: a transport error after 3 attempts", "HTTP/1.1 two hundred OK\r\nContent-Length: 2\r\n\r\n[]"},
		{"conflicting Content-Length headers: a transport error after 3 attempts", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n[]"},
		{"a status line and then the connection closed: a transport error after 3 attempts", "HTTP/1.1 200 OK\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := scenarioContext(t)
			rs := startRaw(t, func(c net.Conn, _ int) {
				if readRequest(bufio.NewReader(c)) != nil {
					_, _ = c.Write([]byte(tc.answer))
				}
				_ = c.Close()
			})
			c, _ := rs.client(t)
			r := callList(ctx, c, seq)
			wantTransportError(t, r, 3)
			rs.wantConnections(t, 3)
		})
	}

	t.Run("1xx responses without end: stopped at the transport's header limit, its error after 3 attempts", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, _ int) {
			if readRequest(bufio.NewReader(c)) == nil {
				return
			}
			processing := bytes.Repeat([]byte("HTTP/1.1 102 Processing\r\n\r\n"), 1000)
			for {
				if _, err := c.Write(processing); err != nil {
					return
				}
			}
		})
		c, _ := rs.client(t)
		r := callList(ctx, c, seq)
		wantTransportError(t, r, 3)
		if !strings.Contains(r.err.Error(), "headers exceeded") {
			t.Errorf("error %q does not say the headers were too long", r.err)
		}
	})

	t.Run("response headers past the transport's limit: its error after 3 attempts, nothing decoded", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		huge := "X-Padding: " + strings.Repeat("a", 64<<10)
		rs := startRaw(t, serveEach(func(int) []byte { return rawResponse("200 OK", body, jsonHeader, huge) }))
		tr := newTrackedTransport(func(tr *http.Transport) { tr.MaxResponseHeaderBytes = 32 << 10 })
		checkNoConnLeft(t, tr)
		r := callList(ctx, clientFor(t, rs.url("http"), tr), seq)
		wantTransportError(t, r, 3)
		if !strings.Contains(r.err.Error(), "headers exceeded") {
			t.Errorf("error %q does not say the headers were too long", r.err)
		}
	})
}

func TestAdversarialHTTPFraming(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	ends := entryEnds(t, body)
	ok := rawResponse("200 OK", body, jsonHeader)
	t.Run("the connection closed right after the headers, once: retried, then the list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, n int) {
			if n == 1 {
				if readRequest(bufio.NewReader(c)) != nil {
					_, _ = c.Write(rawResponse("200 OK", nil, jsonHeader, "Content-Length: "+strconv.Itoa(len(body))))
				}
				_ = c.Close()
				return
			}
			serveEach(func(int) []byte { return ok })(c, n)
		})
		c, _ := rs.client(t)
		r := callList(ctx, c, seq)
		wantList(t, r, 40)
		wantAttempts(t, r, 2)
	})

	t.Run("a Content-Length past the body, then a close after 3 entries: StreamError with io.ErrUnexpectedEOF and the 3 entries", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, _ int) {
			if readRequest(bufio.NewReader(c)) != nil {
				_, _ = c.Write(rawResponse("200 OK", body[:ends[2]+5], jsonHeader, "Content-Length: "+strconv.Itoa(len(body))))
			}
			_ = c.Close()
		})
		c, _ := rs.client(t)
		r := callList(ctx, c, seq)
		wantStreamError(t, r.err, 3, io.ErrUnexpectedEOF)
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
	})

	t.Run("a complete HTTP message whose JSON stops after 3 entries: truncated, ErrMalformedResponse, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, serveEach(func(int) []byte { return rawResponse("200 OK", body[:ends[2]+5], jsonHeader) }))
		c, _ := rs.client(t)
		r := callList(ctx, c, seq)
		wantStreamError(t, r.err, 3, client.ErrMalformedResponse, io.ErrUnexpectedEOF)
		wantAttempts(t, r, 1)
		rs.wantConnections(t, 1)
	})

	t.Run("a broken chunk length after 3 entries: StreamError with the 3 entries, not malformed, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		first := body[:ends[2]+5]
		chunked := fmt.Sprintf("%x\r\n%s\r\nzz\r\n", len(first), first)
		rs := startRaw(t, func(c net.Conn, _ int) {
			if readRequest(bufio.NewReader(c)) != nil {
				_, _ = c.Write(rawResponse("200 OK", []byte(chunked), jsonHeader, "Transfer-Encoding: chunked"))
			}
			_ = c.Close()
		})
		c, _ := rs.client(t)
		r := callList(ctx, c, seq)
		wantStreamError(t, r.err, 3)
		if errors.Is(r.err, client.ErrMalformedResponse) {
			t.Errorf("a broken HTTP framing is called a malformed JSON response: %v", r.err)
		}
		wantEntries(t, r.entries, seqSeed, 3)
		wantAttempts(t, r, 1)
	})
}

func TestAdversarialHTTPOddButValid(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	ok := rawResponse("200 OK", body, jsonHeader)
	t.Run("chunked with trailers: the list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		var chunks bytes.Buffer
		for rest := body; len(rest) > 0; {
			n := min(len(rest), 777)
			fmt.Fprintf(&chunks, "%x\r\n%s\r\n", n, rest[:n])
			rest = rest[n:]
		}
		chunks.WriteString("0\r\nX-Checksum: none\r\n\r\n")
		rs := startRaw(t, serveEach(func(int) []byte {
			return rawResponse("200 OK", chunks.Bytes(), jsonHeader, "Transfer-Encoding: chunked", "Trailer: X-Checksum")
		}))
		c, _ := rs.client(t)
		wantList(t, callList(ctx, c, seq), 40)
	})

	t.Run("HTTP/1.0 without Content-Length, the body ended by the close: the list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, _ int) {
			if readRequest(bufio.NewReader(c)) != nil {
				_, _ = c.Write(append([]byte("HTTP/1.0 200 OK\r\n"+jsonHeader+"\r\n\r\n"), body...))
			}
			_ = c.Close()
		})
		c, _ := rs.client(t)
		wantList(t, callList(ctx, c, seq), 40)
	})

	t.Run("every byte of the response in a write of its own: the list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, _ int) {
			if readRequest(bufio.NewReader(c)) == nil {
				return
			}
			if tcp, isTCP := c.(*net.TCPConn); isTCP {
				_ = tcp.SetNoDelay(true)
			}
			for _, b := range ok {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
			}
		})
		c, _ := rs.client(t)
		wantList(t, callList(ctx, c, seq), 40)
	})
}

func TestAdversarialHTTPSilence(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	t.Run("a server that accepts and never answers: WithTimeout ends each attempt, DeadlineExceeded after 3", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, serveEach(func(int) []byte { return nil }))
		c, _ := rs.client(t, client.WithTimeout(200*time.Millisecond))
		r := callList(ctx, c, seq)
		wantBeforeDeadline(ctx, t)
		if !errors.Is(r.err, context.DeadlineExceeded) || !strings.Contains(r.err.Error(), "after 3 attempts") {
			t.Fatalf("error %v, want the attempt timeout after 3 attempts", r.err)
		}
		wantTransportError(t, r, 3)
	})

	t.Run("headers, then silence: WithTimeout ends each attempt (no entry yet, so retried), then a StreamError", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, _ int) {
			br := bufio.NewReader(c)
			if readRequest(br) != nil {
				_, _ = c.Write(rawResponse("200 OK", nil, jsonHeader, "Content-Length: "+strconv.Itoa(len(body))))
				_, _ = io.Copy(io.Discard, br)
			}
		})
		c, _ := rs.client(t, client.WithTimeout(attemptTimeout)) // the headers must come within it, loaded or not
		r := callList(ctx, c, seq)
		wantBeforeDeadline(ctx, t)
		wantStreamError(t, r.err, 0, context.DeadlineExceeded)
		wantAttempts(t, r, 3)
		rs.wantConnections(t, 3)
	})

	t.Run("an unknown host (NXDOMAIN): fails at once, not retried, the *net.DNSError reachable", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		resolver, queries := nxdomainResolver(t, 3)
		c, tr := dnsClient(t, resolver)
		r := callList(ctx, c, seq)
		var dnsErr *net.DNSError
		if !errors.As(r.err, &dnsErr) || !dnsErr.IsNotFound || dnsErr.Name == "" {
			t.Fatalf("error %v, want a *net.DNSError saying no such host", r.err)
		}
		wantNotRetried(t, r, tr.dials.Load())
		if queries.Load() == 0 {
			t.Error("the resolver was never asked: the scenario did not reach DNS")
		}
	})

	t.Run("a DNS server failing (SERVFAIL, temporary): retried, the *net.DNSError after 3 attempts", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		resolver, _ := nxdomainResolver(t, 2)
		c, tr := dnsClient(t, resolver)
		r := callList(ctx, c, seq)
		var dnsErr *net.DNSError
		if !errors.As(r.err, &dnsErr) || dnsErr.IsNotFound {
			t.Fatalf("error %v, want a temporary *net.DNSError", r.err)
		}
		if n := tr.dials.Load(); n != 3 || !strings.Contains(r.err.Error(), "after 3 attempts") {
			t.Errorf("%d dials (error %q), want 3 attempts", n, r.err)
		}
	})
}

// dnsClient returns a client for https://api.fanfare.invalid (RFC 2606: a name that never
// resolves) whose transport resolves names with resolver, and the transport.
func dnsClient(t *testing.T, resolver *net.Resolver) (*client.Client, *trackedTransport) {
	t.Helper()
	tr := newTrackedTransport(func(tr *http.Transport) {
		d := &net.Dialer{Resolver: resolver, Timeout: 5 * time.Second}
		tr.DialContext = d.DialContext
	})
	// Count dials through the resolving dialer.
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		tr.dials.Add(1)
		return dial(ctx, network, addr)
	}
	return clientFor(t, "https://api.fanfare.invalid/api", tr), tr
}

// wantTransportError checks a call failed with a transport error (no APIError, StreamError or
// entries) after attempts attempts.
func wantTransportError(t *testing.T, r result, attempts int) {
	t.Helper()
	if r.err == nil {
		t.Fatal("no error")
	}
	var apiErr *client.APIError
	var se *client.StreamError
	if errors.As(r.err, &apiErr) || errors.As(r.err, &se) || len(r.entries) != 0 {
		t.Errorf("error %v (%T) with %d entries: want a transport error and nothing decoded", r.err, r.err, len(r.entries))
	}
	if r.resp.Attempts != attempts {
		t.Errorf("%d attempts, want %d: %v", r.resp.Attempts, attempts, r.err)
	}
}
