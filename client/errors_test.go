package client

// The documented error responses of every status, each parsed into an *APIError (type, message,
// code, request id, rate limit, raw body) that matches its sentinel, retried or not as documented;
// validation issues and details in both of the API's forms.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDocumentedErrorStatuses(t *testing.T) {
	cases := []struct {
		status   int
		body     string
		sentinel error
		typ, msg string
		attempts int
	}{
		{400, `{"error":"validation_error","issues":[{"kind":"schema","type":"string","expected":"string","received":"undefined","message":"Invalid type","path":[{"type":"object","origin":"value","input":{},"key":"sequenceId"}]}]}`, nil, "validation_error", "", 1},
		{400, `{"error":"Validation failed","details":[{"field":"sequenceId","message":"Required"}]}`, nil, "Validation failed", "", 1},
		{401, `{"error":"Authentication required"}`, ErrUnauthorized, "Authentication required", "", 1},
		{403, `{"error":"Forbidden","message":"The key lacks the permission"}`, ErrForbidden, "Forbidden", "The key lacks the permission", 1},
		{404, `{"error":"Sequence not found"}`, ErrNotFound, "Sequence not found", "", 1},
		{429, `{"error":"Rate limit exceeded","retryAfter":0}`, ErrRateLimited, "Rate limit exceeded", "", 3},
		{500, `{"error":"Internal server error"}`, ErrServer, "Internal server error", "", 3},
		{503, `{"error":"Service unavailable","code":"MAINT"}`, ErrServer, "Service unavailable", "", 3},
	}
	sentinels := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServer}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Request-Id", "req_42")
				w.Header().Set("X-RateLimit-Limit", "1000")
				w.Header().Set("X-RateLimit-Remaining", "998")
				w.Header().Set("X-RateLimit-Reset", "4102444800")
				jsonReply(w, tc.status, tc.body)
			})
			entries, err := newTestClient(t, srv).ListWaitlistConsumers(context.Background(), "s")
			if len(entries) != 0 {
				t.Fatalf("entries = %v", entries)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Type != tc.typ || apiErr.Message != tc.msg || apiErr.RequestID != "req_42" ||
				string(apiErr.Body) != tc.body || apiErr.Attempts != tc.attempts || len(reqs()) != tc.attempts {
				t.Fatalf("APIError = %+v (%d requests)", apiErr, len(reqs()))
			}
			if apiErr.RateLimit != (RateLimit{Limit: 1000, Remaining: 998, Reset: time.Unix(4102444800, 0), Known: true}) {
				t.Fatalf("RateLimit = %+v", apiErr.RateLimit)
			}
			for _, s := range sentinels {
				if got, want := errors.Is(err, s), errors.Is(tc.sentinel, s) && tc.sentinel != nil; got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
				}
			}
			if !strings.Contains(err.Error(), "req_42") || !strings.Contains(err.Error(), tc.typ) {
				t.Errorf("Error() = %q lacks the request id or the type", err)
			}
		})
	}
}

func TestValidationIssuesAreParsed(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		jsonReply(w, 400, `{"error":"validation_error","issues":[{"kind":"schema","type":"string","expected":"string","received":"undefined","message":"Invalid type","path":[{"type":"object","origin":"value","input":{},"key":"sequenceId"}]}],"details":[{"field":"f","message":"m"}]}`)
	})
	_, err := newTestClient(t, srv).ListWaitlistConsumers(context.Background(), "s")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || len(apiErr.Issues) != 1 || apiErr.Issues[0].Path[0].Key != "sequenceId" ||
		len(apiErr.Details) != 1 || apiErr.Details[0].Field != "f" {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "Invalid type") || !strings.Contains(err.Error(), "f: m") {
		t.Fatalf("Error() = %q", err)
	}
}
