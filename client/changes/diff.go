package changes

import (
	"context"
	"errors"
	"iter"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/rawjson"
)

// Diff compares one read of a waitlist with a state: it yields the changes, and once they have
// all been yielded it has the state the read leaves ([Diff.Next]). The previous state is not
// touched, so the caller decides when the changes count as delivered: it saves or keeps the next
// state only then, and a read whose changes were not all delivered is compared again from the
// previous state next time (each change is reported at least once, never lost).
//
// A Diff is for one read and one goroutine.
type Diff struct {
	prev    *State
	next    *State
	skipped []int // the positions of the elements not followed, in order
	limit   removalLimit
	refused *RemovalLimitError // the read would have removed too many entries
	used    bool
	done    bool
}

// NewDiff returns a comparison with prev: the state a previous read left, or [NewState] for a
// first read. By default a read that would remove more than half of prev's entries (and more
// than [MinRemovalAllowance]) is refused with a [*RemovalLimitError]; opts change the bound.
func NewDiff(prev *State, opts ...Option) *Diff {
	d := &Diff{prev: prev, limit: defaultRemovalLimit}
	for _, o := range opts {
		o(d)
	}
	return d
}

// Read reads the waitlist of the state's sequence through c (with opts for this call, as
// [client.Client.RawWaitlistConsumers] takes them) and yields its changes against the state:
// first the entries added and changed, in the list's order, then those removed, in the order of
// the state's list.
//
// Each step yields a change and a nil error, or an error:
//   - an [*ElementError] for one element, and the iteration goes on: an element without an id
//     or with the id of an earlier one is in no change; an entry that does not decode is
//     compared by its bytes, and its change, if any, follows;
//   - a final error from the client (an [*client.APIError], a [*client.StreamError], a context
//     error, …), after which the iteration ends without the removed entries, which only a whole
//     read can tell: Next then returns [ErrIncomplete];
//   - a final [*RemovalLimitError] when the whole list was read but it would remove more of the
//     state's entries than the bound allows: none of the removals is yielded, and Next returns
//     that error.
//
// With [client.WithBorrowedJSON] among opts, each change's Entry.JSON and each ElementError's
// JSON are the client's read buffer, valid only until the loop body returns: for writing each
// change at once (the state keeps none of them), as the fanfare CLI does.
func (d *Diff) Read(ctx context.Context, c *client.Client, opts ...client.Option) iter.Seq2[Change, error] {
	return d.Compare(c.RawWaitlistConsumers(ctx, d.prev.SequenceID(), opts...))
}

// Compare is [Diff.Read] over entries got elsewhere: the elements of a list in order, with
// their positions from 0, as [client.Client.RawWaitlistConsumers] yields them (a
// [*client.EntryError] beside a RawEntry that has JSON is about that element; any other error
// is final).
func (d *Diff) Compare(entries iter.Seq2[client.RawEntry, error]) iter.Seq2[Change, error] {
	return func(yield func(Change, error) bool) {
		if d.used {
			yield(Change{}, ErrDiffUsed)
			return
		}
		d.used = true
		next := NewState(d.prev.sequenceID)
		next.recs = make([]record, 0, d.prev.Len()+d.prev.Len()/16)
		seen := make([]uint64, (d.prev.Len()+63)/64)
		var sc scanner
		var status []byte
		kept := 0 // the entries of the state that are still on the list
		for r, err := range entries {
			var decodeErr *client.EntryError
			if err != nil && (r.JSON == nil || !errors.As(err, &decodeErr)) {
				yield(Change{}, err)
				return
			}
			ch, elemErr := d.compareOne(&sc, next, seen, &r, &status)
			if elemErr == nil && ch.Kind != Added {
				kept++
			}
			if elemErr != nil {
				d.skipped = append(d.skipped, r.Index)
			} else if decodeErr != nil {
				elemErr = &ElementError{Index: r.Index, ID: next.id(next.Len() - 1), JSON: r.JSON, Err: decodeErr}
			}
			if elemErr != nil && !yield(Change{}, elemErr) {
				return
			}
			if ch.Kind != 0 && !yield(ch, nil) {
				return
			}
		}
		if removed := d.prev.Len() - kept; removed > d.limit.max(d.prev.Len()) {
			d.refused = &RemovalLimitError{Removed: removed, Previous: d.prev.Len(), Max: d.limit.max(d.prev.Len()), Limit: d.limit.String()}
			yield(Change{}, d.refused)
			return
		}
		for i := range d.prev.recs {
			if seen[i/64]&(1<<(i%64)) != 0 {
				continue
			}
			st := d.prev.statusJSON(i)
			ch := Change{Kind: Removed, ID: d.prev.id(i), PreviousStatusJSON: st, PreviousStatus: decodeStatus(st)}
			if !yield(ch, nil) {
				return
			}
		}
		d.next, d.done = next, true
	}
}

// compareOne adds element r to next and returns its change (Kind 0 for none), or the element's
// error when it cannot be followed. status is a scratch buffer.
func (d *Diff) compareOne(sc *scanner, next *State, seen []uint64, r *client.RawEntry, status *[]byte) (Change, *ElementError) {
	found, err := sc.entry(r.JSON)
	if err != nil || !found.hasID {
		return Change{}, &ElementError{Index: r.Index, JSON: r.JSON, Err: ErrNoID}
	}
	k := keyOf(found.id)
	if first, dup := next.find(k); dup {
		return Change{}, &ElementError{Index: r.Index, ID: string(found.id), FirstIndex: d.listIndex(first), JSON: r.JSON, Err: ErrDuplicateID}
	}
	*status = (*status)[:0]
	if found.status != nil {
		if *status, err = rawjson.AppendCompact(*status, found.status); err != nil {
			*status = append((*status)[:0], found.status...)
		}
	}
	next.add(&k, next.statusIndex(*status), found.fp)

	i, ok := d.prev.find(k)
	if !ok {
		return Change{Kind: Added, ID: string(found.id), Entry: *r}, nil
	}
	seen[i/64] |= 1 << (i % 64)
	if d.prev.recs[i].fp == found.fp {
		return Change{}, nil
	}
	st := d.prev.statusJSON(i)
	return Change{Kind: Changed, ID: string(found.id), Entry: *r, PreviousStatusJSON: st, PreviousStatus: decodeStatus(st)}, nil
}

// listIndex returns the position in the list of the next state's record j.
func (d *Diff) listIndex(j int) int {
	for _, p := range d.skipped {
		if p > j {
			break
		}
		j++
	}
	return j
}

// Next returns the state the read leaves: the list just read, to compare the next read with.
// It returns [ErrIncomplete] until the changes have all been yielded without a final error, and
// the [*RemovalLimitError] of a read refused for removing too many entries.
func (d *Diff) Next() (*State, error) {
	if d.refused != nil {
		return nil, d.refused
	}
	if !d.done {
		return nil, ErrIncomplete
	}
	return d.next, nil
}
