package clienttest

// The package tests' harness: requests made by hand to the fake, with or without its key.

import (
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// rawGet requests sequenceID's waitlist by hand, with the server's key unless auth says
// otherwise ("" sends no Authorization), over a connection of its own (no keep-alive, so Go's
// transport never resends by itself). It returns the response with its body read, and the
// error of reading it.
func rawGet(t *testing.T, s *Server, sequenceID, auth string, edit ...func(*http.Request)) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
		s.URL+"/sequences/"+url.PathEscape(sequenceID)+"/waitlist/consumers", http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for _, e := range edit {
		e(req)
	}
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true}}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// callDeadline bounds a call that could hang, against a fake told to hold its answer back for
// an hour: far more than any call needs on a loaded machine, far less than the hour.
const callDeadline = 30 * time.Second

// bearer is the Authorization value carrying the server's key.
func bearer(s *Server) string { return "Bearer " + s.SecretKey() }

// mustGet is rawGet that fails the test on any transport or body error.
func mustGet(t *testing.T, s *Server, sequenceID, auth string, edit ...func(*http.Request)) (*http.Response, []byte) {
	t.Helper()
	resp, body, err := rawGet(t, s, sequenceID, auth, edit...)
	if err != nil {
		t.Fatalf("GET %s: %v", sequenceID, err)
	}
	return resp, body
}
