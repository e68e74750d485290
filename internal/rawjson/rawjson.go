// Package rawjson reads and rewrites JSON values as bytes, without decoding them: compacting,
// walking an object's members, finding one, or leaving some out. What it writes is the input's
// own bytes (white space outside strings dropped), so numbers, escapes and members nobody
// knows of pass through unchanged.
//
// It is meant for values that are already known to be valid JSON (an entry that decoded): it
// checks only what it needs to find its way, and reports a malformed value as ErrSyntax rather
// than guessing.
package rawjson

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/bits"
	"unicode/utf8"
)

// ErrSyntax is the error of a value that is not valid JSON where the walk needed it to be.
var ErrSyntax = errors.New("rawjson: malformed JSON")

// isSpace reports JSON's white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// stringEnd returns the index after the string that starts at b[i] == '"': its first quote
// that is not escaped.
func stringEnd(b []byte, i int) (int, error) {
	for j := i + 1; ; j += 2 { // past a backslash and the byte it escapes
		j = quoteOrBackslash(b, j)
		if j >= len(b) {
			return 0, ErrSyntax
		}
		if b[j] == '"' {
			return j + 1, nil
		}
	}
}

const (
	lsb       = 0x0101010101010101
	msb       = 0x8080808080808080
	quotes    = '"' * lsb
	backslash = '\\' * lsb
)

// quoteOrBackslash returns the index of the first '"' or '\\' in b at or after i, or len(b).
// It looks at 8 bytes at a time: the strings it crosses are mostly short (keys, ids, times),
// too short for bytes.IndexByte to pay for its start.
func quoteOrBackslash(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, s := x^quotes, x^backslash // a zero byte where x has a quote, a backslash
		if m := ((q-lsb)&^q | (s-lsb)&^s) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)>>3 // the lowest mark is exact
		}
	}
	for ; i < len(b) && b[i] != '"' && b[i] != '\\'; i++ {
	}
	return i
}

// valueEnd returns the index after the value that starts at b[i] (no white space before it).
func valueEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, ErrSyntax
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		return containerEnd(b, i, false)
	}
	return literalEnd(b, i)
}

// containerEnd returns the index after the object or array that starts at b[i]. With compact,
// white space outside its strings fails it with errNotCompact.
func containerEnd(b []byte, i int, compact bool) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			end, err := stringEnd(b, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		case ' ', '\t', '\n', '\r':
			if compact {
				return 0, errNotCompact
			}
		}
	}
	return 0, ErrSyntax
}

// literalEnd returns the index after the number, true, false or null that starts at b[i].
func literalEnd(b []byte, i int) (int, error) {
	j := i
	for j < len(b) && isLiteralByte(b[j]) {
		j++
	}
	if j == i {
		return 0, ErrSyntax
	}
	return j, nil
}

// isLiteralByte reports whether c can be part of a number, true, false or null.
func isLiteralByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E'
}

// AppendCompact appends src, one JSON value, to dst without the white space outside its
// strings.
func AppendCompact(dst, src []byte) ([]byte, error) {
	if isCompact(src) {
		return append(dst, src...), nil
	}
	return appendFiltered(dst, src, nil)
}

// isCompact reports whether b has no white space outside its strings (then, valid, it is its
// own compact form). It jumps from quote to quote, the strings being the bulk of the bytes.
func isCompact(b []byte) bool {
	for i := 0; ; {
		q := bytes.IndexByte(b[i:], '"')
		between := b[i:]
		if q >= 0 {
			between = b[i : i+q]
		}
		for _, c := range between {
			if isSpace(c) {
				return false
			}
		}
		if q < 0 {
			return len(b) > 0
		}
		end, err := stringEnd(b, i+q)
		if err != nil {
			return false
		}
		i = end
	}
}

// Member is one member of an object: its key as written (quotes and escapes included) and its
// value's bytes, white space inside it included.
type Member struct {
	RawKey []byte
	Value  []byte
}

// Key returns the member's key as encoding/json decodes it (escapes resolved, invalid UTF-8
// replaced).
func (m Member) Key() (string, error) {
	if plainKey(m.RawKey) {
		return string(m.RawKey[1 : len(m.RawKey)-1]), nil
	}
	var k string
	if err := json.Unmarshal(m.RawKey, &k); err != nil {
		return "", ErrSyntax
	}
	return k, nil
}

// Members calls fn with each member of the object obj, in order, until fn returns false.
func Members(obj []byte, fn func(Member) bool) error {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return ErrSyntax
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return nil
	}
	for i < len(obj) {
		if obj[i] != '"' {
			return ErrSyntax
		}
		kend, err := stringEnd(obj, i)
		if err != nil {
			return err
		}
		m := Member{RawKey: obj[i:kend]}
		i = skipSpace(obj, kend)
		if i >= len(obj) || obj[i] != ':' {
			return ErrSyntax
		}
		i = skipSpace(obj, i+1)
		vend, err := valueEnd(obj, i)
		if err != nil {
			return err
		}
		m.Value = obj[i:vend]
		if !fn(m) {
			return nil
		}
		i = skipSpace(obj, vend)
		if i < len(obj) && obj[i] == '}' {
			return nil
		}
		if i >= len(obj) || obj[i] != ',' {
			return ErrSyntax
		}
		i = skipSpace(obj, i+1)
	}
	return ErrSyntax
}

// Lookup returns the value of the member at path (keys, one per level of nested objects) in
// obj, as encoding/json would decode it into a map: the last of repeated keys wins. found is
// false when a key on the path is missing, or a value on it is not an object.
func Lookup(obj []byte, path ...string) (value []byte, found bool, err error) {
	if len(path) == 0 {
		return obj, true, nil
	}
	var last []byte
	err = Members(obj, func(m Member) bool {
		if keyIs(m.RawKey, path[0]) {
			last, found = m.Value, true
		}
		return true
	})
	if err != nil || !found {
		return nil, false, err
	}
	if len(path) > 1 {
		if last[0] != '{' {
			return nil, false, nil
		}
		return Lookup(last, path[1:]...)
	}
	return last, true, nil
}

// appendFiltered compacts src, one value, into dst in one pass, leaving out the members at
// path. On an error dst is returned as it was.
func appendFiltered(dst, src []byte, path []string) ([]byte, error) {
	c := compactor{src: src, dst: dst}
	c.i = skipSpace(src, 0)
	if err := c.value(path); err != nil {
		return dst, err
	}
	if skipSpace(src, c.i) != len(src) {
		return dst, ErrSyntax
	}
	return c.dst, nil
}

// compactor copies a value's bytes without white space, leaving out the members at a path.
type compactor struct {
	src []byte
	i   int // the next byte of src to read
	dst []byte
}

// value copies the value at c.i; path applies if it is an object.
func (c *compactor) value(path []string) error {
	if c.i >= len(c.src) {
		return ErrSyntax
	}
	switch c.src[c.i] {
	case '"':
		return c.string()
	case '{':
		return c.object(path)
	case '[':
		return c.array()
	}
	j, err := literalEnd(c.src, c.i)
	if err != nil {
		return err
	}
	c.dst = append(c.dst, c.src[c.i:j]...)
	c.i = j
	return nil
}

// string copies the string at c.i.
func (c *compactor) string() error {
	end, err := stringEnd(c.src, c.i)
	if err != nil {
		return err
	}
	c.dst = append(c.dst, c.src[c.i:end]...)
	c.i = end
	return nil
}

// array copies the array at c.i.
func (c *compactor) array() error {
	more := c.open(']')
	for more {
		if err := c.value(nil); err != nil {
			return err
		}
		var err error
		if more, err = c.after(']'); err != nil {
			return err
		}
		if more {
			c.dst = append(c.dst, ',')
		}
	}
	return nil
}

// object copies the object at c.i, leaving out the members at path.
func (c *compactor) object(path []string) error {
	more, written := c.open('}'), false
	for more {
		wrote, err := c.member(path, written)
		if err != nil {
			return err
		}
		written = written || wrote
		if more, err = c.after('}'); err != nil {
			return err
		}
	}
	return nil
}

// open copies the '{' or '[' at c.i and reports whether anything comes before end (else it
// copies end too).
func (c *compactor) open(end byte) bool {
	c.dst = append(c.dst, c.src[c.i])
	c.i = skipSpace(c.src, c.i+1)
	if c.i < len(c.src) && c.src[c.i] == end {
		c.dst = append(c.dst, end)
		c.i++
		return false
	}
	return true
}

// after moves past what follows an element or member: a comma (more) or end, copied.
func (c *compactor) after(end byte) (more bool, err error) {
	c.i = skipSpace(c.src, c.i)
	if c.i >= len(c.src) {
		return false, ErrSyntax
	}
	switch c.src[c.i] {
	case ',':
		c.i = skipSpace(c.src, c.i+1)
		return true, nil
	case end:
		c.dst = append(c.dst, end)
		c.i++
		return false, nil
	}
	return false, ErrSyntax
}

// member copies the object member at c.i, after a comma when one was written before it, or
// skips it when it is the last key of path. It reports whether it wrote the member.
func (c *compactor) member(path []string, comma bool) (wrote bool, err error) {
	if c.i >= len(c.src) || c.src[c.i] != '"' {
		return false, ErrSyntax
	}
	kend, err := stringEnd(c.src, c.i)
	if err != nil {
		return false, err
	}
	key := c.src[c.i:kend]
	c.i = skipSpace(c.src, kend)
	if c.i >= len(c.src) || c.src[c.i] != ':' {
		return false, ErrSyntax
	}
	c.i = skipSpace(c.src, c.i+1)
	onPath := len(path) > 0 && keyIs(key, path[0])
	if onPath && len(path) == 1 {
		c.i, err = valueEnd(c.src, c.i)
		return false, err
	}
	if comma {
		c.dst = append(c.dst, ',')
	}
	c.dst = append(append(c.dst, key...), ':')
	var sub []string
	if onPath {
		sub = path[1:]
	}
	return true, c.value(sub)
}

// keyIs reports whether the raw key (quotes and escapes included) decodes to name, as
// encoding/json decodes keys; name is valid UTF-8 without U+FFFD (a field's name).
func keyIs(raw []byte, name string) bool {
	if len(raw)-2 < len(name) { // an escape is longer than what it stands for
		return false
	}
	if bytes.IndexByte(raw, '\\') < 0 { // equal bytes, or (invalid UTF-8 replaced) not name
		return string(raw[1:len(raw)-1]) == name
	}
	k, err := Member{RawKey: raw}.Key()
	return err == nil && k == name
}

// plainKey reports whether a raw key is its own decoding: no escapes, ASCII only.
func plainKey(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
