package codec

import (
	"time"
	"unsafe"
)

// alloc makes the memory a decoded entry keeps, in few allocations, all of them the entry's
// own (never shared with another entry, so that keeping one entry keeps nothing else alive):
//   - the bytes of its strings go to one buffer while the entry is decoded, and become one
//     string at the end (finish), which every string field then points into;
//   - the targets of its *string and *time.Time fields come from one block per entry, sized
//     for all of them by the generator.
type alloc struct {
	text    []byte    // the entry's string bytes so far (reused from entry to entry)
	pending []pending // the string fields to point into text's final copy

	direct []byte // room for strings that cannot wait for finish (map keys, values in `any`)

	// The targets of the entry's *string and *time.Time fields: the generated block (one
	// allocation per entry, with room for all of them), then more if a strange entry (the
	// same key again and again) needs more.
	strs  []string
	times []time.Time
}

// pending is a string field whose bytes are text[off:off+n].
type pending struct {
	dst    *string
	off, n int
}

// reset starts an entry.
func (a *alloc) reset() {
	a.text = a.text[:0]
	clear(a.pending) // drop the pointers into the previous entry
	a.pending = a.pending[:0]
	a.strs, a.times, a.direct = nil, nil, nil
}

// setString arranges for *dst to be the string b once the entry is finished. An empty b is
// pending too: the same key may have come before, and the last value must win.
func (a *alloc) setString(dst *string, b []byte) {
	off := len(a.text)
	a.text = append(a.text, b...)
	a.pending = append(a.pending, pending{dst: dst, off: off, n: len(b)})
}

// setUnquoted arranges for *dst to be the JSON string content s, unquoted, once the entry is
// finished.
func (a *alloc) setUnquoted(dst *string, s []byte) bool {
	off := len(a.text)
	var ok bool
	if a.text, ok = appendUnquoted(a.text, s); !ok {
		return false
	}
	a.pending = append(a.pending, pending{dst: dst, off: off, n: len(a.text) - off})
	return true
}

// finish copies the entry's string bytes into one new string and points the string fields
// into it, in the order they were set (so the last of duplicated keys wins).
func (a *alloc) finish() {
	if len(a.pending) > 0 {
		s := string(a.text)
		for _, p := range a.pending {
			*p.dst = s[p.off : p.off+p.n]
		}
	}
}

// string copies b into a string (for map keys and values, which cannot wait for finish): into
// the room reserved by reserve, or a new one of its own.
func (a *alloc) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	n := len(a.direct)
	if n+len(b) > cap(a.direct) {
		return string(b)
	}
	a.direct = append(a.direct, b...)
	// The bytes are never written again (direct only grows, within its capacity, and is
	// dropped at the next entry), so they can be a string.
	return unsafe.String(&a.direct[n], len(b)) //nolint:gosec // G103: see above

}

// reserve makes room for n bytes of strings to come (the entry's own, like the rest).
func (a *alloc) reserve(n int) {
	if cap(a.direct)-len(a.direct) < n {
		a.direct = make([]byte, 0, n)
	}
}

// newString returns a zero string for a *string field to point to.
func (a *alloc) newString() *string {
	if len(a.strs) == cap(a.strs) {
		a.strs = make([]string, 0, 4)
	}
	a.strs = a.strs[:len(a.strs)+1]
	return &a.strs[len(a.strs)-1]
}

// time returns a zero time.Time for a *time.Time field to point to.
func (a *alloc) time() *time.Time {
	if len(a.times) == cap(a.times) {
		a.times = make([]time.Time, 0, 4)
	}
	a.times = a.times[:len(a.times)+1]
	return &a.times[len(a.times)-1]
}
