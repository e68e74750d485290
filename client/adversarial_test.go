package client_test

// The adversarial suite: hostile servers (TLS, HTTP/2, hand-written broken HTTP on a raw
// listener, gzip bombs), odd headers, hostile bodies and careless callers. Every scenario runs
// end to end over loopback, states its fair expectation in its name, and runs under a deadline
// (scenarioContext), so that a regression fails instead of hanging the suite. Scenarios are
// grouped by concern in adversarial_*_test.go; this file holds their harness. TestMain
// (leak_test.go) checks that none of them leaks a goroutine or a connection, or the key.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// scenarioDeadline bounds every adversarial scenario: far more than any of them needs on a
// loaded machine, far less than a hang.
const scenarioDeadline = 45 * time.Second

// scenarioContext is the context of one scenario: it ends at the deadline, and only then or
// after the scenario's later cleanups (its connection checks among them). It is not
// t.Context(), which ends before any cleanup: that would close, through the request's context,
// a connection the client leaked, and hide the leak from the check.
func scenarioContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), scenarioDeadline)
	t.Cleanup(cancel)
	return ctx
}

// wantBeforeDeadline fails the scenario if its context ended: the call returned because the
// deadline cut it, not by itself.
func wantBeforeDeadline(ctx context.Context, t *testing.T) {
	t.Helper()
	if ctx.Err() != nil {
		t.Fatalf("the call only returned at the scenario's deadline (%v)", scenarioDeadline)
	}
}

// clientFor returns a client of the suite (its key, logger and fast backoff) for baseURL over
// the transport tr, with opts on top.
func clientFor(t *testing.T, baseURL string, tr http.RoundTripper, opts ...client.Option) *client.Client {
	t.Helper()
	faultSuiteRan.Store(true)
	base := append(suiteOptions(tr), client.WithSecretKey(suiteKey), client.WithBaseURL(baseURL))
	c, err := client.New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	sink.addValue(c)
	return c
}

// checkNoConnLeft fails t when a connection of tr is still open once the scenario ends.
func checkNoConnLeft(t *testing.T, tr *trackedTransport) {
	t.Helper()
	t.Cleanup(func() {
		if n := settleConns(tr, &tr.open, 2*time.Second); n != 0 {
			t.Errorf("connection leak: %d of %d connections still open after closing the idle ones", n, tr.dials.Load())
		}
	})
}

// handlerServer is an httptest server (TLS and HTTP/2 when asked) counting its requests, and
// a tracked transport that trusts it.
type handlerServer struct {
	srv      *httptest.Server
	tr       *trackedTransport
	requests atomic.Int64
}

// serverMode says how a handlerServer listens.
type serverMode int

const (
	plainHTTP serverMode = iota
	tlsHTTP1
	tlsHTTP2
)

func startHandler(t *testing.T, mode serverMode, h http.HandlerFunc, edit ...func(*http.Transport)) *handlerServer {
	t.Helper()
	hs := &handlerServer{}
	hs.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hs.requests.Add(1)
		h(w, r)
	}))
	hs.srv.Config.ErrorLog = quietLog
	switch mode {
	case plainHTTP:
		hs.srv.Start()
	case tlsHTTP2:
		hs.srv.EnableHTTP2 = true
		hs.srv.StartTLS()
	case tlsHTTP1:
		hs.srv.StartTLS()
	}
	t.Cleanup(hs.srv.Close) // registered first: runs after the connection check below
	hs.tr = newTrackedTransport(append([]func(*http.Transport){func(tr *http.Transport) {
		if mode != plainHTTP {
			pool := x509.NewCertPool()
			pool.AddCert(hs.srv.Certificate())
			tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
			tr.ForceAttemptHTTP2 = mode == tlsHTTP2
		}
	}}, edit...)...)
	checkNoConnLeft(t, hs.tr)
	return hs
}

// wantRequests checks the server has received n requests.
func (hs *handlerServer) wantRequests(t *testing.T, n int64) {
	t.Helper()
	if got := hs.requests.Load(); got != n {
		t.Errorf("the server received %d requests, want %d", got, n)
	}
}

// client returns a client of the suite for the server.
func (hs *handlerServer) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	return clientFor(t, hs.srv.URL, hs.tr, opts...)
}

// serveJSON writes body as a 200 application/json answer.
func serveJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// rawServer is a loopback TCP listener whose connections are served by hand-written bytes:
// HTTP as no real server would send it.
type rawServer struct {
	ln      net.Listener
	accepts atomic.Int64
	mu      sync.Mutex
	conns   []net.Conn
	wg      sync.WaitGroup
}

// startRaw listens on loopback and serves the n-th connection (from 1) with serve, which owns
// it (and may keep it open; every connection is closed when the scenario ends).
func startRaw(t *testing.T, serve func(c net.Conn, n int)) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rs := &rawServer{ln: ln}
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := int(rs.accepts.Add(1))
			rs.mu.Lock()
			rs.conns = append(rs.conns, c)
			rs.mu.Unlock()
			rs.wg.Add(1)
			go func() {
				defer rs.wg.Done()
				serve(c, n)
			}()
		}
	}()
	t.Cleanup(rs.close)
	return rs
}

func (rs *rawServer) close() {
	_ = rs.ln.Close()
	rs.mu.Lock()
	for _, c := range rs.conns {
		_ = c.Close()
	}
	rs.mu.Unlock()
	rs.wg.Wait()
}

// wantConnections checks the server has accepted n connections. The kernel completes a
// connection before the accept loop counts it, so the count may lag behind what the client
// did: it is given a few seconds to catch up (a count past n fails at once).
func (rs *rawServer) wantConnections(t *testing.T, n int64) {
	t.Helper()
	for wait := time.Now().Add(5 * time.Second); rs.accepts.Load() < n && time.Now().Before(wait); {
		time.Sleep(time.Millisecond)
	}
	if got := rs.accepts.Load(); got != n {
		t.Errorf("the server accepted %d connections, want %d", got, n)
	}
}

// url is the server's base URL with the scheme given.
func (rs *rawServer) url(scheme string) string {
	return scheme + "://" + rs.ln.Addr().String() + "/api"
}

// client returns a client of the suite for the raw server over plain http, with its tracked
// transport.
func (rs *rawServer) client(t *testing.T, opts ...client.Option) (*client.Client, *trackedTransport) {
	t.Helper()
	tr := newTrackedTransport()
	checkNoConnLeft(t, tr)
	return clientFor(t, rs.url("http"), tr, opts...), tr
}

// readRequest reads one request from c (nil when the client went away first).
func readRequest(br *bufio.Reader) *http.Request {
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil
	}
	_, _ = io.Copy(io.Discard, req.Body)
	return req
}

// rawResponse is an HTTP/1.1 response: the status line, the header lines and the body, with a
// Content-Length unless the headers have one or say chunked.
func rawResponse(status string, body []byte, headers ...string) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	hasLength := false
	for _, h := range headers {
		b.WriteString(h + "\r\n")
		hasLength = hasLength || strings.HasPrefix(h, "Content-Length:") || strings.HasPrefix(h, "Transfer-Encoding:")
	}
	if !hasLength {
		b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// jsonHeader is the Content-Type line of a JSON answer.
const jsonHeader = "Content-Type: application/json"

// serveEach answers every request on the connection with the bytes answer(n) returns for the
// connection's number n; a nil answer keeps the connection open and silent.
func serveEach(answer func(n int) []byte) func(net.Conn, int) {
	return func(c net.Conn, n int) {
		br := bufio.NewReader(c)
		for readRequest(br) != nil {
			out := answer(n)
			if out == nil {
				_, _ = io.Copy(io.Discard, br) // silent until the client goes away
				return
			}
			if _, err := c.Write(out); err != nil {
				return
			}
		}
	}
}

// quietLog drops the servers' own error logs (TLS handshake errors the scenarios cause).
var quietLog = log.New(io.Discard, "", 0)

// selfSigned makes a certificate for 127.0.0.1 valid from notBefore to notAfter, and a pool
// trusting it.
func selfSigned(t *testing.T, notBefore, notAfter time.Time) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(42),
		Subject:               pkix.Name{CommonName: "fanfare test"},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// nxdomainResolver is a resolver whose DNS server (a real one, on a loopback UDP port) answers
// every question with rcode: 3 (NXDOMAIN, "no such host") or 2 (SERVFAIL, a temporary failure).
// It needs no network.
func nxdomainResolver(t *testing.T, rcode byte) (*net.Resolver, *atomic.Int64) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	var queries atomic.Int64
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply := dnsRefusal(buf[:n], rcode); reply != nil {
				queries.Add(1)
				_, _ = pc.WriteTo(reply, from)
			}
		}
	}()
	addr := pc.LocalAddr().String()
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
	return r, &queries
}

// dnsRefusal answers the DNS query q with rcode and no records: its header (id, flags with QR
// set, one question) and its question, copied.
func dnsRefusal(q []byte, rcode byte) []byte {
	if len(q) < 12 {
		return nil
	}
	end := 12
	for end < len(q) && q[end] != 0 { // the question's name: length-prefixed labels, then 0
		end += int(q[end]) + 1
	}
	end += 1 + 4 // the 0, then the type and class
	if end > len(q) {
		return nil
	}
	reply := append([]byte(nil), q[:end]...)
	reply[2] = 0x80 | q[2]&0x79 // QR, the query's opcode and RD
	reply[3] = 0x80 | rcode     // RA and the rcode
	reply[4], reply[5] = 0, 1   // one question
	for i := 6; i < 12; i++ {   // no answer, authority or additional records
		reply[i] = 0
	}
	return reply
}

// errorsAsAll reports whether err matches each target with errors.As.
func errorsAsAll(err error, targets ...any) bool {
	for _, target := range targets {
		if !errors.As(err, target) {
			return false
		}
	}
	return true
}
