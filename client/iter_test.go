package client_test

// The iterators' contract for entries that do not decode: each is reported in its place, with
// its index, and the others still come, in order; ListWaitlistConsumers returns them all beside
// an EntryErrors naming the bad ones. A bad entry never ends the stream.

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
	// A wrong type, a null entry and a date-time that is not one, among the three good entries.
	body := "[" + string(raw[0]) + `,{"id":42,"status":"waitlisted"},` + string(raw[1]) + ",null," + string(raw[2]) +
		`,{"id":"e5","consumer":{"createdAt":"yesterday"}}]`
	bad := []int{1, 3, 5}

	e.s.Enqueue(clienttest.Fault{Body: []byte(body)})
	r := e.list(t.Context(), seq)
	var ees client.EntryErrors
	if !errors.As(r.err, &ees) || len(ees) != len(bad) || ees[0].Index != 1 || ees[1].Index != 3 || ees[2].Index != 5 {
		t.Fatalf("error %v, want EntryErrors for entries %v", r.err, bad)
	}
	if !strings.Contains(ees[1].Error(), "null") || !strings.Contains(r.err.Error(), "3 waitlist entries could not be decoded") {
		t.Errorf("EntryErrors %q (the null entry: %q)", r.err, ees[1])
	}
	var ee *client.EntryError
	if !errors.As(r.err, &ee) || ee.Index != 1 {
		t.Errorf("errors.As(*EntryError) = %v", ee)
	}
	var se *client.StreamError
	if errors.As(r.err, &se) || errors.Is(r.err, client.ErrMalformedResponse) {
		t.Errorf("a bad entry ended the stream: %v", r.err)
	}
	wantEntries(t, r.entries, seqSeed, 3)
	wantAttempts(t, r, 1)

	e.s.Enqueue(clienttest.Fault{Body: []byte(body)})
	steps := e.iterate(t.Context(), seq)
	if len(steps) != 6 {
		t.Fatalf("iterator: %d steps, want 6", len(steps))
	}
	var entries []client.WaitlistConsumer
	for i, s := range steps {
		var ee *client.EntryError
		isEE := errors.As(s.err, &ee)
		if wantBad := i == 1 || i == 3 || i == 5; wantBad != isEE || (isEE && ee.Index != i) || (!isEE && s.err != nil) {
			t.Errorf("step %d: error %v", i, s.err)
		}
		if s.err == nil {
			entries = append(entries, s.entry)
		}
	}
	wantEntries(t, entries, seqSeed, 3)
	wantStatuses(t, e, 200, 200)
}
