package changes

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"github.com/fanfare-go/fanfare/internal/rawjson"
)

// An entry's fingerprint is a 64-bit hash of what it says, not of how it is written: the order
// of an object's members and the white space between values do not change it, and neither do
// the escapes of a string ("\u00e9" and "é" are the same string). Every other difference does:
// any member added, removed or given another value, at any depth, members the spec does not
// know included. Numbers count as written (1.0 is not 1).
//
// One member is left out: the consumer's verificationCode. A fingerprint of a six-digit code is
// found again by trying a million codes, and a state file must not give away what the output
// hides; a new code comes with a new verificationCodeExpiresAt, which counts.
//
// Fingerprints are stored in state files, so the definition is part of the file format
// (version 1); changing it needs a new version:
//
//	fp(string s)          = XXH64(s with its escapes resolved, seedString)
//	fp(number, true, …)   = XXH64(the literal as written, seedLiteral)
//	fp([v1, …, vn])       = XXH64(LE64(fp(v1)) ‖ … ‖ LE64(fp(vn)), seedArray)
//	fp({k1: v1, …, kn: vn}) = XXH64(LE64(S) ‖ LE64(n), seedObject),
//	  S = Σ XXH64(LE64(XXH64(ki, seedKey)) ‖ LE64(fp(vi)), seedMember) mod 2⁶⁴
//
// The sum makes an object's fingerprint independent of its members' order; repeated keys count
// as often as they appear. A lone UTF-16 surrogate escape is taken as its three-byte WTF-8 form.
const (
	seedString  = 1
	seedLiteral = 2
	seedArray   = 3
	seedKey     = 4
	seedMember  = 5
	seedObject  = 6
)

// scanned is what one walk over an entry finds.
type scanned struct {
	fp     uint64
	id     []byte // the last "id" member's string, escapes resolved; valid until the next walk
	hasID  bool   // an "id" member with a string value was found
	status []byte // the last "status" member's value as written (nil: none); points into the entry
}

// scanner fingerprints entries. Its buffers are kept from one entry to the next; it is not safe
// for concurrent use.
type scanner struct {
	src   []byte
	i     int
	str   []byte // a string with its escapes resolved
	id    []byte // the id found, copied out of str
	stack []byte // the element fingerprints of the arrays being walked
}

// The levels of the walk at which members are looked at by name.
const (
	levelEntry    = iota // the entry: "id", "status", "consumer"
	levelConsumer        // the consumer record: "verificationCode" is left out
	levelOther
)

// entry walks one entry, an object, and returns its fingerprint, its id and its status.
func (s *scanner) entry(b []byte) (scanned, error) {
	var out scanned
	s.src, s.i = b, skipSpace(b, 0)
	if s.i >= len(b) || b[s.i] != '{' {
		return out, errNotObject
	}
	fp, err := s.object(levelEntry, &out)
	if err != nil {
		return out, err
	}
	if skipSpace(b, s.i) != len(b) {
		return out, rawjson.ErrSyntax
	}
	out.fp = fp
	if out.hasID {
		out.id = s.id
	}
	return out, nil
}

// object walks the object at s.i. At levelEntry it records the id and status in out.
func (s *scanner) object(level int, out *scanned) (uint64, error) {
	s.i = skipSpace(s.src, s.i+1)
	var sum, n uint64
	if s.i < len(s.src) && s.src[s.i] == '}' {
		s.i++
		return xxh64Pair(0, 0, seedObject), nil
	}
	for {
		if s.i >= len(s.src) || s.src[s.i] != '"' {
			return 0, rawjson.ErrSyntax
		}
		key, err := s.string()
		if err != nil {
			return 0, err
		}
		kh := xxh64(key, seedKey)
		isID := level == levelEntry && string(key) == "id"
		isStatus := level == levelEntry && string(key) == "status"
		isConsumer := level == levelEntry && string(key) == "consumer"
		skip := level == levelConsumer && string(key) == "verificationCode"

		s.i = skipSpace(s.src, s.i)
		if s.i >= len(s.src) || s.src[s.i] != ':' {
			return 0, rawjson.ErrSyntax
		}
		s.i = skipSpace(s.src, s.i+1)
		start := s.i
		var vh uint64
		switch {
		case isID && s.i < len(s.src) && s.src[s.i] == '"':
			var id []byte
			if id, err = s.string(); err == nil {
				vh = xxh64(id, seedString)
				s.id = append(s.id[:0], id...)
				out.hasID = true
			}
		case isConsumer && s.i < len(s.src) && s.src[s.i] == '{':
			vh, err = s.object(levelConsumer, out)
		default:
			if isID {
				out.hasID = false // the last id is not a string
			}
			vh, err = s.value()
		}
		if err != nil {
			return 0, err
		}
		if isStatus {
			out.status = s.src[start:s.i]
		}
		if !skip {
			sum += xxh64Pair(kh, vh, seedMember)
			n++
		}
		s.i = skipSpace(s.src, s.i)
		if s.i >= len(s.src) {
			return 0, rawjson.ErrSyntax
		}
		switch s.src[s.i] {
		case ',':
			s.i = skipSpace(s.src, s.i+1)
		case '}':
			s.i++
			return xxh64Pair(sum, n, seedObject), nil
		default:
			return 0, rawjson.ErrSyntax
		}
	}
}

// value walks the value at s.i and returns its fingerprint.
func (s *scanner) value() (uint64, error) {
	if s.i >= len(s.src) {
		return 0, rawjson.ErrSyntax
	}
	switch s.src[s.i] {
	case '"':
		str, err := s.string()
		if err != nil {
			return 0, err
		}
		return xxh64(str, seedString), nil
	case '{':
		return s.object(levelOther, nil)
	case '[':
		return s.array()
	}
	j := s.i
	for j < len(s.src) && isLiteralByte(s.src[j]) {
		j++
	}
	if j == s.i {
		return 0, rawjson.ErrSyntax
	}
	h := xxh64(s.src[s.i:j], seedLiteral)
	s.i = j
	return h, nil
}

// array walks the array at s.i.
func (s *scanner) array() (uint64, error) {
	mark := len(s.stack)
	s.i = skipSpace(s.src, s.i+1)
	if s.i < len(s.src) && s.src[s.i] == ']' {
		s.i++
		return xxh64(nil, seedArray), nil
	}
	for {
		h, err := s.value()
		if err != nil {
			return 0, err
		}
		s.stack = binary.LittleEndian.AppendUint64(s.stack, h)
		s.i = skipSpace(s.src, s.i)
		if s.i >= len(s.src) {
			return 0, rawjson.ErrSyntax
		}
		switch s.src[s.i] {
		case ',':
			s.i = skipSpace(s.src, s.i+1)
		case ']':
			s.i++
			h := xxh64(s.stack[mark:], seedArray)
			s.stack = s.stack[:mark]
			return h, nil
		default:
			return 0, rawjson.ErrSyntax
		}
	}
}

// string reads the string at s.i (its opening quote) and returns it with its escapes resolved:
// a slice of the entry itself when it has none (the common case), else of s.str, valid until
// the next call.
func (s *scanner) string() ([]byte, error) {
	start := s.i + 1
	q := bytes.IndexByte(s.src[start:], '"')
	if q < 0 {
		return nil, rawjson.ErrSyntax
	}
	if bytes.IndexByte(s.src[start:start+q], '\\') < 0 {
		s.i = start + q + 1
		return s.src[start : start+q], nil
	}
	return s.unescape(start)
}

// unescape reads the string whose contents start at start, resolving its escapes into s.str.
func (s *scanner) unescape(start int) ([]byte, error) {
	b := s.str[:0]
	for j := start; j < len(s.src); {
		c := s.src[j]
		switch {
		case c == '"':
			s.i, s.str = j+1, b
			return b, nil
		case c != '\\':
			b = append(b, c)
			j++
			continue
		}
		if j+1 >= len(s.src) {
			break
		}
		switch e := s.src[j+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, width, ok := s.escapedRune(j)
			if !ok {
				return nil, rawjson.ErrSyntax
			}
			b = appendWTF8(b, r)
			j += width
			continue
		default:
			return nil, rawjson.ErrSyntax
		}
		j += 2
	}
	return nil, rawjson.ErrSyntax
}

// escapedRune decodes the \uXXXX escape at s.src[j], with the low surrogate escape that follows
// a high one; width is the number of bytes read.
func (s *scanner) escapedRune(j int) (r rune, width int, ok bool) {
	r, ok = hex4(s.src, j+2)
	if !ok {
		return 0, 0, false
	}
	if r >= 0xd800 && r < 0xdc00 && j+7 < len(s.src) && s.src[j+6] == '\\' && s.src[j+7] == 'u' {
		if lo, ok := hex4(s.src, j+8); ok && lo >= 0xdc00 && lo < 0xe000 {
			return 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00), 12, true
		}
	}
	return r, 6, true
}

// hex4 decodes the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// appendWTF8 appends r in UTF-8, a lone surrogate in the same three-byte form.
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xd800 && r < 0xe000 {
		return append(b, byte(0xe0|r>>12), byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f)) //nolint:gosec // G115: a surrogate is below 0x10000

	}
	return utf8.AppendRune(b, r)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// isLiteralByte reports whether c can be part of a number, true, false or null.
func isLiteralByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E'
}
