package codec

import (
	"encoding/binary"
	"math/bits"
)

// The string scanners look at 8 bytes at a time ("SIMD within a register"): a JSON string's
// content is the bulk of the waitlist's bytes, and all that matters in it is where the next
// quote, backslash or control character is.

const (
	lsb     = 0x0101010101010101
	msb     = 0x8080808080808080
	slashes = '\\' * lsb
)

// special marks each byte of x that is '"', '\\' or below 0x20 with its high bit. Only the
// lowest marked byte is exact (a borrow can mark bytes above a true mark), which is all the
// scanners need. XOR with 0x02 maps the quote (0x22) to 0x20 and the control bytes onto
// themselves (nothing else below 0x21), so one "less than 0x21" test finds both.
func special(x uint64) uint64 {
	y := x ^ 0x02*lsb
	s := x ^ slashes
	return ((y-0x21*lsb)&^y | (s-lsb)&^s) & msb
}

// stringEnd returns the index of the first '"', '\\' or control byte in b at or after i, or
// len(b) if there is none. ascii reports whether every byte before that index (from i) is
// below 0x80.
func stringEnd(b []byte, i int) (end int, ascii bool) {
	var high uint64
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if m := special(x); m != 0 {
			k := bits.TrailingZeros64(m) >> 3
			high |= x & (msb >> uint(64-8*k)) // the bytes below the mark only
			return i + k, high == 0
		}
		high |= x & msb
	}
	for ; i < len(b); i++ {
		c := b[i]
		if c == '"' || c == '\\' || c < 0x20 {
			break
		}
		high |= uint64(c & 0x80)
	}
	return i, high == 0
}

// isSpace reports whether c is JSON white space.
func isSpace(c byte) bool {
	return c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r')
}

// skipSpace returns the index of the first byte at or after i that is not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// SkipSpace returns the index of the first byte of b at or after i that is not JSON white space.
func SkipSpace(b []byte, i int) int { return skipSpace(b, i) }
