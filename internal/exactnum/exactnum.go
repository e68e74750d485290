// Package exactnum tells whether a float64 holds a JSON number exactly as it was written: the
// rule by which the SDK keeps a member of `any` values (a consumer's metadata) as sent rather
// than lose a digit of it.
package exactnum

import (
	"bytes"
	"strconv"
)

// Exact reports whether f, the float64 strconv.ParseFloat gives for the JSON number raw, holds
// raw's value as written: the shortest decimal that reads back as f has raw's sign, significant
// digits and magnitude. Only the spelling may then differ when f is re-encoded ("12.0" → 12,
// "1.5e-07" → 1.5e-7, "1E3" → 1000); "12345678901234567891" (rounded by float64) and "0.1e400"
// are not exact. raw must be a valid JSON number.
func Exact(raw []byte, f float64) bool {
	if short(raw) {
		return true
	}
	return exactFloat(raw, f)
}

// AllExact reports whether every number in raw, valid JSON, is held exactly, as written, by the
// float64 strconv.ParseFloat gives for it (see [Exact]); false when one is out of float64's range.
func AllExact(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '"':
			for i++; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' {
					i++
				}
			}
		case c == '-' || ('0' <= c && c <= '9'):
			j := i + 1
			for j < len(raw) && isNumberByte(raw[j]) {
				j++
			}
			if num := raw[i:j]; !short(num) {
				f, err := strconv.ParseFloat(string(num), 64)
				if err != nil || !exactFloat(num, f) {
					return false
				}
			}
			i = j - 1
		}
	}
	return true
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

// short reports whether the number raw has at most 15 significant digits and a magnitude in
// float64's normal range: two such decimals are further apart than a float64's rounding
// interval, so the float64 nearest raw has raw's value as its shortest decimal.
func short(raw []byte) bool {
	if len(raw) <= 15 && plainInteger(raw) {
		return true // the common case, without a closer look
	}
	var d [32]byte
	_, digits, exp := decimal(raw, d[:0])
	return len(digits) <= 15 && -300 < exp && exp < 300
}

// exactFloat compares raw with the shortest decimal of f.
func exactFloat(raw []byte, f float64) bool {
	var buf, d1, d2 [32]byte
	neg1, digits1, exp1 := decimal(raw, d1[:0])
	shortest := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	neg2, digits2, exp2 := decimal(shortest, d2[:0])
	return neg1 == neg2 && exp1 == exp2 && bytes.Equal(digits1, digits2)
}

// plainInteger reports whether raw is an optional minus and digits.
func plainInteger(raw []byte) bool {
	for i, c := range raw {
		if (c < '0' || c > '9') && (c != '-' || i != 0) {
			return false
		}
	}
	return true
}

// decimal splits a number (JSON's syntax, or strconv's 'e' format) into its sign, its
// significant digits without leading or trailing zeros, and the power of ten of the first of
// them (0 for zero), appended to d. A huge exponent saturates, which keeps apart what float64
// cannot hold.
func decimal(b, d []byte) (neg bool, digits []byte, exp int) {
	i := 0
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	point := -1 // digits before the decimal point
	n := 0      // digits read, all of them
	lead := 0   // leading zeros among them
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if len(d) == 0 && c == '0' {
				lead++
			} else {
				d = append(d, c)
			}
			n++
			continue
		case c == '.':
			point = n
			continue
		}
		break
	}
	if point < 0 {
		point = n
	}
	e := 0
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		for ; i < len(b); i++ {
			if e < 1_000_000 {
				e = e*10 + int(b[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	for len(d) > 0 && d[len(d)-1] == '0' {
		d = d[:len(d)-1]
	}
	if len(d) == 0 {
		return neg, nil, 0
	}
	return neg, d, point - lead - 1 + e
}
