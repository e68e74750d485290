package client_test

// WithRetrySleep: the function is given each decided wait, and an error from it ends the call
// with that error and the attempt's.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestWithRetrySleepErrorEndsTheCall(t *testing.T) {
	t.Parallel()
	s := clienttest.Start(t)
	s.AddWaitlist("seq_1", clienttest.Synthetic(1, 1))
	s.Enqueue(clienttest.Fault{Status: 503, RetryAfter: "2"})
	stop := errors.New("stop waiting")
	var got []time.Duration
	sleep := func(_ context.Context, d time.Duration) error {
		got = append(got, d)
		return stop
	}

	_, err := s.Client(client.WithRetrySleep(sleep)).ListWaitlistConsumers(t.Context(), "seq_1")
	if !errors.Is(err, stop) || !errors.Is(err, client.ErrServer) {
		t.Fatalf("err = %v, want it to wrap the sleep's error and the 503", err)
	}
	if len(got) != 1 || got[0] != 2*time.Second {
		t.Fatalf("the sleep was given %v, want [2s]", got)
	}
	if n := len(s.Requests()); n != 1 {
		t.Fatalf("the server received %d requests, want 1", n)
	}
}
