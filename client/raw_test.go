package client_test

// RawWaitlistConsumers: each element's bytes exactly as the server sent them, beside their
// decoding, through the sequential phase and the workers alike; copies that stay valid after the
// loop, or, with WithBorrowedJSON, the read buffer itself for the length of the loop body.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// sentElements fetches the waitlist with a plain GET and splits the body into its elements.
func sentElements(t *testing.T, s *clienttest.Server, seq string) []json.RawMessage {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+"/sequences/"+seq+"/waitlist/consumers", http.NoBody)
	req.Header.Set("Authorization", "Bearer "+s.SecretKey())
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var elems []json.RawMessage
	if err := json.Unmarshal(body, &elems); err != nil {
		t.Fatalf("%d: %v", resp.StatusCode, err)
	}
	return elems
}

func TestRawEntriesAreTheBytesSent(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 3000, 4, clienttest.WithUnknownMembers()) // past the sequential phase
	sent := sentElements(t, s, "seq")
	for _, borrow := range []bool{false, true} {
		var opts []client.Option
		if borrow {
			opts = append(opts, client.WithBorrowedJSON())
		}
		var kept []json.RawMessage
		for r, err := range s.Client().RawWaitlistConsumers(t.Context(), "seq", opts...) {
			if err != nil {
				t.Fatal(err)
			}
			if r.Index != len(kept) || !bytes.Equal(r.JSON, sent[r.Index]) {
				t.Fatalf("borrow %v, element %d: %.80s, sent %.80s", borrow, r.Index, r.JSON, sent[len(kept)])
			}
			var want client.WaitlistConsumer
			if err := json.Unmarshal(r.JSON, &want); err != nil || !reflect.DeepEqual(want, r.Entry) {
				t.Fatalf("borrow %v, element %d: the entry is not the decoding of its bytes (%v)", borrow, r.Index, err)
			}
			kept = append(kept, r.JSON)
		}
		if len(kept) != len(sent) {
			t.Fatalf("%d elements, sent %d", len(kept), len(sent))
		}
		if !borrow {
			for i := range kept {
				if !bytes.Equal(kept[i], sent[i]) {
					t.Fatalf("the copy of element %d changed after its step", i)
				}
			}
		}
	}
}

func TestRawEntryOfABadElement(t *testing.T) {
	s := clienttest.Start(t)
	s.Enqueue(clienttest.Fault{Body: []byte(`[{"id":"a"}, {"id":5} ,null]`)})
	type step struct {
		index int
		json  string
		bad   bool
	}
	var got []step
	for r, err := range s.Client().RawWaitlistConsumers(t.Context(), "seq") {
		var entryErr *client.EntryError
		if err != nil && !errors.As(err, &entryErr) {
			t.Fatal(err)
		}
		if err != nil && (entryErr.Index != r.Index || !reflect.DeepEqual(r.Entry, client.WaitlistConsumer{})) {
			t.Fatalf("element %d: error for %d, entry %+v", r.Index, entryErr.Index, r.Entry)
		}
		got = append(got, step{r.Index, string(r.JSON), err != nil})
	}
	want := []step{{0, `{"id":"a"}`, false}, {1, `{"id":5}`, false}, {2, `null`, true}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("steps %+v, want %+v", got, want)
	}
}

func TestRawEntriesFinalError(t *testing.T) {
	s := clienttest.Start(t)
	s.Enqueue(clienttest.Status(http.StatusNotFound))
	steps := 0
	for r, err := range s.Client(client.WithMaxRetries(0)).RawWaitlistConsumers(t.Context(), "seq") {
		steps++
		if !errors.Is(err, client.ErrNotFound) || r.JSON != nil || r.Index != 0 {
			t.Fatalf("step %+v, %v", r, err)
		}
	}
	if steps != 1 {
		t.Fatalf("%d steps, want the final error alone", steps)
	}
}
