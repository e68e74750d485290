package client_test

// Paged bodies (Fanfare's page envelope) followed to the end: against the fake's pages and raw
// loopback servers, the entries are one list, in order, each once.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// pagedList reads "seq" from a fake serving n entries in pages of size, and checks the list.
func pagedList(t *testing.T, n, size int, opts ...clienttest.ServerOption) (*clienttest.Server, client.Response) {
	t.Helper()
	s := clienttest.Start(t, append([]clienttest.ServerOption{clienttest.WithPages(size)}, opts...)...)
	s.AddSyntheticWaitlist("seq", n, 3)
	var resp client.Response
	got, err := s.Client(client.WithResponseInto(&resp)).ListWaitlistConsumers(t.Context(), "seq")
	if err != nil {
		t.Fatalf("pages of %d: %v", size, err)
	}
	if want := clienttest.Synthetic(n, 3); !reflect.DeepEqual(got, want) {
		t.Fatalf("pages of %d: %d entries, not the %d served in order", size, len(got), n)
	}
	return s, resp
}

func TestPagedBodiesAreOneList(t *testing.T) {
	for _, tc := range []struct{ n, size, pages int }{
		{30, 1, 30},      // every page after the first asks for 100: the fake's size caps it
		{250, 100, 3},    // 100, 100, 50
		{200, 100, 2},    // the last page full: its endCursor is null all the same
		{2500, 1000, 16}, // 1000, then pages of first=100
		{0, 100, 1},
	} {
		for _, infoFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d entries, pages of %d, pageInfo first %v", tc.n, tc.size, infoFirst), func(t *testing.T) {
				var opts []clienttest.ServerOption
				if infoFirst {
					opts = append(opts, clienttest.WithPageInfoFirst())
				}
				s, resp := pagedList(t, tc.n, tc.size, opts...)
				if resp.Pages != tc.pages || len(s.Requests()) != tc.pages {
					t.Fatalf("Response.Pages %d, %d requests; want %d", resp.Pages, len(s.Requests()), tc.pages)
				}
			})
		}
	}
}

// TestAPageRetriedAfterA503: the third page fails with a 503, then succeeds: no entry twice,
// none missing.
func TestAPageRetriedAfterA503(t *testing.T) {
	s := clienttest.Start(t, clienttest.WithPages(100))
	s.AddSyntheticWaitlist("seq", 450, 3)
	s.Enqueue(clienttest.Fault{}, clienttest.Fault{}, clienttest.Status(503))
	var resp client.Response
	c := s.Client(client.WithBackoff(1e6, 2e6), client.WithResponseInto(&resp))
	var got []client.WaitlistConsumer
	for e, err := range c.WaitlistConsumers(t.Context(), "seq") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if !reflect.DeepEqual(got, clienttest.Synthetic(450, 3)) {
		t.Fatalf("%d entries, not the 450 served in order", len(got))
	}
	if resp.Pages != 5 || len(s.Requests()) != 6 {
		t.Fatalf("%d pages, %d requests; want 5 pages in 6 requests", resp.Pages, len(s.Requests()))
	}
}

// TestAnExpiredCursorFailsTheRead: a cursor that expired between two pages ends the read with
// the API's error, after the entries of the pages before it.
func TestAnExpiredCursorFailsTheRead(t *testing.T) {
	s := clienttest.Start(t, clienttest.WithPages(100))
	s.AddSyntheticWaitlist("seq", 250, 3)
	var got []client.WaitlistConsumer
	var final error
	for e, err := range s.Client().WaitlistConsumers(t.Context(), "seq") {
		if err != nil {
			final = err
			continue
		}
		if got = append(got, e); len(got) == 100 {
			s.ExpireCursors() // before the second page is asked for
		}
	}
	var apiErr *client.APIError
	if !errors.As(final, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || len(got) != 100 {
		t.Fatalf("%d entries, then %v; want 100 and a 400", len(got), final)
	}
}

// envelopeServer answers each request with the next of bodies, recording the queries.
func envelopeServer(t *testing.T, bodies ...string) (*client.Client, func() []string) {
	t.Helper()
	var (
		mu      sync.Mutex
		queries []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := len(queries)
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if i >= len(bodies) {
			w.WriteHeader(http.StatusGone)
			return
		}
		_, _ = w.Write([]byte(bodies[i]))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithSecretKey("sk_test_pages"), client.WithBaseURL(srv.URL), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), queries...)
	}
}

func TestEnvelopeQueriesAndMemberOrder(t *testing.T) {
	c, queries := envelopeServer(t,
		` {"pageInfo":{"startCursor":null,"endCursor":"a+b/c=="},"extra":[1,{"]":"}"}], "data":[{"id":"1"},{"id":"2"}]}`,
		`{"data":[{"id":"3","note":"]}"}] , "pageInfo":{"endCursor":"x&y z"}}`,
		`{"data":[],"pageInfo":{"endCursor":null}}`,
	)
	var resp client.Response
	var ids []string
	for r, err := range c.RawWaitlistConsumers(t.Context(), "seq", client.WithResponseInto(&resp)) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Index != len(ids) {
			t.Fatalf("index %d for the %d-th entry", r.Index, len(ids))
		}
		ids = append(ids, r.Entry.ID)
	}
	if strings.Join(ids, ",") != "1,2,3" || resp.Pages != 3 {
		t.Fatalf("ids %v over %d pages", ids, resp.Pages)
	}
	want := []string{"", "after=a%2Bb%2Fc%3D%3D&first=100", "after=x%26y+z&first=100"}
	if got := queries(); !reflect.DeepEqual(got, want) {
		t.Fatalf("queries %q, want %q", got, want)
	}
}

// TestABareArrayAndAnEnvelopeOnConsecutiveReads: each read takes the body it gets.
func TestABareArrayAndAnEnvelopeOnConsecutiveReads(t *testing.T) {
	c, _ := envelopeServer(t, `[{"id":"1"}]`, `{"data":[{"id":"1"},{"id":"2"}]}`, `[]`)
	for _, n := range []int{1, 2, 0} {
		got, err := c.ListWaitlistConsumers(t.Context(), "seq")
		if err != nil || len(got) != n {
			t.Fatalf("%d entries, %v; want %d", len(got), err, n)
		}
	}
}

func TestABrokenPageIsAStreamErrorOfItsPage(t *testing.T) {
	for _, tc := range []struct{ name, third, says string }{
		{"cut inside data", `{"data":[{"id":"5"},{"id"`, "ends inside the array"},
		{"cut after data", `{"data":[{"id":"5"}],"pageInfo":{"endCur`, "page envelope: the body ends inside it"},
		{"data after the envelope", `{"data":[{"id":"5"}]} []`, "after the envelope"},
		{"two data members", `{"data":[],"data":[]}`, "two data members"},
		{"an endCursor that is a number", `{"pageInfo":{"endCursor":7},"data":[]}`, "neither a string nor null"},
		{"the cursor it was asked with", `{"data":[],"pageInfo":{"endCursor":"p2"}}`, "the cursor the page was requested with"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := envelopeServer(t,
				`{"data":[{"id":"1"},{"id":"2"}],"pageInfo":{"endCursor":"p1"}}`,
				`{"data":[{"id":"3"},{"id":"4"}],"pageInfo":{"endCursor":"p2"}}`,
				tc.third)
			got, err := c.ListWaitlistConsumers(context.Background(), "seq")
			var se *client.StreamError
			if !errors.As(err, &se) || !errors.Is(err, client.ErrMalformedResponse) {
				t.Fatalf("error %v, want a malformed *StreamError", err)
			}
			if se.Pages != 3 || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "page 3") {
				t.Fatalf("page %d: %v; want page 3 saying %q", se.Pages, err, tc.says)
			}
			if len(got) < 4 || se.Entries != len(got) {
				t.Fatalf("%d entries before the error, which counts %d", len(got), se.Entries)
			}
			var syn *client.SyntaxError
			if errors.As(err, &syn) && (syn.Offset < 0 || syn.Offset > int64(len(tc.third))) {
				t.Fatalf("offset %d in a body of %d bytes", syn.Offset, len(tc.third))
			}
		})
	}
}
