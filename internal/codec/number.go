package codec

import (
	"strconv"
	"unsafe"
)

// number scans the JSON number at d.i and returns its bytes. It also returns, when the number
// is "simple" (at most 15 significant digits and a decimal exponent within ±22), its digits as
// an integer mant and its decimal exponent exp10: then mant·10^exp10 converts to float64
// exactly as strconv.ParseFloat does, by one correctly rounded multiplication or division.
// integer reports whether the number has neither fraction nor exponent.
func (d *Decoder) number() (raw []byte, neg bool, mant uint64, exp10 int, simple, integer, ok bool) {
	b, i := d.b, d.i
	start := i
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	digits := 0 // significant digits in mant
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for ; i < len(b) && isDigit(b[i]); i++ {
			if digits < 19 {
				mant = mant*10 + uint64(b[i]-'0')
				digits++
			} else {
				exp10++ // dropped digit; not simple
				digits = 99
			}
		}
	default:
		return nil, false, 0, 0, false, false, false
	}
	integer = true
	if i < len(b) && b[i] == '.' {
		integer = false
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return nil, false, 0, 0, false, false, false
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
			if digits < 19 {
				if mant != 0 || b[i] != '0' {
					digits++
				}
				mant = mant*10 + uint64(b[i]-'0')
				exp10--
			} else {
				digits = 99
			}
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		integer = false
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return nil, false, 0, 0, false, false, false
		}
		e := 0
		for ; i < len(b) && isDigit(b[i]); i++ {
			if e < 10000 {
				e = e*10 + int(b[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
		exp10 += e
	}
	d.i = i
	simple = digits <= 15 && -22 <= exp10 && exp10 <= 22
	return b[start:i], neg, mant, exp10, simple, integer, true
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// float64 reads the number at d.i as encoding/json does for a float64: strconv.ParseFloat,
// failing when it fails (out of range).
func (d *Decoder) float64() (float64, bool) {
	raw, neg, mant, exp10, simple, _, ok := d.number()
	if !ok {
		return 0, false
	}
	if simple {
		f := float64(mant) // exact: mant < 10^15 < 2^53
		if exp10 >= 0 {
			f *= pow10[exp10]
		} else {
			f /= pow10[-exp10]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	f, err := strconv.ParseFloat(unsafeString(raw), 64)
	return f, err == nil
}

// int64 reads the number at d.i as encoding/json does for an integer field: strconv.ParseInt,
// so a fraction or an exponent (1.0, 1e2) fails, as does overflow.
func (d *Decoder) int64() (int64, bool) {
	raw, neg, mant, _, _, integer, ok := d.number()
	if !ok || !integer {
		return 0, false
	}
	if len(raw) <= 18 { // at most 18 digits: no overflow
		if neg {
			return -int64(mant), true
		}
		return int64(mant), true
	}
	n, err := strconv.ParseInt(unsafeString(raw), 10, 64)
	return n, err == nil
}

// unsafeString views b as a string, for a call that does not keep it.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
