package client_test

// The call loop's one tail: whatever ends a failed call (a status that is not retried, the last
// retry spent, a server's wait past WithMaxRetryWait, a transport error), the call gives up once,
// returns the last attempt's error, and WithLogger says why in one "fanfare give up" line.

import (
	"log/slog"
	"net/http"
	"strconv"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestCallLogsWhyItGaveUp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		faults   []clienttest.Fault
		opts     []client.Option
		attempts int
		reason   string
	}{
		{"a status that is not retried", []clienttest.Fault{clienttest.Status(http.StatusNotFound)}, nil, 1,
			"status 404: not retried"},
		{"no retries left", []clienttest.Fault{clienttest.Status(503), clienttest.Status(503)}, []client.Option{client.WithMaxRetries(1)}, 2,
			"status 503: no retries left (WithMaxRetries 1)"},
		{"a server's wait past WithMaxRetryWait", []clienttest.Fault{clienttest.RateLimited("3600")}, nil, 1,
			"status 429: the server's wait of 1h0m0s is past WithMaxRetryWait (1m0s)"},
		{"a body that is not JSON", []clienttest.Fault{clienttest.WrongContentType("text/html")}, nil, 1,
			"a body that is not JSON: not retried"},
		{"a transport error on the last attempt", []clienttest.Fault{clienttest.ResetBeforeHeaders()}, []client.Option{client.WithMaxRetries(0)}, 1,
			"a transport error: no retries left (WithMaxRetries 0)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newRecordHandler()
			e := newEnv(t, append([]client.Option{client.WithLogger(slog.New(h))}, tc.opts...)...)
			e.s.Enqueue(tc.faults...)
			r := e.list(t.Context(), seq)
			if r.err == nil {
				t.Fatal("no error")
			}
			lines := h.lines()
			var giveUps []map[string]string
			for _, l := range lines {
				if l["msg"] == "fanfare give up" {
					giveUps = append(giveUps, l)
				}
			}
			if len(giveUps) != 1 || lines[len(lines)-1]["msg"] != "fanfare give up" {
				t.Fatalf("lines %v: want one give-up line, the last", lines)
			}
			if l := giveUps[0]; l["level"] != "DEBUG" || l["attempt"] != strconv.Itoa(tc.attempts) || l["reason"] != tc.reason ||
				l["error"] != r.err.Error() {
				t.Errorf("give-up line %v, want attempt %d, reason %q and the call's error %q", l, tc.attempts, tc.reason, r.err)
			}
		})
	}
}
