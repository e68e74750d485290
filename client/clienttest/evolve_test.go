package clienttest

// Evolving: generation 0 is the synthetic list, later generations change as a waitlist does in a
// drop (entries leave, join, change), an unchanged entry keeps its exact bytes, and the server
// serves the next generation to each read.

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/fanfare-go/fanfare/client"
)

// wireGeneration renders generation k of an evolving list as the server sends it, by id.
func wireGeneration(n int, seed, evolveSeed int64, k int, opts ...SyntheticOption) (ids []string, wire map[string][]byte) {
	return wireGenerationOf(nil, n, seed, evolveSeed, k, opts...)
}

// wireGenerationOf is wireGeneration with the changes of table (nil: the package's own table).
func wireGenerationOf(table []change, n int, seed, evolveSeed int64, k int, opts ...SyntheticOption) (ids []string, wire map[string][]byte) {
	g := newSynth(seed, append([]SyntheticOption{Evolving(evolveSeed)}, opts...))
	ev := newEvolution(g.cfg.evolveSeed, n)
	if table != nil {
		ev.changes = resolve(table)
	}
	gen := newGeneration(g, ev, k)
	wire = map[string][]byte{}
	var e client.WaitlistConsumer
	for pos := range gen.size() {
		b := gen.appendEntry(nil, pos, &e)
		ids = append(ids, e.ID)
		wire[e.ID] = b
	}
	return ids, wire
}

func TestEvolvingGenerationZeroIsTheSyntheticList(t *testing.T) {
	if !reflect.DeepEqual(Synthetic(500, 3, Evolving(9)), Synthetic(500, 3)) {
		t.Fatal("generation 0 differs from the list made without Evolving")
	}
	if !reflect.DeepEqual(Synthetic(500, 3, Evolving(9), AtGeneration(4)), Synthetic(500, 3, Evolving(9), AtGeneration(4))) {
		t.Fatal("a generation is not deterministic")
	}
}

// TestEvolvingGenerationsChangeAsADropDoes: from one generation to the next, some entries leave,
// new ones join at the end, some change (status, and other members), and every other entry is
// sent with the same bytes.
func TestEvolvingGenerationsChangeAsADropDoes(t *testing.T) {
	const n = 3000
	var left, joined, changed, statusChanged, otherChanged, unknownChanged int
	prevIDs, prev := wireGeneration(n, 4, 11, 0, WithUnknownMembers())
	for k := 1; k <= 6; k++ {
		ids, cur := wireGeneration(n, 4, 11, k, WithUnknownMembers())
		for _, id := range prevIDs {
			if _, ok := cur[id]; !ok {
				left++
			}
		}
		seenNew := false
		for _, id := range ids {
			old, ok := prev[id]
			switch {
			case !ok:
				joined++
				seenNew = true
			case seenNew:
				t.Fatalf("generation %d: entry %s, already there, comes after a new one", k, id)
			case !bytes.Equal(old, cur[id]):
				changed++
				var a, b map[string]any
				_ = json.Unmarshal(old, &a)
				_ = json.Unmarshal(cur[id], &b)
				if a["status"] != b["status"] {
					statusChanged++
				}
				ac, bc := a["consumer"].(map[string]any), b["consumer"].(map[string]any)
				if !reflect.DeepEqual(ac["lastEngagedAt"], bc["lastEngagedAt"]) || !reflect.DeepEqual(ac["metadata"], bc["metadata"]) {
					otherChanged++
				}
				if !reflect.DeepEqual(a["position"], b["position"]) {
					unknownChanged++
				}
			}
		}
		prevIDs, prev = ids, cur
	}
	t.Logf("over 6 generations of %d: %d left, %d joined, %d changed (%d in status, %d in another consumer member, %d in an unknown member)",
		n, left, joined, changed, statusChanged, otherChanged, unknownChanged)
	for what, count := range map[string]int{"left": left, "joined": joined, "changed": changed,
		"changed status": statusChanged, "changed another member": otherChanged, "changed an unknown member": unknownChanged} {
		if count < 10 {
			t.Errorf("only %d entries %s", count, what)
		}
	}
	if changed == statusChanged {
		t.Error("every change was a change of status")
	}
}

// TestEvolvingServerServesTheNextGenerationToEachRead: read k decodes to generation start+k,
// and a 429 does not count as a read.
func TestEvolvingServerServesTheNextGenerationToEachRead(t *testing.T) {
	s := Start(t)
	opts := []SyntheticOption{Evolving(5), WithUnknownMembers()}
	s.AddSyntheticWaitlist("seq", 400, 8, append(opts, AtGeneration(2))...)
	c := s.Client(client.WithMaxRetries(0))
	s.Enqueue(RateLimited("0"))
	if _, err := c.ListWaitlistConsumers(t.Context(), "seq"); err == nil {
		t.Fatal("the enqueued 429 did not fail the read")
	}
	for k := 2; k < 6; k++ {
		got, err := c.ListWaitlistConsumers(t.Context(), "seq")
		if err != nil {
			t.Fatal(err)
		}
		want := Synthetic(400, 8, append(opts, AtGeneration(k))...)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read of generation %d: %d entries differ from Synthetic's %d", k, len(got), len(want))
		}
	}
}

func TestSyntheticEntryRefusesAnEvolvingList(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SyntheticEntry with Evolving did not panic")
		}
	}()
	SyntheticEntry(1, 0, Evolving(1))
}

func TestEvolvingEmptyListGrows(t *testing.T) {
	if got := Synthetic(0, 1, Evolving(2)); len(got) != 0 {
		t.Fatalf("generation 0 of an empty list has %d entries", len(got))
	}
	if got := Synthetic(0, 1, Evolving(2), AtGeneration(3)); len(got) == 0 {
		t.Fatal("an empty evolving list never grows")
	}
}
