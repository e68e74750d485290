package codec

import (
	"encoding/binary"
	"math/bits"
)

// The framer's fast path: one element that lies whole in the buffer, scanned and validated in
// one tight loop instead of the resumable state machine. Whatever it cannot settle (the buffer
// ends first, or containers nest more than 64 deep) goes back to the state machine.

// fastResult is the outcome of scanElement.
type fastResult uint8

const (
	fastOK      fastResult = iota // a valid value ends at the returned offset
	fastInvalid                   // not a valid value
	fastUnsure                    // the buffer ended first, or nesting is too deep
)

// scanElement validates the JSON value starting at b[i] (not white space) and returns its end.
// A number is only known to end at the byte after it, so one ending the buffer is unsure.
func scanElement(b []byte, i int) (end int, res fastResult) {
	var stack uint64 // one bit per open container, innermost lowest: 1 for an object
	depth := 0
value:
	if i >= len(b) {
		return i, fastUnsure
	}
	switch c := b[i]; c {
	case '"':
		if i, res = scanString(b, i+1); res != fastOK {
			return i, res
		}
	case '{':
		if depth == 64 {
			return i, fastUnsure
		}
		stack, depth = stack<<1|1, depth+1
		i = skipSpace(b, i+1)
		if i >= len(b) {
			return i, fastUnsure
		}
		if b[i] == '}' {
			stack, depth = stack>>1, depth-1
			i++
			break
		}
		goto key
	case '[':
		if depth == 64 {
			return i, fastUnsure
		}
		stack, depth = stack<<1, depth+1
		i = skipSpace(b, i+1)
		if i >= len(b) {
			return i, fastUnsure
		}
		if b[i] == ']' {
			stack, depth = stack>>1, depth-1
			i++
			break
		}
		goto value
	case 't':
		if i, res = scanLiteral(b, i, "true"); res != fastOK {
			return i, res
		}
	case 'f':
		if i, res = scanLiteral(b, i, "false"); res != fastOK {
			return i, res
		}
	case 'n':
		if i, res = scanLiteral(b, i, "null"); res != fastOK {
			return i, res
		}
	default:
		if i, res = scanNumber(b, i); res != fastOK {
			return i, res
		}
	}

	// After a value.
	for {
		if depth == 0 {
			if i >= len(b) && b[i-1] != '}' && b[i-1] != ']' {
				return i, fastUnsure // a string or literal element needs the byte after it (see scalarDone)
			}
			return i, fastOK
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return i, fastUnsure
		}
		c := b[i]
		if c == ',' {
			i = skipSpace(b, i+1)
			if stack&1 == 0 {
				goto value
			}
			goto key
		}
		if stack&1 == 1 && c == '}' || stack&1 == 0 && c == ']' {
			stack, depth = stack>>1, depth-1
			i++
			continue
		}
		return i, fastInvalid
	}

key: // at a key's opening quote, white space skipped
	if i >= len(b) {
		return i, fastUnsure
	}
	if b[i] != '"' {
		return i, fastInvalid
	}
	if i, res = scanString(b, i+1); res != fastOK {
		return i, res
	}
	i = skipSpace(b, i)
	if i >= len(b) {
		return i, fastUnsure
	}
	if b[i] != ':' {
		return i, fastInvalid
	}
	i = skipSpace(b, i+1)
	goto value
}

// scanString validates a string's content from b[i] and returns the offset after its closing
// quote.
func scanString(b []byte, i int) (int, fastResult) {
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
		return i, fastUnsure
	found:
		switch b[i] {
		case '"':
			return i + 1, fastOK
		case '\\':
			if i+1 >= len(b) {
				return i, fastUnsure
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return i, fastUnsure
				}
				for _, c := range b[i+2 : i+6] {
					if !isHex(c) {
						return i, fastInvalid
					}
				}
				i += 6
			default:
				return i, fastInvalid
			}
		default:
			return i, fastInvalid
		}
	}
}

// scanLiteral checks the literal lit at b[i].
func scanLiteral(b []byte, i int, lit string) (int, fastResult) {
	for k := 0; k < len(lit); k++ {
		if i+k >= len(b) {
			return i, fastUnsure
		}
		if b[i+k] != lit[k] {
			return i, fastInvalid
		}
	}
	return i + len(lit), fastOK
}

// scanNumber checks the number at b[i] and returns the offset after it. The buffer ending
// with the number leaves it unsure: more digits may follow.
func scanNumber(b []byte, i int) (int, fastResult) {
	start := i
	if b[i] == '-' {
		i++
		if i >= len(b) {
			return start, fastUnsure
		}
	}
	switch {
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return i, fastInvalid
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) {
			return start, fastUnsure
		}
		if !isDigit(b[i]) {
			return i, fastInvalid
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) {
			return start, fastUnsure
		}
		if !isDigit(b[i]) {
			return i, fastInvalid
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i >= len(b) {
		return start, fastUnsure
	}
	return i, fastOK
}
