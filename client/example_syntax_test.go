package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/fanfare-go/fanfare/client"
)

// A successful response whose JSON is broken ends the stream with a *StreamError; a
// *SyntaxError inside says where in the body (counted after decompression) it goes wrong. Here
// the third entry lacks a comma: the first two come back, then the error at the offending
// byte.
func ExampleSyntaxError() {
	const body = `[{"id":"a"},{"id":"b"},{"id":"c" "status":"left"}]`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	c, err := client.New(client.WithSecretKey("sk_test_example"), client.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	entries, err := c.ListWaitlistConsumers(context.Background(), "seq_launch")
	var syn *client.SyntaxError
	if errors.As(err, &syn) {
		fmt.Printf("%d entries, then %q at byte %d\n", len(entries), body[syn.Offset], syn.Offset)
	}
	fmt.Println(errors.Is(err, client.ErrMalformedResponse), errors.Is(err, io.ErrUnexpectedEOF))
	fmt.Println(err)
	// Output:
	// 2 entries, then '"' at byte 33
	// true false
	// fanfare: waitlist stream failed after 2 entries: fanfare: malformed response: invalid character '"' (at byte 33)
}
