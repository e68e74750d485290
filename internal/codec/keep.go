package codec

import (
	"encoding/json"

	"github.com/fanfare-go/fanfare/internal/jsonmember"
)

// keep decodes the member at start, the value of field name that its fast decoder did not
// take, as gen's UnmarshalJSON decodes every member: into *p with encoding/json when that takes
// it (the fast decoder gave up on a form it leaves to encoding/json), or else, as a value the
// field cannot hold, kept as sent in extra under name, *p left at its zero value. So one odd
// value costs neither the entry nor the fast path. It fails only when the value is not valid
// JSON (the whole entry is then left to encoding/json, which says why).
//
// It is called only for values whose fast decoder sets nothing that the entry's finish would
// later overwrite: scalars, times, free-form maps, and the first byte of an object field that
// is neither '{' nor 'n'.
func keep[T any](d *Decoder, start int, p *T, name string, extra *map[string]json.RawMessage) bool { //nolint:gocritic // ptrToRefParam: the map is made here, at the first such member
	d.i = start
	if !d.skipValue() {
		return false
	}
	raw := d.b[start:d.i]
	var zero T
	*p = zero
	if jsonmember.Decode(raw, p) {
		return true
	}
	if *extra == nil {
		*extra = make(map[string]json.RawMessage, 1)
	}
	(*extra)[name] = append(json.RawMessage(nil), raw...)
	return true
}
