package codec

import (
	"encoding/binary"
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Decoder holds the state of one decode: the element's bytes, the offset reached, and scratch
// space reused from one element to the next. Its methods and the generated decoders return
// false to give up (see the package doc); the value decoded into is then left half-filled and
// must be decoded again from scratch by encoding/json.
//
// A Decoder is not safe for concurrent use; give each goroutine its own.
type Decoder struct {
	b       []byte
	i       int
	depth   int
	objects int     // the objects open around d.i (the entry's, the consumer's, …)
	skip    scanner // validates the values of unknown keys
	tmp     []byte  // unquoting scratch
	key     []byte  // the last key read that matched no field
	order   orders  // the order of the keys, learnt (see field)
	alloc   alloc
}

// maxAnyDepth bounds the nesting of values decoded into `any`: deeper ones are rare enough to
// leave to encoding/json, and the bound keeps the decoder's recursion shallow.
const maxAnyDepth = 64

// The results of moving to an object's next key.
const (
	keyRead = iota // the decoder is at a key's opening quote
	objEnd         // the object ended
	giveUp         // something the fast path does not handle
)

// Release drops d's references to the last element and to what was decoded from it, so that a
// pooled Decoder keeps nothing alive.
func (d *Decoder) Release() {
	d.b, d.key = nil, nil
	d.alloc.reset()
}

// start points d at b for a new element.
func (d *Decoder) start(b []byte) {
	d.b, d.i, d.depth, d.objects = b, 0, 0, 0
	d.alloc.reset()
}

// open is called at an object's '{'. It moves to the first key's quote, or past the '}'.
func (d *Decoder) open() int {
	d.i = skipSpace(d.b, d.i+1)
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case '}':
			d.i++
			return objEnd
		case '"':
			d.objects++
			return keyRead
		}
	}
	return giveUp
}

// more is called after an object member's value. It moves to the next key's quote, or past
// the '}'.
func (d *Decoder) more() int {
	d.i = skipSpace(d.b, d.i)
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case '}':
			d.i++
			d.objects--
			return objEnd
		case ',':
			d.i = skipSpace(d.b, d.i+1)
			if d.i < len(d.b) && d.b[d.i] == '"' {
				return keyRead
			}
		}
	}
	return giveUp
}

// The results of field besides a field's index.
const (
	unknownKey = -1 // a key matching no field exactly: d.key holds it
	badKey     = -2 // give up
)

// field reads the key at d.b[d.i] == '"' and the colon after it, and returns the index of its
// field in keys, trying guess first (the field whose key came next last time) and then lookup.
// Keys with escapes or bytes outside ASCII make it give up: encoding/json matches them to
// fields with Unicode case folding.
func (d *Decoder) field(guess uint8, keys []key, lookup func([]byte) int) int {
	if int(guess) < len(keys) && keys[guess].at(d.b, d.i+1) {
		d.i = skipSpace(d.b, d.i+1+keys[guess].n)
		if d.i < len(d.b) {
			return int(guess)
		}
		return badKey
	}
	j, ascii := stringEnd(d.b, d.i+1)
	if j >= len(d.b) || d.b[j] != '"' || !ascii {
		return badKey
	}
	d.key = d.b[d.i+1 : j]
	d.i = j + 1
	if !d.colon() {
		return badKey
	}
	return lookup(d.key)
}

// key is a field's key as it mostly comes, `name":`, in 8-byte words to compare quickly.
type key struct {
	s string    // name + `":`
	n int       // len(s); 0 for a name the fast path never matches
	w [5]uint64 // s, little-endian, zero-padded
	m [5]uint64 // the bytes of each word that s fills
}

// makeKeys makes the keys of a struct's fields, by field.
func makeKeys(names ...string) []key {
	keys := make([]key, len(names))
	for i, name := range names {
		s := name + `":`
		if len(s) > 8*len(keys[i].w) || !isASCIIString(name) {
			continue
		}
		k := &keys[i]
		k.s, k.n = s, len(s)
		for j := 0; j < len(s); j++ {
			k.w[j/8] |= uint64(s[j]) << (8 * (j % 8))
			k.m[j/8] |= 0xff << (8 * (j % 8))
		}
	}
	return keys
}

// at reports whether b holds k at i.
func (k *key) at(b []byte, i int) bool {
	if k.n == 0 {
		return false
	}
	if i+8*len(k.w) > len(b) { // near the end: bytes
		return i+k.n <= len(b) && string(b[i:i+k.n]) == k.s
	}
	for w := 0; 8*w < k.n; w++ {
		if binary.LittleEndian.Uint64(b[i+8*w:])&k.m[w] != k.w[w] {
			return false
		}
	}
	return true
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// colon moves past the colon after a key and the white space to the value.
func (d *Decoder) colon() bool {
	i := skipSpace(d.b, d.i)
	if i >= len(d.b) || d.b[i] != ':' {
		return false
	}
	d.i = skipSpace(d.b, i+1)
	return d.i < len(d.b)
}

// extra keeps the member d.key, which matched no field, in *m as the value's exact bytes (a
// copy of the entry's own), as the UnmarshalJSON of a type with additional properties does; a
// repeated key replaces the earlier value.
func (d *Decoder) extra(m *map[string]json.RawMessage) bool { //nolint:gocritic // ptrToRefParam: the map is made here, at the first such member
	start := d.i
	if !d.skipValue() {
		return false
	}
	if *m == nil {
		*m = make(map[string]json.RawMessage, 1)
	}
	(*m)[string(d.key)] = append(json.RawMessage(nil), d.b[start:d.i]...)
	return true
}

// skipValue checks the syntax of the value at d.i and moves past it.
func (d *Decoder) skipValue() bool {
	d.skip.reset()
	d.skip.floor = d.objects // containers nest toward MaxDepth from the element's top
	end, res := d.skip.scan(d.b, d.i)
	if res != scanOK {
		return false // invalid, or running to the end of the element: not a member's value
	}
	d.i = end
	return true
}

// lit consumes the literal s (true, false or null) at d.i.
func (d *Decoder) lit(s string) bool {
	if len(d.b)-d.i < len(s) || string(d.b[d.i:d.i+len(s)]) != s {
		return false
	}
	d.i += len(s)
	return true
}

// rawString returns the raw bytes of the string at d.i, quotes included, if it has no escapes
// (time.Time's UnmarshalJSON takes them as they are).
func (d *Decoder) rawString() ([]byte, bool) {
	j, _ := stringEnd(d.b, d.i+1)
	if j >= len(d.b) || d.b[j] != '"' {
		return nil, false
	}
	raw := d.b[d.i : j+1]
	d.i = j + 1
	return raw, true
}

// scanString finds the end of the string at d.b[d.i] == '"' and moves past it. Its content is
// d.b[start:end]; plain reports that the content is its own decoding (no escapes, valid UTF-8).
func (d *Decoder) scanString() (start, end int, plain, ok bool) {
	start = d.i + 1
	j, ascii := stringEnd(d.b, start)
	if j < len(d.b) && d.b[j] == '"' {
		if ascii || utf8.Valid(d.b[start:j]) {
			d.i = j + 1
			return start, j, true, true
		}
	}
	// Escapes, invalid UTF-8, or an unterminated string: find its end, checking the escapes
	// (appendUnquoted checks the hex digits).
	for j < len(d.b) && d.b[j] == '\\' {
		if j+1 >= len(d.b) {
			return 0, 0, false, false
		}
		switch d.b[j+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u':
		default:
			return 0, 0, false, false
		}
		j, _ = stringEnd(d.b, j+2)
	}
	if j >= len(d.b) || d.b[j] != '"' {
		return 0, 0, false, false
	}
	d.i = j + 1
	return start, j, false, true
}

// stringBytes reads the string at d.b[d.i] == '"' and returns its decoded content, which is
// valid until the next call.
func (d *Decoder) stringBytes() ([]byte, bool) {
	start, end, plain, ok := d.scanString()
	switch {
	case !ok:
		return nil, false
	case plain:
		return d.b[start:end], true
	}
	d.tmp, ok = appendUnquoted(d.tmp[:0], d.b[start:end])
	return d.tmp, ok
}

// string reads the string at d.b[d.i] == '"' into a string of its own.
func (d *Decoder) string() (string, bool) {
	b, ok := d.stringBytes()
	if !ok {
		return "", false
	}
	return d.alloc.string(b), true
}

// setString reads the string at d.b[d.i] == '"' into *p (when the entry is finished).
func (d *Decoder) setString(p *string) bool {
	start, end, plain, ok := d.scanString()
	switch {
	case !ok:
		return false
	case plain:
		d.alloc.setString(p, d.b[start:end])
		return true
	}
	return d.alloc.setUnquoted(p, d.b[start:end])
}

// time decodes the value at d.i into t as encoding/json does: with t's UnmarshalJSON (see
// parseTime).
func (d *Decoder) time(t *time.Time) bool {
	switch d.b[d.i] {
	case '"':
		raw, ok := d.rawString()
		return ok && parseTime(raw, t)
	case 'n':
		return d.lit("null")
	}
	return false
}

// timePtr decodes the value at d.i into *p: null sets it to nil.
func (d *Decoder) timePtr(p **time.Time) bool {
	switch d.b[d.i] {
	case '"':
		raw, ok := d.rawString()
		if !ok {
			return false
		}
		if *p == nil {
			*p = d.alloc.time()
		}
		return parseTime(raw, *p)
	case 'n':
		*p = nil
		return d.lit("null")
	}
	return false
}

// unmarshal decodes the value at d.i into p with encoding/json: the path for field types the
// generator does not know. Decoding into a field on its own is what encoding/json does for the
// field inside its struct.
func (d *Decoder) unmarshal(p any) bool {
	start := d.i
	if !d.skipValue() {
		return false
	}
	return json.Unmarshal(d.b[start:d.i], p) == nil
}

// end checks that only white space follows the top-level value.
func (d *Decoder) end() bool {
	return skipSpace(d.b, d.i) == len(d.b)
}
