package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestKeyAndBaseURLErrorsAreUsageErrors(t *testing.T) {
	s := clienttest.Start(t)
	s.AddWaitlist("seq", nil)
	for _, tc := range []struct {
		name  string
		env   []string
		parts []string
	}{
		{"no key", []string{"FANFARE_BASE_URL=" + s.URL}, []string{"no secret key", "FANFARE_SECRET_KEY", "--demo"}},
		{"publishable key", []string{"FANFARE_BASE_URL=" + s.URL, "FANFARE_SECRET_KEY=pk_live_abc"}, []string{"publishable", "FANFARE_SECRET_KEY"}},
		{"key with a space", []string{"FANFARE_BASE_URL=" + s.URL, "FANFARE_SECRET_KEY=sk_test_a b"}, []string{"the secret key contains white space", "FANFARE_SECRET_KEY"}},
		{"plain http to another host", []string{"FANFARE_BASE_URL=http://api.example.com", "FANFARE_SECRET_KEY=sk_test_x"}, []string{"http", "FANFARE_BASE_URL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, tc.env, "waitlist", "consumers", "seq")
			wantCode(t, r, 2)
			wantOneLine(t, r, tc.parts...)
		})
	}
	if len(s.Requests()) != 0 {
		t.Errorf("%d requests sent with a refused key or base URL", len(s.Requests()))
	}
}

func TestRejectedKey(t *testing.T) {
	s := clienttest.Start(t)
	s.AddWaitlist("seq", nil)
	const wrong = "sk_test_definitely_rotated_0123"
	for _, cmd := range []string{"consumers", "summary"} {
		r := cli(t, []string{"FANFARE_BASE_URL=" + s.URL, "FANFARE_SECRET_KEY=" + wrong}, "waitlist", cmd, "seq")
		wantCode(t, r, 1)
		wantOneLine(t, r, "secret key was rejected", "401", "FANFARE_SECRET_KEY", "request id req_")
		if strings.Contains(r.stderr+r.stdout, wrong) {
			t.Fatalf("%s printed the key", cmd)
		}
	}
}

func TestAPIErrorsExitWithOne(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault *clienttest.Fault
		seq   string
		parts []string
	}{
		{"unknown sequence", nil, "seq_nope", []string{`sequence "seq_nope" not found`, "404"}},
		{"forbidden", &clienttest.Fault{Status: http.StatusForbidden}, "seq", []string{"may not read", `"seq"`, "403"}},
		{"server error after retries", &clienttest.Fault{Status: http.StatusInternalServerError, RetryAfter: "0"}, "seq",
			[]string{"Fanfare failed (500 Internal Server Error) after 3 attempts", "request id"}},
		{"proxy HTML", ptr(clienttest.HTMLBadGateway()), "seq", []string{"502 Bad Gateway", "after 3 attempts"}},
		{"rate limited past the wait cap", ptr(clienttest.RateLimited("86400")), "seq", []string{"rate limited", "429", "retry after 24h0m0s"}},
		{"reset mid-body", ptr(clienttest.ResetAfter(3000)), "seq", []string{"connection broke after", "connection reset by peer"}},
		{"malformed body", ptr(clienttest.Malformed(2)), "seq", []string{"response broke off after 2 entries", "malformed"}},
		{"HTML with a 200", &clienttest.Fault{Body: []byte("<html>maintenance</html>"), ContentType: "text/html"}, "seq", []string{"not a waitlist", "not JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := clienttest.Start(t)
			s.AddSyntheticWaitlist("seq", 40, 1)
			if tc.fault != nil {
				s.Always(*tc.fault)
			}
			r := cli(t, against(s), "waitlist", "consumers", tc.seq, "--format", "jsonl")
			wantCode(t, r, 1)
			wantOneLine(t, r, tc.parts...)
		})
	}
}

func TestRateLimitRefusalIsExplained(t *testing.T) {
	until := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	err := fmt.Errorf("wrapped: %w", &client.RateLimitError{Wait: 90*time.Second + 400*time.Millisecond, MaxRetryWait: time.Minute, Until: until})
	msg, code := explain(err, "seq")
	if code != exitFailure || msg != "rate limited: Fanfare's rate limit lets the next request go in 1m30s, at 2026-12-01T09:30:00Z; nothing was sent" {
		t.Errorf("explain = %q, %d", msg, code)
	}
}

func ptr(f clienttest.Fault) *clienttest.Fault { return &f }

func TestNetworkErrorExitsWithOne(t *testing.T) {
	s := clienttest.NewServer()
	env := against(s)
	s.Close() // nothing listens there any more
	r := cli(t, env, "waitlist", "summary", "seq")
	wantCode(t, r, 1)
	wantOneLine(t, r, "cannot reach Fanfare", "connection refused")
}

func TestUsageErrorsExitWithTwo(t *testing.T) {
	s := clienttest.Start(t)
	s.AddWaitlist("seq", nil)
	for _, tc := range []struct {
		args  []string
		parts []string
	}{
		{[]string{"wait"}, []string{`unknown command "wait"`, "fanfare --help"}},
		{[]string{"waitlist", "list", "seq"}, []string{`unknown command "waitlist list"`}},
		{[]string{"waitlist", "consumers"}, []string{"missing SEQUENCE_ID", "fanfare waitlist consumers --help"}},
		{[]string{"waitlist", "summary"}, []string{"missing SEQUENCE_ID", "fanfare waitlist summary --help"}},
		{[]string{"waitlist", "consumers", "seq", "other"}, []string{`unexpected argument "other"`}},
		{[]string{"waitlist", "consumers", "seq", "--colour"}, []string{"flag provided but not defined: --colour"}},
		{[]string{"waitlist", "consumers", "seq", "--format", "xml"}, []string{`unknown format "xml"`}},
		{[]string{"waitlist", "consumers", "seq", "--format"}, []string{"flag needs an argument"}},
		{[]string{"waitlist", "consumers", "seq", "--status", "pending"}, []string{`unknown status "pending"`, "waitlisted"}},
		{[]string{"waitlist", "consumers", "seq", "--fields", "id,consumer..shoeSize"}, []string{`"consumer..shoeSize" is not a member path`}},
		{[]string{"waitlist", "consumers", "seq", "--progress", "sometimes"}, []string{`unknown progress mode`}},
		{[]string{"waitlist", "summary", "seq", "--format", "csv"}, []string{`unknown format "csv"`}},
		{[]string{"waitlist", "consumers", ".."}, []string{"sequence id", "is a path segment"}},
		{[]string{"waitlist", "consumers", "demo", "--demo", "--demo-entries", "-5"}, []string{`invalid value "-5" for flag --demo-entries: must not be negative`, "fanfare waitlist consumers --help"}},
		{[]string{"waitlist", "summary", "demo", "--demo", "--demo-entries=-1"}, []string{`invalid value "-1"`, "must not be negative", "fanfare waitlist summary --help"}},
		{[]string{"waitlist", "consumers", "demo", "--demo", "--demo-entries", "ten"}, []string{`invalid value "ten"`, "not a whole number"}},
		{[]string{"waitlist", "consumers", "demo", "--demo", "--demo-entries", "1e3"}, []string{`invalid value "1e3"`, "not a whole number"}},
		{[]string{"waitlist", "consumers", "demo", "--demo", "--demo-entries", "99999999999999999999"}, []string{"too large"}},
		{[]string{"waitlist", "consumers", "demo", "--demo", "--demo-seed", "x"}, []string{`invalid value "x" for flag --demo-seed`}},
	} {
		r := cli(t, against(s), tc.args...)
		if r.code != 2 {
			t.Errorf("%v: exit code %d, want 2 (stderr %q)", tc.args, r.code, r.stderr)
			continue
		}
		if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
			t.Errorf("%v: stderr is not one line:\n%s", tc.args, r.stderr)
		}
		for _, p := range tc.parts {
			if !strings.Contains(r.stderr, p) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, p, r.stderr)
			}
		}
		if r.stdout != "" {
			t.Errorf("%v: stdout %q", tc.args, r.stdout)
		}
	}
	if len(s.Requests()) != 0 {
		t.Errorf("%d requests sent for refused command lines", len(s.Requests()))
	}
}

func TestFlagsMayFollowTheSequenceID(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 10, 1)
	s.AddSyntheticWaitlist("--odd", 3, 1)
	for _, args := range [][]string{
		{"waitlist", "consumers", "seq", "--format", "jsonl"},
		{"waitlist", "consumers", "--format=jsonl", "seq"},
		{"waitlist", "consumers", "-format", "jsonl", "seq"},
	} {
		r := cli(t, against(s), args...)
		wantCode(t, r, 0)
		if strings.Count(r.stdout, "\n") != 10 {
			t.Errorf("%v: %d lines", args, strings.Count(r.stdout, "\n"))
		}
	}
	r := cli(t, against(s), "waitlist", "consumers", "--format", "jsonl", "--", "--odd")
	wantCode(t, r, 0)
	if strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("a sequence id after --: %d lines", strings.Count(r.stdout, "\n"))
	}
}

func TestUndecodableEntriesAreReportedAndTheRestWritten(t *testing.T) {
	s := clienttest.Start(t)
	good := clienttest.Synthetic(2, 1)
	a, _ := json.Marshal(good[0])
	b, _ := json.Marshal(good[1])
	s.Always(clienttest.Fault{Body: []byte("[" + string(a) + `,7,` + string(b) + "]")})
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl", "--fields", "id")
	wantCode(t, r, 1)
	if r.stdout != `{"id":"`+good[0].ID+`"}`+"\n"+`{"id":"`+good[1].ID+`"}`+"\n" {
		t.Errorf("stdout %q, want the two good entries", r.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "warning: waitlist entry 1") ||
		!strings.Contains(lines[1], "1 waitlist entry could not be decoded and left out; the first, entry 1") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
