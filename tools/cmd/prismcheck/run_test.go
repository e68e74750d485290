package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

const spec = "../../../api/openapi.yaml"

// TestRun serves what Prism would from a loopback server: the documented responses, then the
// same with Prism's error document for one request in three; prismcheck passes the first and
// names the failures of the second.
func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name  string
		crash bool
		code  int
		want  string
	}{
		{"documented responses", false, 0, "status 503: 4/4 responses read as documented"},
		{"a mock that crashes", true, 1, "prism failed (500)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n++
				status, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Prefer"), "code="), ", dynamic=true"))
				w.Header().Set("Content-Type", "application/json")
				switch {
				case tc.crash && n%3 == 0:
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"type":"https://stoplight.io/prism/errors#UNKNOWN","title":"TypeError: Cannot read properties of undefined (reading 'items')"}`))
				case status == http.StatusOK:
					_, _ = w.Write([]byte(`[{"id":"e1","organizationId":"o","consumerId":"c","waitlistId":"w","status":"notified","enteredAt":"x",` +
						`"consumer":{"id":"c1","organizationId":"o","createdAt":"2025-01-01T00:00:00Z","createdBy":"s","archived":false,"emailVerified":true,"phoneVerified":false,"status":"ACTIVE","x":[{"y":{}}]}}]`))
				default:
					w.WriteHeader(status)
					_, _ = w.Write([]byte(`{"error":"something"}`))
				}
			}))
			defer srv.Close()
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"-url", srv.URL, "-n", "4", "-spec", spec}, &out, &errOut)
			if code != tc.code || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("exit %d, want %d with %q:\n%s%s", code, tc.code, tc.want, out.String(), errOut.String())
			}
		})
	}
}

// TestDocumented lists the spec's statuses, default as 503.
func TestDocumented(t *testing.T) {
	got, err := documented(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(got); s != "[200 400 401 403 404 429 500 503]" {
		t.Errorf("documented = %s", s)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, &out, &errOut); code != 2 {
		t.Errorf("no -url: exit %d, want 2", code)
	}
}
