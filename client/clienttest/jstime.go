package clienttest

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// jsTime formats t as JavaScript's toISOString does (UTC, milliseconds), or now and then with the
// zone offset of a consumer's city: both are RFC 3339.
func jsTime(r *rand.Rand, t time.Time) string {
	offset := 0
	if r.IntN(10) == 0 {
		offsets := [...]int{3600, 9 * 3600, -5 * 3600, 5*3600 + 1800}
		offset = offsets[r.IntN(len(offsets))]
	}
	var b [29]byte
	return string(appendMillis(b[:0], t, offset))
}

// appendMillis appends t as RFC 3339 with milliseconds at the zone offset (seconds east of UTC):
// "2006-01-02T15:04:05.000Z" for 0, else with "+hh:mm" or "-hh:mm", as time.Format would
// (it is one of the fake's hottest spots).
func appendMillis(b []byte, t time.Time, offset int) []byte {
	t = t.UTC().Add(time.Duration(offset) * time.Second)
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = appendDigits(append(b, '-'), int(month), 2)
	b = appendDigits(append(b, '-'), day, 2)
	b = appendDigits(append(b, 'T'), hour, 2)
	b = appendDigits(append(b, ':'), minute, 2)
	b = appendDigits(append(b, ':'), sec, 2)
	b = appendDigits(append(b, '.'), t.Nanosecond()/1e6, 3)
	switch {
	case offset == 0:
		return append(b, 'Z')
	case offset < 0:
		b, offset = append(b, '-'), -offset
	default:
		b = append(b, '+')
	}
	b = appendDigits(b, offset/3600, 2)
	return appendDigits(append(b, ':'), offset%3600/60, 2)
}

// appendDigits appends v (0 ≤ v < 10ⁿ) in n decimal digits.
func appendDigits(b []byte, v, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, 0)
	}
	for i := len(b) - 1; i >= len(b)-n; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}

// decimal writes cents as the API's decimal strings: "129.90", "1299" or "12.5".
func decimal(r *rand.Rand, cents int) string {
	switch r.IntN(4) {
	case 0:
		return strconv.Itoa(cents / 100)
	case 1:
		return strconv.Itoa(cents/100) + "." + strconv.Itoa(cents%100/10)
	}
	frac := strconv.Itoa(100 + cents%100)[1:]
	return strconv.Itoa(cents/100) + "." + frac
}

// uuid draws a random (version 4) UUID.
func uuid(r *rand.Rand) string {
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12
	lo = lo&^(0x3<<62) | 0x2<<62
	var b [36]byte
	hex := func(dst []byte, v uint64, nibbles int) {
		for j := nibbles - 1; j >= 0; j-- {
			dst[j] = hexDigits[v&0xf]
			v >>= 4
		}
	}
	hex(b[0:8], hi>>32, 8)
	b[8] = '-'
	hex(b[9:13], hi>>16, 4)
	b[13] = '-'
	hex(b[14:18], hi, 4)
	b[18] = '-'
	hex(b[19:23], lo>>48, 4)
	b[23] = '-'
	hex(b[24:36], lo, 12)
	return string(b[:])
}

// digits draws n decimal digits.
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for j := range b {
		b[j] = "0123456789"[r.IntN(10)]
	}
	return string(b)
}

// isLetters reports whether s is ASCII letters only, fit for an e-mail address's local part
// (format: email takes no other).
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}
