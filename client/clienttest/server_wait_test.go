package clienttest

// Server.Client retries without sleeping: the waits the retry policy decides are recorded and
// logged, then skipped; client.WithRetrySleep(nil) brings the real sleep back.

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

func TestServerClientSkipsRetryWaitsButRecordsAndLogsThem(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq_1", Synthetic(3, 1))
	s.Enqueue(Status(503), StatusBody(503, `{"error":"unavailable"}`), Fault{Status: 503, RetryAfter: "7"})
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))

	got, err := s.Client(client.WithMaxRetries(3), client.WithLogger(logger)).ListWaitlistConsumers(t.Context(), "seq_1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d entries, want 3", len(got))
	}
	waits := s.RetryWaits()
	if len(waits) != 3 {
		t.Fatalf("RetryWaits() = %v, want 3 waits", waits)
	}
	// The default backoff: between half and all of 0.5 s, then of 1 s; then the server's hint.
	if waits[0] < 250*time.Millisecond || waits[0] > 500*time.Millisecond ||
		waits[1] < 500*time.Millisecond || waits[1] > time.Second || waits[2] != 7*time.Second {
		t.Errorf("RetryWaits() = %v, want the backoff's two waits then Retry-After's 7s", waits)
	}
	if n := strings.Count(log.String(), `msg="fanfare retry"`); n != 3 {
		t.Errorf("logged %d retries, want 3:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "wait=7s") {
		t.Errorf("the log does not show the decided wait of 7s:\n%s", log.String())
	}
}

func TestServerClientStopsRetryingWhenTheContextEnds(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq_1", Synthetic(1, 1))
	s.Always(Status(503))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := s.Client(client.WithMaxRetries(5)).ListWaitlistConsumers(ctx, "seq_1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestServerClientWithRetrySleepNilSleepsForReal(t *testing.T) {
	s := Start(t)
	s.AddWaitlist("seq_1", Synthetic(1, 1))
	s.Enqueue(Status(503))
	var slept []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return ctx.Err()
	}

	if _, err := s.Client(client.WithRetrySleep(sleep)).ListWaitlistConsumers(t.Context(), "seq_1"); err != nil {
		t.Fatal(err)
	}
	if len(slept) != 1 || len(s.RetryWaits()) != 0 {
		t.Fatalf("the caller's sleep saw %v and the server recorded %v; want the caller's option to win", slept, s.RetryWaits())
	}

	s.Enqueue(Status(503))
	c := s.Client(client.WithRetrySleep(nil), client.WithBackoff(time.Millisecond, time.Millisecond))
	if _, err := c.ListWaitlistConsumers(t.Context(), "seq_1"); err != nil {
		t.Fatal(err)
	}
	if w := s.RetryWaits(); len(w) != 0 {
		t.Fatalf("RetryWaits() = %v after WithRetrySleep(nil), want none recorded", w)
	}
}
