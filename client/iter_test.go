package client_test

// The iterators' contract for elements that are no entry (not an object): each is reported in
// its place, with its index, and the others still come, in order; ListWaitlistConsumers returns
// them all beside an EntryErrors naming the bad ones. A bad element never ends the stream, and
// an object with a member its type cannot hold is an entry (see FieldErrors).

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestBadEntriesAreReportedAndTheOthersDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	good, err := json.Marshal(clienttest.Synthetic(3, seqSeed))
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(good, &raw); err != nil {
		t.Fatal(err)
	}
	// A wrong type, a null entry, a string entry and a date-time that is not one, among the three
	// good entries: the null and the string are no entries (EntryError); the two objects are
	// delivered, each with its field error.
	body := "[" + string(raw[0]) + `,{"id":42,"status":"waitlisted"},` + string(raw[1]) + `,null,"e4",` + string(raw[2]) +
		`,{"id":"e6","consumer":{"createdAt":"yesterday"}}]`
	bad := []int{3, 4}
	withProblems := map[int]string{1: "id", 6: "consumer.createdAt"}

	e.s.Enqueue(clienttest.Fault{Body: []byte(body)})
	r := e.list(t.Context(), seq)
	var ees client.EntryErrors
	if !errors.As(r.err, &ees) || len(ees) != len(bad) || ees[0].Index != 3 || ees[1].Index != 4 {
		t.Fatalf("error %v, want EntryErrors for entries %v", r.err, bad)
	}
	if !strings.Contains(ees[0].Error(), "null") || !strings.Contains(r.err.Error(), "2 waitlist entries could not be decoded") {
		t.Errorf("EntryErrors %q (the null entry: %q)", r.err, ees[0])
	}
	var ee *client.EntryError
	if !errors.As(r.err, &ee) || ee.Index != 3 {
		t.Errorf("errors.As(*EntryError) = %v", ee)
	}
	var se *client.StreamError
	if errors.As(r.err, &se) || errors.Is(r.err, client.ErrMalformedResponse) {
		t.Errorf("a bad entry ended the stream: %v", r.err)
	}
	if len(r.entries) != 5 {
		t.Fatalf("%d entries, want 5", len(r.entries))
	}
	var clean []client.WaitlistConsumer
	for _, en := range r.entries {
		if client.FieldErrors(en) == nil {
			clean = append(clean, en)
		}
	}
	wantEntries(t, clean, seqSeed, 3)
	wantAttempts(t, r, 1)

	e.s.Enqueue(clienttest.Fault{Body: []byte(body)})
	steps := e.iterate(t.Context(), seq)
	if len(steps) != 7 {
		t.Fatalf("iterator: %d steps, want 7", len(steps))
	}
	clean = nil
	for i, s := range steps {
		var ee *client.EntryError
		isEE := errors.As(s.err, &ee)
		if wantBad := i == 3 || i == 4; wantBad != isEE || (isEE && ee.Index != i) || (!isEE && s.err != nil) {
			t.Errorf("step %d: error %v", i, s.err)
		}
		if s.err != nil {
			continue
		}
		fes := client.FieldErrors(s.entry)
		if path, ok := withProblems[i]; ok {
			if len(fes) != 1 || fes[0].Path != path {
				t.Errorf("step %d: field errors %v, want one for %s", i, fes, path)
			}
			continue
		}
		if fes != nil {
			t.Errorf("step %d: field errors %v on a clean entry", i, fes)
		}
		clean = append(clean, s.entry)
	}
	wantEntries(t, clean, seqSeed, 3)
	wantStatuses(t, e, 200, 200)
}
