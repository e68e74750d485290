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
	"encoding/json"
	"errors"
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

// stringEnd returns the index after the string that starts at b[i] == '"'.
func stringEnd(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); {
		k := bytes.IndexAny(b[j:], `"\`)
		if k < 0 {
			break
		}
		j += k
		if b[j] == '"' {
			return j + 1, nil
		}
		j += 2 // an escape: the byte after the backslash cannot end the string
	}
	return 0, ErrSyntax
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
			}
		}
		return 0, ErrSyntax
	}
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
	i := skipSpace(src, 0)
	end, err := valueEnd(src, i)
	if err != nil || skipSpace(src, end) != len(src) {
		return dst, ErrSyntax
	}
	start := len(dst)
	for i < end {
		switch c := src[i]; {
		case c == '"':
			j, err := stringEnd(src, i)
			if err != nil {
				return dst[:start], err
			}
			dst = append(dst, src[i:j]...)
			i = j
		case isSpace(c):
			i++
		default:
			j := i + 1
			for j < end && src[j] != '"' && !isSpace(src[j]) {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
		}
	}
	return dst, nil
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
	plain := true
	for _, c := range m.RawKey {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
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
	werr := Members(obj, func(m Member) bool {
		k, kerr := m.Key()
		if kerr != nil {
			err = kerr
			return false
		}
		if k == path[0] {
			last, found = m.Value, true
		}
		return true
	})
	if err == nil {
		err = werr
	}
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

// AppendWithout appends obj, an object, compacted, leaving out every member at path (keys, one
// per level of nested objects; every repeat of a key on the path is followed, and a value on it
// that is not an object is kept as it is).
func AppendWithout(dst, obj []byte, path ...string) ([]byte, error) {
	if len(path) == 0 {
		return AppendCompact(dst, obj)
	}
	start := len(dst)
	dst = append(dst, '{')
	n := 0
	var err error
	werr := Members(obj, func(m Member) bool {
		var k string
		if k, err = m.Key(); err != nil {
			return false
		}
		if k == path[0] && len(path) == 1 {
			return true
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(dst, m.RawKey...), ':')
		if k == path[0] && m.Value[0] == '{' {
			dst, err = AppendWithout(dst, m.Value, path[1:]...)
		} else {
			dst, err = AppendCompact(dst, m.Value)
		}
		return err == nil
	})
	if err == nil {
		err = werr
	}
	if err != nil {
		return dst[:start], err
	}
	return append(dst, '}'), nil
}
