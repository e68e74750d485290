package changes_test

import (
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// step is one step of a read: a change or an error.
type step struct {
	ch  changes.Change
	err error
}

func steps(t *testing.T, d *changes.Diff, c *client.Client) []step {
	t.Helper()
	var out []step
	for ch, err := range d.Read(t.Context(), c) {
		out = append(out, step{ch, err})
	}
	return out
}

// serve makes the next read of "seq" get body.
func serve(s *clienttest.Server, body string) { s.Enqueue(clienttest.Fault{Body: []byte(body)}) }

func TestMembersReorderedOrSpacedAreNoChange(t *testing.T) {
	s := clienttest.Start(t)
	c := s.Client()
	serve(s, `[{"id":"a","status":"notified","consumer":{"id":"c","metadata":{"x":[1,{"p":1,"q":2}]}},"extra":{}},{"id":"b","status":"left"}]`)
	_, state := diff(t, c, changes.NewState("seq"))
	serve(s, "[ {\"extra\" : { },\n \"consumer\":{\"metadata\":{\"x\":[1,{\"q\":2,\"p\":1}]},\"id\":\"c\"},\"status\":\"notified\",\"id\":\"a\"} ,\n{ \"status\":\"left\", \"id\":\"b\" } ]")
	if got, _ := diff(t, c, state); len(got) != 0 {
		t.Fatalf("reordered members reported as %d changes: %v", len(got), got)
	}
	serve(s, `[{"id":"a","status":"notified","consumer":{"id":"c","metadata":{"x":[{"p":1,"q":2},1]}},"extra":{}},{"id":"b","status":"left"}]`)
	got, _ := diff(t, c, state)
	if len(got) != 1 || got[0].Kind != changes.Changed || got[0].ID != "a" || got[0].PreviousStatus != "notified" {
		t.Fatalf("an array reordered: %v", got)
	}
}

// TestDuplicatesAndElementsWithoutAnID: the first of two entries with one id is followed and the
// second reported once; elements without an id are reported and followed by nothing; an entry
// with a member its field cannot hold is an entry like any other (followed by its bytes).
func TestDuplicatesAndElementsWithoutAnID(t *testing.T) {
	s := clienttest.Start(t)
	c := s.Client()
	serve(s, `[{"id":"a","status":"waitlisted"},{"id":"a","status":"notified"},{"status":"left"},null,{"id":5},{"id":"b","status":3}]`)
	d := changes.NewDiff(changes.NewState("seq"))
	got := steps(t, d, c)
	type want struct {
		kind   changes.Kind
		id     string
		index  int
		err    error
		decode bool // err is the entry's decoding error
	}
	wants := []want{
		{changes.Added, "a", 0, nil, false},
		{0, "a", 1, changes.ErrDuplicateID, false},
		{0, "", 2, changes.ErrNoID, false},
		{0, "", 3, changes.ErrNoID, false},
		{0, "", 4, changes.ErrNoID, false},
		{changes.Added, "b", 5, nil, false}, // a status of the wrong type is a field error: the entry is delivered
	}
	if len(got) != len(wants) {
		t.Fatalf("%d steps, want %d: %v", len(got), len(wants), got)
	}
	for i, w := range wants {
		g := got[i]
		if w.err == nil && !w.decode {
			if g.err != nil || g.ch.Kind != w.kind || g.ch.ID != w.id || g.ch.Entry.Index != w.index {
				t.Fatalf("step %d: %v %v, want %v %s", i, g.ch, g.err, w.kind, w.id)
			}
			continue
		}
		var ee *changes.ElementError
		if !errors.As(g.err, &ee) || ee.Index != w.index || ee.ID != w.id || len(ee.JSON) == 0 {
			t.Fatalf("step %d: %v, want an *ElementError for element %d", i, g.err, w.index)
		}
		var decodeErr *client.EntryError
		if w.decode {
			if !errors.As(g.err, &decodeErr) {
				t.Fatalf("step %d: %v does not carry the decoding error", i, g.err)
			}
		} else if !errors.Is(g.err, w.err) {
			t.Fatalf("step %d: %v, want %v", i, g.err, w.err)
		}
		if errors.Is(w.err, changes.ErrDuplicateID) && ee.FirstIndex != 0 {
			t.Fatalf("duplicate: first index %d", ee.FirstIndex)
		}
	}
	next, err := d.Next()
	if err != nil || !slices.Equal(next.IDs(), []string{"a", "b"}) {
		t.Fatalf("next state %v, %v", next, err)
	}
	if st, _ := next.Status("a"); string(st) != `"waitlisted"` {
		t.Fatalf("the duplicate's status was kept: %s", st)
	}

	serve(s, `[{"id":"c","status":"entered"},{"id":"c","status":"entered"},{"id":"b","status":3}]`)
	d = changes.NewDiff(next)
	got = steps(t, d, c)
	var ee *changes.ElementError
	if len(got) != 3 || got[0].ch.Kind != changes.Added || !errors.As(got[1].err, &ee) || ee.FirstIndex != 0 || ee.Index != 1 ||
		got[2].ch.Kind != changes.Removed || got[2].ch.ID != "a" || got[2].ch.PreviousStatus != "waitlisted" {
		t.Fatalf("second read: %v", got)
	}
}

func TestAFailedOrUnfinishedReadHasNoNextState(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 300, 1)
	c := s.Client(client.WithMaxRetries(0))
	_, state := diff(t, c, changes.NewState("seq"))
	s.AddSyntheticWaitlist("seq", 200, 1) // 100 entries fewer: they would be removed

	s.Enqueue(clienttest.Truncated(40_000))
	d := changes.NewDiff(state)
	got := steps(t, d, c)
	var streamErr *client.StreamError
	if len(got) != 1 || !errors.As(got[0].err, &streamErr) {
		t.Fatalf("a truncated read: %v", got)
	}
	if _, err := d.Next(); !errors.Is(err, changes.ErrIncomplete) {
		t.Fatalf("Next after a failed read: %v", err)
	}

	s.Enqueue(clienttest.Status(500))
	d = changes.NewDiff(state)
	if got := steps(t, d, c); len(got) != 1 || !errors.Is(got[0].err, client.ErrServer) {
		t.Fatalf("a 500: %v", got)
	}

	d = changes.NewDiff(state)
	for _, err := range d.Read(t.Context(), c) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if _, err := d.Next(); !errors.Is(err, changes.ErrIncomplete) {
		t.Fatalf("Next after a loop stopped early: %v", err)
	}
	if got := steps(t, d, c); len(got) != 1 || !errors.Is(got[0].err, changes.ErrDiffUsed) {
		t.Fatalf("a Diff read twice: %v", got)
	}
	got = steps(t, changes.NewDiff(state), c)
	if len(got) != 100 || got[0].ch.Kind != changes.Removed || got[0].ch.ID != clienttest.SyntheticEntry(1, 200).ID {
		t.Fatalf("the whole read: %d changes", len(got))
	}
}

func TestEverythingChangedAndEverythingRemoved(t *testing.T) {
	s := clienttest.Start(t)
	c := s.Client()
	entries := clienttest.Synthetic(250, 9)
	s.AddWaitlist("seq", entries)
	_, state := diff(t, c, changes.NewState("seq"))

	changed := slices.Clone(entries)
	for i := range changed {
		changed[i].Status = client.WaitlistConsumerStatusLeft
		if entries[i].Status == client.WaitlistConsumerStatusLeft {
			changed[i].Status = client.WaitlistConsumerStatusConverted
		}
	}
	s.AddWaitlist("seq", changed)
	got, next := diff(t, c, state)
	wantChanges(t, got, expectedChanges(entries, changed))
	if len(got) != 250 {
		t.Fatalf("%d changes, want every entry changed", len(got))
	}

	s.AddWaitlist("seq", nil)
	got, empty := diff(t, c, next, changes.WithMaxRemovedFraction(1))
	wantChanges(t, got, expectedChanges(changed, nil))
	if empty.Len() != 0 {
		t.Fatalf("the state of an empty list has %d entries", empty.Len())
	}
	if got, _ := diff(t, c, empty); len(got) != 0 {
		t.Fatalf("an empty list read twice: %d changes", len(got))
	}
}

// TestCompareTakesEntriesFromElsewhere: Compare runs over any sequence of elements; an error
// without an element is final.
func TestCompareTakesEntriesFromElsewhere(t *testing.T) {
	elements := func(final error) func(func(client.RawEntry, error) bool) {
		return func(yield func(client.RawEntry, error) bool) {
			if !yield(client.RawEntry{Index: 0, JSON: []byte(`{"id":"x","status":"left"}`)}, nil) {
				return
			}
			if final != nil {
				yield(client.RawEntry{}, final)
			}
		}
	}
	d := changes.NewDiff(changes.NewState("s"))
	var got []step
	for ch, err := range d.Compare(elements(io.ErrUnexpectedEOF)) {
		got = append(got, step{ch, err})
	}
	if len(got) != 2 || got[0].ch.Kind != changes.Added || got[0].ch.ID != "x" || !errors.Is(got[1].err, io.ErrUnexpectedEOF) {
		t.Fatalf("%v", got)
	}
	if _, err := d.Next(); !errors.Is(err, changes.ErrIncomplete) {
		t.Fatalf("Next after a final error: %v", err)
	}
	d = changes.NewDiff(changes.NewState("s"))
	for _, err := range d.Compare(elements(nil)) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if next, err := d.Next(); err != nil || !slices.Equal(next.IDs(), []string{"x"}) {
		t.Fatalf("%v, %v", next, err)
	}
}
