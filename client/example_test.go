package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// exampleServer is a fake Fanfare for the examples, with the waitlist "seq_launch".
func exampleServer() *clienttest.Server {
	s := clienttest.NewServer()
	s.AddWaitlist("seq_launch", clienttest.Synthetic(6, 42))
	return s
}

// Make a client with a secret key. In production the base URL is left out (it defaults to
// https://admin.fanfare.io/api) and the key usually comes from $FANFARE_SECRET_KEY; here both
// point at a fake server.
func ExampleNew() {
	s := exampleServer()
	defer s.Close()

	c, err := client.New(
		client.WithSecretKey(s.SecretKey()), // or leave it out and set FANFARE_SECRET_KEY
		client.WithBaseURL(s.URL),
		client.WithMaxRetries(3),
		client.WithTimeout(30*time.Second),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	entries, err := c.ListWaitlistConsumers(context.Background(), "seq_launch")
	fmt.Println(len(entries), "entries, error:", err)
	printed := fmt.Sprintf("%v %+v %#v %s", c, c, c, c)
	fmt.Println("key printed:", strings.Contains(printed, s.SecretKey()))

	_, err = client.New(client.WithSecretKey("pk_live_123"))
	fmt.Println(err)
	// Output:
	// 6 entries, error: <nil>
	// key printed: false
	// fanfare: invalid secret key: a publishable key (pk_…) cannot read the Admin API; use a secret key (sk_live_… or sk_test_…)
}

// Read a whole waitlist into a slice.
func ExampleClient_ListWaitlistConsumers() {
	s := exampleServer()
	defer s.Close()
	c := s.Client()

	entries, err := c.ListWaitlistConsumers(context.Background(), "seq_launch")
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range entries {
		e := &entries[i]
		name := "(no name)"
		if e.Consumer.FullName != nil {
			name = *e.Consumer.FullName
		}
		fmt.Printf("%-10s %s\n", e.Status, name)
	}
	// Output:
	// notified   Ravi Ångström
	// waitlisted (no name)
	// entered    (no name)
	// converted  Ingrid 山田
	// expired    Мария Nakamura
	// left       李 O'Brien
}

// Stream a waitlist entry by entry: memory stays flat however long the list is.
func ExampleClient_WaitlistConsumers() {
	s := exampleServer()
	defer s.Close()
	c := s.Client()

	notified := 0
	for e, err := range c.WaitlistConsumers(context.Background(), "seq_launch") {
		if err != nil {
			var entryErr *client.EntryError
			if errors.As(err, &entryErr) {
				continue // one undecodable entry; the others still come
			}
			fmt.Println(err)
			return
		}
		if e.NotifiedAt != nil {
			notified++
		}
	}
	fmt.Println(notified, "notified")
	// Output:
	// 3 notified
}

// Tell failures apart with errors.Is against the sentinels, and read the details with
// errors.As into *client.APIError.
func ExampleAPIError() {
	s := exampleServer()
	defer s.Close()
	ctx := context.Background()

	_, err := s.Client().ListWaitlistConsumers(ctx, "seq_unknown")
	fmt.Println(errors.Is(err, client.ErrNotFound))

	_, err = s.Client(client.WithSecretKey("sk_test_rotated")).ListWaitlistConsumers(ctx, "seq_launch")
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		fmt.Println("the key was rejected")
	case errors.Is(err, client.ErrForbidden):
		fmt.Println("the key may not read this waitlist")
	}

	s.Always(clienttest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0"})
	_, err = s.Client(client.WithMaxRetries(1)).ListWaitlistConsumers(ctx, "seq_launch")
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type, "after", apiErr.Attempts, "attempts;",
			"server error:", errors.Is(err, client.ErrServer), "request id:", apiErr.RequestID)
	}

	_, err = s.Client().ListWaitlistConsumers(ctx, "..")
	fmt.Println(errors.Is(err, client.ErrInvalidInput), err)
	// Output:
	// true
	// the key was rejected
	// 503 Service Unavailable after 2 attempts; server error: true request id: req_00000004
	// true fanfare: invalid sequence id: ".." is a path segment, not an id
}
