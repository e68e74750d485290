package client_test

// Adversarial scenarios over TLS and HTTP/2: certificates that cannot verify (never retried:
// asking again cannot make them verify), handshakes that never end, HTTP/2 streams that are
// reset or answer through gzip that is not gzip.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// wantNotRetried checks a call made exactly one attempt that got no response, and that its
// error is a transport error (no APIError, no StreamError).
func wantNotRetried(t *testing.T, r result, dials int64) {
	t.Helper()
	if r.err == nil {
		t.Fatal("no error")
	}
	if r.resp.Attempts != 1 || dials != 1 || strings.Contains(r.err.Error(), "attempts") {
		t.Errorf("%d attempts, %d dials (error %q); want 1 of each, not retried", r.resp.Attempts, dials, r.err)
	}
	var apiErr *client.APIError
	var se *client.StreamError
	if errors.As(r.err, &apiErr) || errors.As(r.err, &se) {
		t.Errorf("a transport error typed as an API or stream error: %v", r.err)
	}
}

func TestAdversarialTLSCertificates(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	t.Run("an untrusted certificate fails at once, not retried, the x509 error reachable", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		hs := startHandler(t, tlsHTTP1, func(w http.ResponseWriter, _ *http.Request) { serveJSON(w, body) })
		tr := newTrackedTransport() // the system's roots: the test certificate is not among them
		checkNoConnLeft(t, tr)
		r := callList(ctx, clientFor(t, hs.srv.URL, tr), seq)
		wantNotRetried(t, r, tr.dials.Load())
		var verr *tls.CertificateVerificationError
		var unknown x509.UnknownAuthorityError
		if !errorsAsAll(r.err, &verr, &unknown) {
			t.Errorf("error %v: want a *tls.CertificateVerificationError wrapping an x509.UnknownAuthorityError", r.err)
		}
		hs.wantRequests(t, 0) // none past a handshake that failed
	})

	t.Run("a certificate for another host fails at once with an x509.HostnameError", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		hs := startHandler(t, tlsHTTP1, func(w http.ResponseWriter, _ *http.Request) { serveJSON(w, body) })
		// The test certificate names 127.0.0.1 and example.com, not localhost.
		other := strings.Replace(hs.srv.URL, "127.0.0.1", "localhost", 1)
		r := callList(ctx, clientFor(t, other, hs.tr), seq)
		wantNotRetried(t, r, hs.tr.dials.Load())
		var hostErr x509.HostnameError
		if !errors.As(r.err, &hostErr) || hostErr.Host != "localhost" {
			t.Errorf("error %v: want an x509.HostnameError for localhost", r.err)
		}
	})

	t.Run("an expired certificate fails at once with an x509.CertificateInvalidError", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		cert, pool := selfSigned(t, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { serveJSON(w, body) }))
		srv.Config.ErrorLog = quietLog
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		tr := newTrackedTransport(func(tr *http.Transport) {
			tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		})
		checkNoConnLeft(t, tr)
		r := callList(ctx, clientFor(t, srv.URL, tr), seq)
		wantNotRetried(t, r, tr.dials.Load())
		var invalid x509.CertificateInvalidError
		if !errors.As(r.err, &invalid) || invalid.Reason != x509.Expired {
			t.Errorf("error %v: want an x509.CertificateInvalidError (expired)", r.err)
		}
	})
}

func TestAdversarialHTTP2(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	t.Run("HTTP/2: the whole list, as over HTTP/1.1", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		var mu sync.Mutex
		var protos []int
		hs := startHandler(t, tlsHTTP2, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			protos = append(protos, r.ProtoMajor)
			mu.Unlock()
			serveJSON(w, body)
		})
		r := callList(ctx, hs.client(t), seq)
		if r.err != nil {
			t.Fatal(r.err)
		}
		wantEntries(t, r.entries, seqSeed, 40)
		mu.Lock()
		defer mu.Unlock()
		if len(protos) != 1 || protos[0] != 2 {
			t.Errorf("request protocols %v, want one HTTP/2 request", protos)
		}
	})

	t.Run("HTTP/2 stream reset after 3 entries: StreamError with the 3 entries, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		ends := entryEnds(t, body)
		hs := startHandler(t, tlsHTTP2, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body[:ends[2]+20])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // RST_STREAM
		})
		r := callList(ctx, hs.client(t), seq)
		wantStreamError(t, r.err, 3)
		if errors.Is(r.err, client.ErrMalformedResponse) {
			t.Errorf("a reset stream is called a malformed response: %v", r.err)
		}
		wantEntries(t, r.entries, seqSeed, 3)
		hs.wantRequests(t, 1)
	})

	t.Run("HTTP/2 503 then 200: retried on the same connection", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		var calls sync.Mutex
		n := 0
		hs := startHandler(t, tlsHTTP2, func(w http.ResponseWriter, _ *http.Request) {
			calls.Lock()
			n++
			first := n == 1
			calls.Unlock()
			if first {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			serveJSON(w, body)
		})
		r := callList(ctx, hs.client(t), seq)
		if r.err != nil {
			t.Fatal(r.err)
		}
		wantEntries(t, r.entries, seqSeed, 40)
		wantAttempts(t, r, 2)
		if d := hs.tr.dials.Load(); d != 1 {
			t.Errorf("%d dials, want 1 (HTTP/2 multiplexes the retry on the same connection)", d)
		}
	})

	t.Run("HTTP/2 gzip the transport decodes, with a bad checksum: ErrMalformedResponse after every entry, not retried", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		bad := corruptCRC(gzipped(t, body))
		hs := startHandler(t, tlsHTTP2, func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Errorf("the transport did not ask for gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			serveJSON(w, bad)
		})
		r := callList(ctx, hs.client(t), seq)
		wantStreamError(t, r.err, 40, client.ErrMalformedResponse)
		wantEntries(t, r.entries, seqSeed, 40)
		hs.wantRequests(t, 1)
	})
}

func TestAdversarialTLSHandshakes(t *testing.T) {
	t.Parallel()
	body := syntheticBody(t, 40, seqSeed)
	t.Run("a TLS handshake the server never answers: WithTimeout ends each attempt, DeadlineExceeded after 3", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		rs := startRaw(t, func(c net.Conn, _ int) { _, _ = io.Copy(io.Discard, c) })
		tr := newTrackedTransport()
		checkNoConnLeft(t, tr)
		r := callList(ctx, clientFor(t, rs.url("https"), tr, client.WithTimeout(200*time.Millisecond)), seq)
		wantBeforeDeadline(ctx, t)
		if !errors.Is(r.err, context.DeadlineExceeded) || !strings.Contains(r.err.Error(), "WithTimeout") {
			t.Fatalf("error %v, want the attempt timeout", r.err)
		}
		rs.wantConnections(t, 3)
		wantAttempts(t, r, 3)
	})

	t.Run("https to a plain-HTTP port: a transport error, and the key never crosses in clear", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		var mu sync.Mutex
		var got [][]byte
		rs := startRaw(t, func(c net.Conn, _ int) {
			buf := make([]byte, 4096)
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			n, _ := io.ReadAtLeast(c, buf, 1)
			mu.Lock()
			got = append(got, append([]byte(nil), buf[:n]...))
			mu.Unlock()
			_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			_ = c.Close()
		})
		tr := newTrackedTransport()
		checkNoConnLeft(t, tr)
		r := callList(ctx, clientFor(t, rs.url("https"), tr), seq)
		var apiErr *client.APIError
		if r.err == nil || errors.As(r.err, &apiErr) {
			t.Fatalf("error %v, want a transport error", r.err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, b := range got {
			if len(b) == 0 || b[0] != 0x16 || bytes.Contains(b, []byte(suiteKey)) || bytes.Contains(b, []byte("Authorization")) {
				t.Errorf("the server received %q, want a TLS handshake record and no key", b[:min(len(b), 64)])
			}
		}
	})

	t.Run("the server drops the TLS connection before answering, once: retried, then the list", func(t *testing.T) {
		t.Parallel()
		ctx := scenarioContext(t)
		var mu sync.Mutex
		dropped := false
		hs := startHandler(t, tlsHTTP1, func(w http.ResponseWriter, _ *http.Request) {
			mu.Lock()
			drop := !dropped
			dropped = true
			mu.Unlock()
			if drop {
				c, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					_ = c.Close()
				}
				return
			}
			serveJSON(w, body)
		})
		r := callList(ctx, hs.client(t), seq)
		if r.err != nil {
			t.Fatal(r.err)
		}
		wantEntries(t, r.entries, seqSeed, 40)
		wantAttempts(t, r, 2)
	})
}

// gzipped compresses b.
func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// corruptCRC flips the gzip trailer's CRC-32 (the 8 bytes at the end are the CRC and the size).
func corruptCRC(gz []byte) []byte {
	out := append([]byte(nil), gz...)
	out[len(out)-8] ^= 0xff
	return out
}
