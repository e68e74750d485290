package codec

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// appendUnquoted appends the content of a JSON string (the bytes between its quotes) to dst
// exactly as encoding/json decodes it: escapes resolved, a lone or broken surrogate and every
// byte of invalid UTF-8 replaced by U+FFFD. ok is false for an invalid escape, a quote or a
// control character. It is encoding/json's unquoteBytes (Go 1.26), appending instead of
// allocating.
func appendUnquoted(dst, s []byte) (_ []byte, ok bool) {
	r := 0
	for r < len(s) {
		switch c := s[r]; {
		case c == '\\':
			r++
			if r >= len(s) {
				return dst, false
			}
			switch s[r] {
			default:
				return dst, false
			case '"', '\\', '/', '\'':
				dst = append(dst, s[r])
				r++
			case 'b':
				dst = append(dst, '\b')
				r++
			case 'f':
				dst = append(dst, '\f')
				r++
			case 'n':
				dst = append(dst, '\n')
				r++
			case 'r':
				dst = append(dst, '\r')
				r++
			case 't':
				dst = append(dst, '\t')
				r++
			case 'u':
				r--
				rr := getu4(s[r:])
				if rr < 0 {
					return dst, false
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					rr1 := getu4(s[r:])
					if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
						// A valid pair; consume.
						r += 6
						dst = utf8.AppendRune(dst, dec)
						break
					}
					// Invalid surrogate; fall back to replacement rune.
					rr = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, rr)
			}

		// Quote, control characters are invalid.
		case c == '"', c < ' ':
			return dst, false

		// ASCII
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			r++

		// Coerce to well-formed UTF-8.
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			dst = utf8.AppendRune(dst, rr)
		}
	}
	return dst, true
}

// getu4 decodes \uXXXX from the beginning of s, returning the hex value, or -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
