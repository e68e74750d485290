package clienttest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// A fake API in a test: seed a waitlist, read it with the ready client, and check what the
// server received.
func ExampleNewServer() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddWaitlist("seq_launch", clienttest.Synthetic(25, 1))

	entries, err := s.Client().ListWaitlistConsumers(context.Background(), "seq_launch")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(entries), "entries")

	r := s.Requests()[0]
	fmt.Println(r.Method, r.Path)
	fmt.Println("Authorization:", r.Header.Get("Authorization"))
	fmt.Println("status:", r.Status, "attempt:", r.Attempt)
	// Output:
	// 25 entries
	// GET /api/sequences/seq_launch/waitlist/consumers
	// Authorization: Bearer [REDACTED]
	// status: 200 attempt: 1
}

// Script failures: each request takes the next fault. The client retries the 503 and the proxy's
// HTML 502, and the third attempt gets the list.
func ExampleServer_Enqueue() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddWaitlist("seq_launch", clienttest.Synthetic(3, 1))
	s.Enqueue(
		clienttest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0"},
		clienttest.HTMLBadGateway(),
	)

	c := s.Client(client.WithBackoff(time.Millisecond, 10*time.Millisecond))
	entries, err := c.ListWaitlistConsumers(context.Background(), "seq_launch")
	fmt.Println(len(entries), "entries, error:", err)
	reqs := s.Requests()
	for i := range reqs {
		fmt.Println("attempt", reqs[i].Attempt, "got", reqs[i].Status)
	}
	// Output:
	// 3 entries, error: <nil>
	// attempt 1 got 503
	// attempt 2 got 502
	// attempt 3 got 200
}

// A fault that outlasts the client's retries reaches the caller as an *client.APIError.
func ExampleServer_Always() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddWaitlist("seq_launch", nil)
	s.Always(clienttest.Status(http.StatusForbidden))

	_, err := s.Client().ListWaitlistConsumers(context.Background(), "seq_launch")
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type, errors.Is(err, client.ErrForbidden))
	}
	// Output:
	// 403 Forbidden true
}

// Cut the connection midway through the body: the entries before the cut arrive, then a
// *client.StreamError says the stream broke.
func ExampleResetAfter() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddWaitlist("seq_launch", clienttest.Synthetic(10, 1))
	s.Enqueue(clienttest.ResetAfter(8000))

	n := 0
	for _, err := range s.Client().WaitlistConsumers(context.Background(), "seq_launch") {
		if err != nil {
			var se *client.StreamError
			fmt.Println("stream broke:", errors.As(err, &se), "after some entries:", n > 0 && n < 10)
			break
		}
		n++
	}
	// Output:
	// stream broke: true after some entries: true
}

// Synthetic entries are the same for the same seed, and cover every status.
func ExampleSynthetic() {
	entries := clienttest.Synthetic(6, 42)
	for i := range entries {
		fmt.Println(entries[i].Status, entries[i].Consumer.Status)
	}
	// Output:
	// notified ACTIVE
	// waitlisted INACTIVE
	// entered ACTIVE
	// converted ACTIVE
	// expired ACTIVE
	// left ACTIVE
}

// A synthetic waitlist of any length is made while it is sent, never held in memory; each
// entry decodes to exactly clienttest.SyntheticEntry(seed, i).
func ExampleServer_AddSyntheticWaitlist() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddSyntheticWaitlist("seq_big", 5000, 7)

	n, same := 0, true
	for e, err := range s.Client().WaitlistConsumers(context.Background(), "seq_big") {
		if err != nil {
			fmt.Println(err)
			return
		}
		same = same && e.ID == clienttest.SyntheticEntry(7, n).ID
		n++
	}
	fmt.Println(n, "entries, as generated:", same)
	// Output:
	// 5000 entries, as generated: true
}

// A rate limit of 2 requests an hour: the third request in the window earns a 429, with
// Retry-After and X-RateLimit-Remaining: 0.
func ExampleWithRateLimit() {
	s := clienttest.NewServer(clienttest.WithRateLimit(2, time.Hour))
	defer s.Close()
	s.AddWaitlist("seq_launch", nil)

	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL+"/sequences/seq_launch/waitlist/consumers", http.NoBody)
	req.Header.Set("Authorization", "Bearer "+s.SecretKey())
	for range 3 {
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%d remaining %s, Retry-After given: %v\n", resp.StatusCode,
			resp.Header.Get("X-RateLimit-Remaining"), resp.Header.Get("Retry-After") != "")
	}
	// Output:
	// 200 remaining 1, Retry-After given: false
	// 200 remaining 0, Retry-After given: false
	// 429 remaining 0, Retry-After given: true
}
