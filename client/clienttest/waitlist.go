package clienttest

import (
	"fmt"
	"slices"

	"github.com/fanfare-go/fanfare/client"
)

// waitlist is a sequence's list of entries as the server serves it.
type waitlist interface {
	// size is the number of entries.
	size() int
	// appendEntry appends the JSON of entry i; scratch may be used to build it.
	appendEntry(b []byte, i int, scratch *client.WaitlistConsumer) []byte
}

// source gives each read of a sequence's waitlist the list it serves: the same one every time,
// or with [Evolving] the next generation.
type source interface {
	read() waitlist
}

// sliceWaitlist is a list given by the caller: every field is sent, nil ones as null.
type sliceWaitlist []client.WaitlistConsumer

func (l sliceWaitlist) size() int { return len(l) }

func (l sliceWaitlist) read() waitlist { return l }

func (l sliceWaitlist) appendEntry(b []byte, i int, _ *client.WaitlistConsumer) []byte {
	return appendEntry(b, &l[i], &explicit)
}

// syntheticWaitlist renders entry i of Synthetic(n, seed) when it is sent, and forgets it.
type syntheticWaitlist struct {
	n int
	g *synth
}

func (l syntheticWaitlist) size() int { return l.n }

func (l syntheticWaitlist) read() waitlist { return l }

func (l syntheticWaitlist) appendEntry(b []byte, i int, scratch *client.WaitlistConsumer) []byte {
	return l.g.appendSynthetic(b, i, scratch, nil)
}

// AddWaitlist makes the server serve entries for sequenceID, replacing any list it had. The
// server keeps its own copy of the slice, but shares what the entries point to: do not change
// those while the server may send them.
//
// Every field is sent, so that the client decodes exactly the entries given: nil pointers and
// maps as null, zeros and false explicitly, empty metadata as {}, and the members of each
// AdditionalProperties (the entry's, the consumer's, the coordinates') as they are. A metadata
// number decodes as a json.Number (its text), so give metadata numbers as json.Number for the
// decoded entries to equal these; a float64 is sent in its shortest form. It panics when such a
// member is not valid JSON or has the name of a field the spec knows.
func (s *Server) AddWaitlist(sequenceID string, entries []client.WaitlistConsumer) {
	for i := range entries {
		if err := checkUnknownMembers(&entries[i]); err != nil {
			panic(fmt.Sprintf("clienttest: AddWaitlist(%q): entry %d: %v", sequenceID, i, err))
		}
	}
	s.setWaitlist(sequenceID, sliceWaitlist(slices.Clone(entries)))
}

// AddSyntheticWaitlist makes the server serve Synthetic(n, seed, opts...) for sequenceID without
// holding it: each entry is made as it is written to the response, so memory stays flat however
// large n is. Entry i decodes to exactly [SyntheticEntry](seed, i, opts...). With [Evolving],
// each read gets the next generation of the list: read k (from 0) decodes to exactly
// Synthetic(n, seed, opts..., AtGeneration(g+k)), g being the generation opts start at (0 unless
// [AtGeneration] says otherwise).
func (s *Server) AddSyntheticWaitlist(sequenceID string, n int, seed int64, opts ...SyntheticOption) {
	g := newSynth(seed, opts)
	if g.cfg.evolving {
		s.setWaitlist(sequenceID, &evolvingWaitlist{g: g, ev: newEvolution(g.cfg.evolveSeed, max(n, 0))})
		return
	}
	s.setWaitlist(sequenceID, syntheticWaitlist{n: max(n, 0), g: g})
}

// RemoveWaitlist makes sequenceID unknown again: requests for it get 404.
func (s *Server) RemoveWaitlist(sequenceID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.waitlists, sequenceID)
}

func (s *Server) setWaitlist(sequenceID string, wl source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitlists[sequenceID] = wl
}

// waitlist returns the list one read of sequenceID gets, nil when the sequence is unknown.
func (s *Server) waitlist(sequenceID string) waitlist {
	s.mu.Lock()
	src := s.waitlists[sequenceID]
	s.mu.Unlock()
	if src == nil {
		return nil
	}
	return src.read()
}
