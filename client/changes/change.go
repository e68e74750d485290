package changes

import (
	"encoding/json"
	"strconv"

	"github.com/fanfare-go/fanfare/client"
)

// Kind is what happened to an entry between two reads.
type Kind uint8

// The kinds of change.
const (
	// Added: the entry is on the list and was not in the state.
	Added Kind = iota + 1
	// Changed: the entry was in the state and a member of it differs: its status, a timestamp,
	// a consumer field, a member the spec does not know, at any depth.
	Changed
	// Removed: the entry was in the state and is no longer on the list.
	Removed
)

// String returns "added", "changed" or "removed".
func (k Kind) String() string {
	switch k {
	case Added:
		return "added"
	case Changed:
		return "changed"
	case Removed:
		return "removed"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Change is one entry added, changed or removed since the state.
type Change struct {
	// Kind says what happened.
	Kind Kind
	// ID is the entry's id.
	ID string
	// Entry is the entry as this read got it (Added, Changed): its bytes exactly as the API sent
	// them, its position in the list, and its decoding (the zero value when it does not decode:
	// an [*ElementError] was yielded just before). It is the zero RawEntry for Removed.
	Entry client.RawEntry
	// PreviousStatusJSON is the status the state held for the entry (Changed, Removed), as the
	// API sent it: its JSON value, compacted; nil when the entry had no status member, and for
	// Added.
	PreviousStatusJSON json.RawMessage
	// PreviousStatus is PreviousStatusJSON decoded: empty when it is nil, null or not a string.
	PreviousStatus client.WaitlistConsumerStatus
}
