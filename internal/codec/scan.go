package codec

import (
	"encoding/binary"
	"math/bits"
)

// The scanner validates one JSON value (an element of the array) as its bytes arrive. Most
// elements lie whole in the buffer and are scanned in one tight call. When the buffer ends
// first, the scanner returns where to go on and keeps what it expects there and which
// containers are open; called again with more bytes, it goes on from that offset: inside a
// string or a number's digits where it stopped, at a literal's or a token's start otherwise.
// Nothing is scanned twice but a literal, a number's first bytes or exponent mark, or an
// escape.

// scanResult is the outcome of a scan.
type scanResult uint8

const (
	scanOK      scanResult = iota // the value ends at the returned offset
	scanInvalid                   // the byte at the returned offset makes the value invalid
	scanTooDeep                   // the bracket at the returned offset nests deeper than MaxDepth
	scanMore                      // the buffer ended first: scan again from the returned offset
)

// MaxDepth is how deeply containers may nest in one element: encoding/json's limit for a value
// (Unmarshal refuses one nested deeper, and so does the Decoder an array holding it; from Go
// 1.27 the Decoder counts the array as a level too, and refuses an element one level sooner).
const MaxDepth = 10000

// closer is the closing bracket of a container by its bit in the scanner's stack.
const closer = "]}"

// stackBits is how many open containers the scanner's stack word holds; deeper ones spill to
// scanner.outer.
const stackBits = 64

// What the scan expects where it stopped (scanner.next).
const (
	atValue      uint8 = iota // a value; or a literal or a number, again from its first byte
	atOpened                  // after '{' or '[': its first key or element, or its closing bracket
	atKey                     // after an object's ',': a key
	atColon                   // after a key: ':'
	atAfterValue              // after a value: the element's end, or ',' or a closing bracket
	atString                  // in a string's content
	atKeyString               // in a key's content
	atInt                     // in a number's integer digits, or at the '.' after them
	atFrac                    // in a number's fraction digits, or at the exponent after the integer or fraction
	atExp                     // in a number's exponent digits
)

// scanner is the state of a scan between calls.
type scanner struct {
	next  uint8    // what comes next: an at* constant
	depth int      // how many containers are open
	floor int      // how many containers are open around the value (they count toward MaxDepth)
	stack uint64   // the innermost stackBits of them, one bit each, innermost lowest: 1 for an object
	outer []uint64 // the outer ones, stackBits to a word, outermost first
}

// reset readies s for a new value.
func (s *scanner) reset() {
	*s = scanner{outer: s.outer[:0]}
}

// scan validates the value from b[i]: its first byte (white space may come before it), or,
// after scanMore, the offset returned then. It returns the value's end, the offending byte, or
// where to go on.
func (s *scanner) scan(b []byte, i int) (int, scanResult) {
	stack, depth := s.stack, s.depth
	var res scanResult
	var at uint8 // where a scalar that the buffer's end cuts goes on
	switch s.next {
	case atString, atKeyString, atInt, atFrac, atExp:
		return s.resume(b, i)
	case atOpened:
		goto opened
	case atKey:
		goto key
	case atColon:
		goto colon
	case atAfterValue:
		goto afterValue
	}
value: // white space, then a value
	if i = skipSpace(b, i); i >= len(b) {
		s.next = atValue
		goto more
	}
	at = atValue
	switch b[i] {
	case '"':
		i, res = scanString(b, i+1)
		at = atString
	case '{', '[':
		if stack, depth, res = s.push(stack, depth, b[i]); res != scanOK {
			return i, res
		}
		i++
		goto opened
	case 't', 'f', 'n':
		i, res = scanLiteral(b, i)
	default:
		i, res, at = scanNumber(b, i, atValue)
	}
	if res != scanOK {
		s.next = at
		goto stop
	}
afterValue: // after a value: the end of the element, or white space and what follows in a container
	if depth == 0 {
		return i, scanOK
	}
	if i = skipSpace(b, i); i >= len(b) {
		s.next = atAfterValue
		goto more
	}
	if b[i] == ',' {
		i++
		if stack&1 == 0 {
			goto value
		}
		goto key
	}
	if b[i] == closer[stack&1] {
		goto closing
	}
	return i, scanInvalid
opened: // after '{' or '[': white space, then a first key or element, or the closing bracket
	if i = skipSpace(b, i); i >= len(b) {
		s.next = atOpened
		goto more
	}
	if b[i] == closer[stack&1] {
		goto closing
	}
	if stack&1 == 0 {
		goto value
	}
key: // white space, then a key
	if i = skipSpace(b, i); i >= len(b) {
		s.next = atKey
		goto more
	}
	if b[i] != '"' {
		return i, scanInvalid
	}
	if i, res = scanString(b, i+1); res != scanOK {
		s.next = atKeyString
		goto stop
	}
colon: // white space, then the colon after a key
	if i = skipSpace(b, i); i >= len(b) {
		s.next = atColon
		goto more
	}
	if b[i] != ':' {
		return i, scanInvalid
	}
	i++
	goto value
closing: // at the innermost container's closing bracket
	stack, depth = s.pop(stack, depth)
	i++
	goto afterValue
more:
	res = scanMore
stop: // res is scanMore (s.next says how to go on) or scanInvalid
	s.stack, s.depth = stack, depth
	return i, res
}

// push opens a container, c being its bracket, over the stack word of the open ones (which
// spills to s.outer when full).
func (s *scanner) push(stack uint64, depth int, c byte) (uint64, int, scanResult) {
	if depth+s.floor >= MaxDepth {
		return stack, depth, scanTooDeep
	}
	if depth >= stackBits && depth%stackBits == 0 {
		s.outer = append(s.outer, stack)
	}
	stack <<= 1
	if c == '{' {
		stack |= 1
	}
	return stack, depth + 1, scanOK
}

// pop closes the innermost container.
func (s *scanner) pop(stack uint64, depth int) (uint64, int) {
	depth--
	if depth >= stackBits && depth%stackBits == 0 {
		stack = s.outer[len(s.outer)-1]
		s.outer = s.outer[:len(s.outer)-1]
		return stack, depth
	}
	return stack >> 1, depth
}

// resume goes on with the string or number that the last scan stopped in, at b[i], and then
// with the rest of the value.
func (s *scanner) resume(b []byte, i int) (int, scanResult) {
	var (
		res  scanResult
		at   uint8
		then = atAfterValue // what follows the string or number
	)
	switch s.next {
	case atString:
		i, res = scanString(b, i)
	case atKeyString:
		i, res = scanString(b, i)
		then = atColon
	default:
		if i, res, at = scanNumber(b, i, s.next); res == scanMore {
			s.next = at
		}
	}
	if res != scanOK {
		return i, res
	}
	s.next = then
	return s.scan(b, i)
}

// scanString validates a string's content from b[i] and returns the offset after its closing
// quote; or the offending byte; or, when the buffer ends first, where to go on.
func scanString(b []byte, i int) (int, scanResult) {
	for {
		// Find the next quote, backslash or control byte, 8 bytes at a time.
		for ; i+8 <= len(b); i += 8 {
			if m := special(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				goto found
			}
		}
		for ; i < len(b); i++ {
			if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
				goto found
			}
		}
		return i, scanMore
	found:
		switch b[i] {
		case '"':
			return i + 1, scanOK
		case '\\':
			var res scanResult
			if i, res = scanEscape(b, i); res != scanOK {
				return i, res
			}
		default: // a control byte
			return i, scanInvalid
		}
	}
}

// scanEscape checks the escape sequence at b[i] == '\\' and returns the offset after it; or the
// offending byte; or, when the buffer ends first, the backslash's, to go on from.
func scanEscape(b []byte, i int) (int, scanResult) {
	if i+1 >= len(b) {
		return i, scanMore
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2, scanOK
	case 'u':
		for k := i + 2; k < i+6; k++ {
			if k >= len(b) {
				return i, scanMore
			}
			if !isHex(b[k]) {
				return k, scanInvalid
			}
		}
		return i + 6, scanOK
	}
	return i + 1, scanInvalid
}

// scanLiteral checks the literal at b[i] (true, false or null, by its first byte). When the
// buffer ends first, the literal is scanned again from its start.
func scanLiteral(b []byte, i int) (int, scanResult) {
	lit := "null"
	switch b[i] {
	case 't':
		lit = "true"
	case 'f':
		lit = "false"
	}
	for k := 0; k < len(lit); k++ {
		if i+k >= len(b) {
			return i, scanMore
		}
		if b[i+k] != lit[k] {
			return i + k, scanInvalid
		}
	}
	return i + len(lit), scanOK
}

// scanNumber checks the number at b[i] and returns the offset after it (a number ends at the
// byte after it, so one that the buffer's end cuts goes on at the next call), or the offending
// byte. at is atValue at the number's first byte, or else where its last call stopped; when
// the buffer ends first, it returns how to go on.
func scanNumber(b []byte, i int, at uint8) (int, scanResult, uint8) {
	start := i
	switch at {
	case atInt:
		goto intDigits
	case atFrac:
		goto fracDigits
	case atExp:
		goto expDigits
	}
	if b[i] == '-' {
		i++
		if i >= len(b) {
			return start, scanMore, atValue
		}
	}
	switch {
	case b[i] == '0':
		i++
		if i >= len(b) {
			return start, scanMore, atValue
		}
		goto dot
	case '1' <= b[i] && b[i] <= '9':
		i++
	default:
		return i, scanInvalid, 0
	}
intDigits:
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	if i >= len(b) {
		return i, scanMore, atInt
	}
dot: // after the integer part: a fraction, an exponent or the end
	if b[i] != '.' {
		goto exponent
	}
	if i+1 >= len(b) {
		return i, scanMore, atInt
	}
	if !isDigit(b[i+1]) {
		return i + 1, scanInvalid, 0
	}
	i += 2
fracDigits:
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	if i >= len(b) {
		return i, scanMore, atFrac
	}
exponent: // after the integer part or the fraction: an exponent or the end
	if b[i] != 'e' && b[i] != 'E' {
		return i, scanOK, 0
	}
	start = i // where to go on while the exponent has no digit
	i++
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	if i >= len(b) {
		return start, scanMore, atFrac
	}
	if !isDigit(b[i]) {
		return i, scanInvalid, 0
	}
expDigits:
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	if i >= len(b) {
		return i, scanMore, atExp
	}
	return i, scanOK, 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
