package changes_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// expected is a change as an independent comparison of two lists finds it: by id, with
// reflect.DeepEqual on the decoded entries (verification codes aside).
type expected struct {
	kind   changes.Kind
	id     string
	entry  *client.WaitlistConsumer
	status client.WaitlistConsumerStatus // previous
}

func withoutCode(e client.WaitlistConsumer) client.WaitlistConsumer {
	e.Consumer.VerificationCode = nil
	return e
}

// expectedChanges compares old and cur: added and changed in cur's order, then removed in old's.
func expectedChanges(old, cur []client.WaitlistConsumer) []expected {
	before := map[string]*client.WaitlistConsumer{}
	for i := range old {
		before[old[i].ID] = &old[i]
	}
	now := map[string]bool{}
	var out []expected
	for i := range cur {
		e := &cur[i]
		now[e.ID] = true
		switch o, ok := before[e.ID]; {
		case !ok:
			out = append(out, expected{kind: changes.Added, id: e.ID, entry: e})
		case !reflect.DeepEqual(withoutCode(*o), withoutCode(*e)):
			out = append(out, expected{kind: changes.Changed, id: e.ID, entry: e, status: o.Status})
		}
	}
	for i := range old {
		if !now[old[i].ID] {
			out = append(out, expected{kind: changes.Removed, id: old[i].ID, status: old[i].Status})
		}
	}
	return out
}

// diff reads sequenceID through c against prev (with opts) and returns the changes and the next state.
func diff(t *testing.T, c *client.Client, prev *changes.State, opts ...changes.Option) ([]changes.Change, *changes.State) {
	t.Helper()
	d := changes.NewDiff(prev, opts...)
	var got []changes.Change
	for ch, err := range d.Read(t.Context(), c) {
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		got = append(got, ch)
	}
	next, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	return got, next
}

func wantChanges(t *testing.T, got []changes.Change, want []expected) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d changes, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.ID != w.id || g.PreviousStatus != w.status {
			t.Fatalf("change %d: %v %s (was %q), want %v %s (was %q)", i, g.Kind, g.ID, g.PreviousStatus, w.kind, w.id, w.status)
		}
		if w.kind == changes.Removed {
			if g.Entry.JSON != nil {
				t.Fatalf("change %d: a removed entry with JSON", i)
			}
			continue
		}
		var fromJSON client.WaitlistConsumer
		if err := json.Unmarshal(g.Entry.JSON, &fromJSON); err != nil || !reflect.DeepEqual(fromJSON, *w.entry) || !reflect.DeepEqual(g.Entry.Entry, *w.entry) {
			t.Fatalf("change %d (%v %s): the entry is not the one served", i, g.Kind, g.ID)
		}
		if g.PreviousStatusJSON == nil && w.kind == changes.Changed {
			t.Fatalf("change %d: no previous status JSON", i)
		}
	}
}

func TestFirstReadAddsEveryEntryAndAnUnchangedOneNothing(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 700, 3, clienttest.WithUnknownMembers())
	c := s.Client()
	entries := clienttest.Synthetic(700, 3, clienttest.WithUnknownMembers())

	got, next := diff(t, c, changes.NewState("seq"))
	wantChanges(t, got, expectedChanges(nil, entries))
	if next.Len() != 700 || next.SequenceID() != "seq" {
		t.Fatalf("next state: %d entries of %q", next.Len(), next.SequenceID())
	}
	got, again := diff(t, c, next)
	if len(got) != 0 || !slices.Equal(again.IDs(), next.IDs()) {
		t.Fatalf("an unchanged list: %d changes", len(got))
	}
}

// TestEvolvingListMatchesAnIndependentComparison: read after read of a list that changes, kept
// in memory and saved to a file in turn, the changes are exactly those a comparison of the
// decoded lists finds.
func TestEvolvingListMatchesAnIndependentComparison(t *testing.T) {
	const n, seed, evolve = 1500, 12, 34
	opts := []clienttest.SyntheticOption{clienttest.Evolving(evolve), clienttest.WithUnknownMembers()}
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", n, seed, opts...)
	c := s.Client()
	path := filepath.Join(t.TempDir(), "seq.state")

	state := changes.NewState("seq")
	var old []client.WaitlistConsumer
	kinds := map[changes.Kind]int{}
	for k := range 10 {
		cur := clienttest.Synthetic(n, seed, append(opts, clienttest.AtGeneration(k))...)
		got, next := diff(t, c, state)
		wantChanges(t, got, expectedChanges(old, cur))
		for _, ch := range got {
			kinds[ch.Kind]++
		}
		old = cur
		if k%2 == 0 {
			state = next
			continue
		}
		if err := next.SaveFile(path); err != nil {
			t.Fatal(err)
		}
		var err error
		if state, err = changes.LoadFile(path, "seq"); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(state.IDs(), ids(cur)) {
			t.Fatal("the saved state's ids are not the list's")
		}
	}
	t.Logf("changes over 10 reads: %v", kinds)
}

func ids(entries []client.WaitlistConsumer) []string {
	out := make([]string, len(entries))
	for i := range entries {
		out[i] = entries[i].ID
	}
	return out
}
