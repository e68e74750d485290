package clienttest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Request is one request a [Server] received, as [Server.Requests] reports it.
type Request struct {
	// N is the request's place in arrival order, from 1.
	N int
	// Time is when it arrived.
	Time time.Time
	// Method is the HTTP method.
	Method string
	// Path is the URL path as sent (escaped), e.g. /api/sequences/a%2Fb/waitlist/consumers.
	Path string
	// SequenceID is the sequence id from the path, unescaped ("a/b"); empty for unknown paths.
	SequenceID string
	// Header is the request's header with the Authorization value redacted ("Bearer [REDACTED]").
	Header http.Header
	// Authorized reports whether the request carried the server's key.
	Authorized bool
	// Attempt is the client's attempt number (1 for the first try, 2 for the first retry, …)
	// as clients made by [Server.Client] tell it; 0 for other clients.
	Attempt int
	// RequestID is the X-Request-Id the server assigned ("req_00000001", …), sent back unless a
	// fault removed it.
	RequestID string
	// Status is the status code answered, 0 when the connection was cut before the headers.
	Status int
	// Fault is the fault applied to the request, nil when it was served normally.
	Fault *Fault
}

// redactedAuthorization replaces a credential in a recorded request.
const redactedAuthorization = "[REDACTED]"

// Requests returns a copy of every request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i := range s.requests {
		r := s.requests[i]
		r.Header = r.Header.Clone()
		if r.Fault != nil {
			f := r.Fault.clone()
			r.Fault = &f
		}
		out[i] = r
	}
	return out
}

// record notes a request as it arrives and returns its index and X-Request-Id.
func (s *Server) record(r *http.Request, f *Fault) (index int, requestID string) {
	h := r.Header.Clone()
	if auth := h.Values("Authorization"); len(auth) > 0 {
		for i, v := range auth {
			scheme, _, found := strings.Cut(v, " ")
			if found {
				auth[i] = scheme + " " + redactedAuthorization
			} else {
				auth[i] = redactedAuthorization
			}
		}
	}
	attempt, _ := strconv.Atoi(r.Header.Get(attemptHeader))
	var fault *Fault
	if f != nil {
		c := f.clone()
		fault = &c
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.requests) + 1
	requestID = fmt.Sprintf("req_%08d", n)
	s.requests = append(s.requests, Request{
		N:          n,
		Time:       time.Now(),
		Method:     r.Method,
		Path:       r.URL.EscapedPath(),
		SequenceID: r.PathValue("sequenceId"),
		Header:     h,
		Attempt:    attempt,
		RequestID:  requestID,
		Fault:      fault,
	})
	return n - 1, requestID
}

// noteAuthorized records whether request index carried the key.
func (s *Server) noteAuthorized(index int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[index].Authorized = ok
}

// noteStatus records the status request index was answered with.
func (s *Server) noteStatus(index, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[index].Status = status
}
