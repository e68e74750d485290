package codec

import (
	"encoding/json"
	"strconv"
	"unsafe"
)

// num is a JSON number as number scanned it.
type num struct {
	raw     []byte
	neg     bool
	mant    uint64 // the significant digits, when simple
	exp10   int    // the decimal exponent of mant
	simple  bool   // at most 15 significant digits and |exp10| <= 22
	integer bool   // neither fraction nor exponent
}

// number scans the JSON number at d.i. When the number is simple, mant·10^exp10 converts to
// float64 exactly as strconv.ParseFloat does, by one correctly rounded multiplication or
// division (mant < 2^53 and 10^|exp10| are both exact float64s).
func (d *Decoder) number() (n num, ok bool) {
	b, i := d.b, d.i
	start := i
	if i < len(b) && b[i] == '-' {
		n.neg = true
		i++
	}
	digits := 0 // significant digits in mant
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for ; i < len(b) && isDigit(b[i]); i++ {
			if digits < 19 {
				n.mant = n.mant*10 + uint64(b[i]-'0')
				digits++
			} else {
				n.exp10++ // dropped digit; not simple
				digits = 99
			}
		}
	default:
		return num{}, false
	}
	n.integer = true
	if i < len(b) && b[i] == '.' {
		n.integer = false
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return num{}, false
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
			if digits < 19 {
				if n.mant != 0 || b[i] != '0' {
					digits++
				}
				n.mant = n.mant*10 + uint64(b[i]-'0')
				n.exp10--
			} else {
				digits = 99
			}
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		n.integer = false
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return num{}, false
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
		n.exp10 += e
	}
	d.i = i
	n.raw = b[start:i]
	n.simple = digits <= 15 && -22 <= n.exp10 && n.exp10 <= 22
	return n, true
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// float64 reads the number at d.i as encoding/json does for a float64: strconv.ParseFloat,
// failing when it fails (out of range).
func (d *Decoder) float64() (float64, bool) {
	n, ok := d.number()
	if !ok {
		return 0, false
	}
	if n.simple {
		f := float64(n.mant) // exact: mant < 10^15 < 2^53
		if n.exp10 >= 0 {
			f *= pow10[n.exp10]
		} else {
			f /= pow10[-n.exp10]
		}
		if n.neg {
			f = -f
		}
		return f, true
	}
	f, err := strconv.ParseFloat(unsafeString(n.raw), 64)
	return f, err == nil
}

// int64 reads the number at d.i as encoding/json does for an integer field: strconv.ParseInt,
// so a fraction or an exponent (1.0, 1e2) fails, as does overflow.
func (d *Decoder) int64() (int64, bool) {
	n, ok := d.number()
	if !ok || !n.integer {
		return 0, false
	}
	if len(n.raw) <= 18 { // at most 18 bytes, so mant < 10^18: no overflow
		v := int64(n.mant) //nolint:gosec // G115: mant < 10^18 < 2^63, see above
		if n.neg {
			v = -v
		}
		return v, true
	}
	v, err := strconv.ParseInt(unsafeString(n.raw), 10, 64)
	return v, err == nil
}

// unsafeString views b as a string, for a call that does not keep it (strconv's parsers copy
// what they keep for their errors).
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b)) //nolint:gosec // G103: see above
}

// jsonNumber reads the number at d.i as encoding/json does into `any` with UseNumber: its text,
// as a json.Number, so that a value of `any` keeps every digit as sent.
func (d *Decoder) jsonNumber() (json.Number, bool) {
	n, ok := d.number()
	if !ok {
		return "", false
	}
	return json.Number(d.alloc.string(n.raw)), true
}
