package changes_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// TestPagesAreOneRead: a paged list compares as the whole list, and the state it leaves is the
// whole list's.
func TestPagesAreOneRead(t *testing.T) {
	s := clienttest.Start(t, clienttest.WithPages(100))
	entries := clienttest.Synthetic(450, 7)
	s.AddWaitlist("seq", entries)
	got, next := diff(t, s.Client(), changes.NewState("seq"))
	wantChanges(t, got, expectedChanges(nil, entries))
	if !equalIDs(next.IDs(), ids(entries)) {
		t.Fatal("the state of a paged read is not the whole list's")
	}
	got, _ = diff(t, s.Client(), next)
	if len(got) != 0 {
		t.Fatalf("the same list again: %d changes", len(got))
	}
}

// TestAnExpiredCursorLeavesNoNextState: a read whose second page fails yields no removal and no
// next state.
func TestAnExpiredCursorLeavesNoNextState(t *testing.T) {
	s := clienttest.Start(t, clienttest.WithPages(100))
	old := clienttest.Synthetic(300, 7)
	prev := stateOf(t, s, old)
	s.AddWaitlist("seq", clienttest.Synthetic(300, 9))
	d := changes.NewDiff(prev, changes.WithMaxRemovedFraction(1))
	n := 0
	var final error
	for ch, err := range d.Read(t.Context(), s.Client()) {
		if err != nil {
			final = err
			continue
		}
		if ch.Kind == changes.Removed {
			t.Fatal("a removal from a read that did not end")
		}
		n++
		if n == 100 {
			s.ExpireCursors()
		}
	}
	var apiErr *client.APIError
	if !errors.As(final, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Fatalf("final error %v, want the 400 of the expired cursor", final)
	}
	if next, err := d.Next(); next != nil || !errors.Is(err, changes.ErrIncomplete) {
		t.Fatalf("Next: %v, %v", next, err)
	}
}

func equalIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
