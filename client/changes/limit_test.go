package changes_test

import (
	"errors"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// stateOf reads entries served as "seq" into a state.
func stateOf(t *testing.T, s *clienttest.Server, entries []client.WaitlistConsumer) *changes.State {
	t.Helper()
	s.AddWaitlist("seq", entries)
	_, st := diff(t, s.Client(), changes.NewState("seq"))
	return st
}

// refusedRead reads the list s serves against prev and checks that it was refused: the final
// error is a *RemovalLimitError with the counts given, no removal was yielded and Next gives no
// state. It returns the changes yielded before the error.
func refusedRead(t *testing.T, s *clienttest.Server, prev *changes.State, want changes.RemovalLimitError, opts ...changes.Option) []changes.Change {
	t.Helper()
	d := changes.NewDiff(prev, opts...)
	var got []changes.Change
	var final error
	for ch, err := range d.Read(t.Context(), s.Client()) {
		if err != nil {
			if final != nil {
				t.Fatalf("a step after the final error: %v", err)
			}
			final = err
			continue
		}
		if final != nil {
			t.Fatalf("a change after the final error: %v %s", ch.Kind, ch.ID)
		}
		if ch.Kind == changes.Removed {
			t.Fatalf("a refused read yielded the removal of %s", ch.ID)
		}
		got = append(got, ch)
	}
	var limitErr *changes.RemovalLimitError
	if !errors.As(final, &limitErr) || !errors.Is(final, changes.ErrTooManyRemoved) {
		t.Fatalf("final error %v, want a *RemovalLimitError", final)
	}
	if *limitErr != want {
		t.Fatalf("refused with %+v, want %+v", *limitErr, want)
	}
	next, err := d.Next()
	if next != nil || !errors.Is(err, changes.ErrTooManyRemoved) {
		t.Fatalf("Next after a refused read: %v, %v", next, err)
	}
	return got
}

// removals counts the removed changes.
func removals(got []changes.Change) int {
	n := 0
	for i := range got {
		if got[i].Kind == changes.Removed {
			n++
		}
	}
	return n
}

func TestAShortReadIsRefusedByDefault(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(240, 5)
	prev := stateOf(t, s, entries)

	s.AddWaitlist("seq", nil) // the server answers []
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 240, Previous: 240, Max: 120, Limit: "50%"})

	s.AddWaitlist("seq", entries[:100])
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 140, Previous: 240, Max: 120, Limit: "50%"})

	// A new entry does not make up for a removed one: the bound counts removals.
	withNew := append(clienttest.Synthetic(1, 99), entries[:119]...)
	s.AddWaitlist("seq", withNew)
	if got := refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 121, Previous: 240, Max: 120, Limit: "50%"}); len(got) != 1 || got[0].Kind != changes.Added {
		t.Fatalf("the changes before the refusal: %d, want the one added", len(got))
	}

	s.AddWaitlist("seq", entries[:120]) // exactly half removed: allowed
	got, next := diff(t, s.Client(), prev)
	wantChanges(t, got, expectedChanges(entries, entries[:120]))
	if next.Len() != 120 {
		t.Fatalf("next state of %d entries, want 120", next.Len())
	}

	s.AddWaitlist("seq", entries[:200])
	got, _ = diff(t, s.Client(), prev)
	if removals(got) != 40 {
		t.Fatalf("%d removals of 200 of 240, want 40", removals(got))
	}
}

// TestTheFloorLetsAShortListShrink: on a list of three, two removals pass (MinRemovalAllowance);
// on a list of four, three do not.
func TestTheFloorLetsAShortListShrink(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(4, 8)

	prev := stateOf(t, s, entries[:3])
	s.AddWaitlist("seq", entries[:1])
	got, _ := diff(t, s.Client(), prev)
	wantChanges(t, got, expectedChanges(entries[:3], entries[:1]))

	prev = stateOf(t, s, entries)
	s.AddWaitlist("seq", entries[:1])
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 3, Previous: 4, Max: 2, Limit: "50%"})

	prev = stateOf(t, s, entries[:1])
	s.AddWaitlist("seq", nil)
	if got, _ := diff(t, s.Client(), prev); removals(got) != 1 {
		t.Fatalf("a list of one emptied: %d removals", removals(got))
	}
}

func TestTheBoundCanBeSet(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(100, 2)
	prev := stateOf(t, s, entries)

	s.AddWaitlist("seq", entries[1:])
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 1, Previous: 100, Max: 0, Limit: "0"}, changes.WithMaxRemoved(0))

	s.AddWaitlist("seq", entries[11:])
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 11, Previous: 100, Max: 10, Limit: "10"}, changes.WithMaxRemoved(10))
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 11, Previous: 100, Max: 10, Limit: "10%"}, changes.WithMaxRemovedFraction(0.1))
	if got, _ := diff(t, s.Client(), prev, changes.WithMaxRemoved(11)); removals(got) != 11 {
		t.Fatalf("WithMaxRemoved(11): %d removals", removals(got))
	}
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 11, Previous: 100, Max: 2, Limit: "0%"}, changes.WithMaxRemovedFraction(-3))

	s.AddWaitlist("seq", nil)
	for _, opt := range []changes.Option{changes.WithMaxRemovedFraction(1), changes.WithMaxRemoved(-1), changes.WithMaxRemovedFraction(7)} {
		got, next := diff(t, s.Client(), prev, opt)
		if removals(got) != 100 || next.Len() != 0 {
			t.Fatalf("a bound allowing any removal: %d removals, next state of %d", removals(got), next.Len())
		}
	}
}

// TestARefusedReadLeavesThePreviousState: after a refusal the previous state still gives the
// same comparison, and a read of the whole list again reports no change.
func TestARefusedReadLeavesThePreviousState(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(50, 3)
	prev := stateOf(t, s, entries)
	s.AddWaitlist("seq", entries[:5])
	refusedRead(t, s, prev, changes.RemovalLimitError{Removed: 45, Previous: 50, Max: 25, Limit: "50%"})
	s.AddWaitlist("seq", entries)
	if got, next := diff(t, s.Client(), prev); len(got) != 0 || next.Len() != 50 {
		t.Fatalf("the whole list again: %d changes", len(got))
	}
}
