package changes

import (
	"errors"
	"fmt"
)

// The kinds of a [*StateError], for errors.Is.
var (
	// ErrCorruptState: the bytes are not an intact state: not a state file at all, truncated,
	// changed after they were written (the checksum does not match), or inconsistent.
	ErrCorruptState = errors.New("changes: not an intact waitlist state")
	// ErrForeignState: the state is intact but another sequence's.
	ErrForeignState = errors.New("changes: the state is another sequence's")
	// ErrStateVersion: the state was written in a format version this package does not read (by
	// a newer version of the SDK).
	ErrStateVersion = errors.New("changes: the state's format version is not supported")
)

// StateError is a state that cannot be loaded. Nothing is read from it: a caller that keeps
// the state in a file should leave the file as it is and stop, rather than start afresh and
// report every entry again.
type StateError struct {
	// Path is the file, for [LoadFile]; empty for [Load].
	Path string
	// SequenceID is the sequence the state was loaded for.
	SequenceID string
	// StateSequenceID is the sequence the state is for (with ErrForeignState).
	StateSequenceID string
	// Version is the format version found (with ErrStateVersion).
	Version uint64
	// Reason says, for people, what is wrong (with ErrCorruptState): "not a state file",
	// "truncated", "checksum mismatch", …
	Reason string
	// Err is ErrCorruptState, ErrForeignState, ErrStateVersion, or the error of reading the
	// state (an *fs.PathError from LoadFile when the file cannot be opened: errors.Is(err,
	// fs.ErrNotExist) tells a missing file).
	Err error
}

// Error says which state and what is wrong with it.
func (e *StateError) Error() string {
	where := "the state"
	if e.Path != "" {
		where = fmt.Sprintf("state file %s", e.Path)
	}
	switch {
	case errors.Is(e.Err, ErrForeignState):
		return fmt.Sprintf("changes: %s belongs to sequence %q, not %q", where, e.StateSequenceID, e.SequenceID)
	case errors.Is(e.Err, ErrStateVersion):
		return fmt.Sprintf("changes: %s has format version %d; this version of the SDK reads version %d", where, e.Version, formatVersion)
	case errors.Is(e.Err, ErrCorruptState):
		return fmt.Sprintf("changes: %s is corrupt: %s", where, e.Reason)
	}
	return fmt.Sprintf("changes: reading %s: %v", where, e.Err)
}

// Unwrap returns the kind of error, or the read error.
func (e *StateError) Unwrap() error { return e.Err }

// The kinds of an [*ElementError], for errors.Is.
var (
	// ErrNoID: the element has no "id" member whose value is a string (it may not even be an
	// object), so it cannot be followed from one read to the next.
	ErrNoID = errors.New("changes: the entry has no id")
	// ErrDuplicateID: an earlier element of the same list has the same id. The first one is
	// followed; this one is not.
	ErrDuplicateID = errors.New("changes: another entry of the list has the same id")
)

// ElementError is one element of the list that the comparison reports and goes on: an element
// it cannot follow ([ErrNoID], [ErrDuplicateID]), which is in no change and not in the next
// state, or an entry that does not decode (Err is then the [*client.EntryError]), which is still
// followed by its bytes: its change, if any, comes next with its JSON and the zero Entry.
type ElementError struct {
	// Index is the element's position in the list, from 0.
	Index int
	// ID is the element's id; empty with ErrNoID.
	ID string
	// FirstIndex is the position of the element that has the same id (with ErrDuplicateID).
	FirstIndex int
	// JSON is the element as the API sent it.
	JSON []byte
	// Err is ErrNoID, ErrDuplicateID or the *client.EntryError.
	Err error
}

// Error names the element and the problem.
func (e *ElementError) Error() string {
	switch {
	case errors.Is(e.Err, ErrDuplicateID):
		return fmt.Sprintf("changes: waitlist entry %d has the id %q of entry %d; only the first is followed", e.Index, e.ID, e.FirstIndex)
	case errors.Is(e.Err, ErrNoID):
		return fmt.Sprintf("changes: waitlist entry %d has no id (a string member \"id\") and cannot be followed", e.Index)
	}
	return fmt.Sprintf("changes: waitlist entry %d (id %q) does not decode, followed by its bytes: %v", e.Index, e.ID, e.Err)
}

// Unwrap returns the kind of problem, or the decoding error.
func (e *ElementError) Unwrap() error { return e.Err }

// ErrIncomplete is [Diff.Next]'s error when the comparison has not run to its end: the list was
// not read whole (a final error, or the loop stopped early), so the next state is unknown and
// the previous one still holds.
var ErrIncomplete = errors.New("changes: the comparison did not run to its end")

// ErrDiffUsed is yielded when a [Diff]'s changes are ranged over a second time: a Diff compares
// one read.
var ErrDiffUsed = errors.New("changes: the diff was already used for a read")

// errNotObject is the walk's error for an element that is not an object.
var errNotObject = errors.New("changes: the element is not an object")

// ErrTooManyRemoved is the kind of a [*RemovalLimitError], for errors.Is.
var ErrTooManyRemoved = errors.New("changes: the read would remove more entries than allowed")

// RemovalLimitError is the final error of a read that would remove more of the previous state's
// entries than the Diff's bound allows ([WithMaxRemoved], [WithMaxRemovedFraction]; by default
// more than half): a list cut short by the server (an empty answer, a lagging replica, a page
// taken for the whole list) looks exactly like that. None of the removals was yielded, and
// [Diff.Next] returns this error instead of a state: the previous state still holds. The
// entries added and changed were yielded before it, as for any read that fails at its end,
// and will be reported again by the next read.
//
// If the list really shrank that much, read it again with a bound that allows Removed.
type RemovalLimitError struct {
	// Removed is how many of the previous state's entries the read would remove.
	Removed int
	// Previous is how many entries the previous state holds.
	Previous int
	// Max is the most removals the bound allows from that state.
	Max int
	// Limit is the bound as set: "50%" for a fraction, "10" for a count.
	Limit string
}

// Error gives the counts and the bound.
func (e *RemovalLimitError) Error() string {
	return fmt.Sprintf("changes: the read would remove %d of the %d entries of the previous read, more than the bound (%s: at most %d); nothing was removed and the state was kept",
		e.Removed, e.Previous, e.Limit, e.Max)
}

// Unwrap returns [ErrTooManyRemoved].
func (e *RemovalLimitError) Unwrap() error { return ErrTooManyRemoved }
