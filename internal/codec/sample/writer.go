package sample

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
	"unicode/utf8"
)

// writer appends JSON tokens, drawing its variations from r.
type writer struct {
	b []byte
	r *rand.Rand
}

func (w *writer) raw(s string) { w.b = append(w.b, s...) }

// str writes s as a JSON string. Now and then it writes a non-ASCII letter as a \u escape,
// which a server may do and encoding/json reads back as the letter.
func (w *writer) str(s string) {
	escape := w.r.IntN(8) == 0
	w.b = append(w.b, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			w.b = append(w.b, '\\', byte(c))
		case c < 0x20:
			w.b = fmt.Appendf(w.b, `\u%04x`, c)
		case c >= utf8.RuneSelf && c < 0x10000 && escape:
			w.b = fmt.Appendf(w.b, `\u%04x`, c)
		default:
			w.b = utf8.AppendRune(w.b, c)
		}
	}
	w.b = append(w.b, '"')
}

func (w *writer) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *writer) int(v int) { w.b = strconv.AppendInt(w.b, int64(v), 10) }

// float writes a score as the API does: up to two decimals.
func (w *writer) float(r *rand.Rand) {
	w.b = strconv.AppendFloat(w.b, float64(r.IntN(100000))/100, 'f', -1, 64)
}

// time writes Unix seconds as an RFC 3339 timestamp: in UTC with milliseconds (ms), or, now
// and then, with a zone offset.
func (w *writer) time(sec int64, ms bool) {
	t := time.Unix(sec, int64(w.r.IntN(1000))*int64(time.Millisecond)).UTC()
	switch {
	case ms:
		w.b = append(w.b, '"')
		w.b = t.AppendFormat(w.b, "2006-01-02T15:04:05.000Z07:00")
		w.b = append(w.b, '"')
	case w.r.IntN(16) == 0:
		w.b = append(w.b, '"')
		w.b = t.In(time.FixedZone("", 2*3600)).AppendFormat(w.b, time.RFC3339)
		w.b = append(w.b, '"')
	default:
		w.b = append(w.b, '"')
		w.b = t.AppendFormat(w.b, time.RFC3339)
		w.b = append(w.b, '"')
	}
}

// maybe writes the value, or null one time in five.
func (w *writer) maybe(value func()) {
	if w.r.IntN(5) == 0 {
		w.raw("null")
		return
	}
	value()
}

func (w *writer) uuid() string {
	var u [16]byte
	binary.LittleEndian.PutUint64(u[:8], w.r.Uint64())
	binary.LittleEndian.PutUint64(u[8:], w.r.Uint64())
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// metadata writes a metadata object: strings, numbers, booleans, null and arrays of those,
// a few of them (none, one time in five; as many as six).
func (w *writer) metadata(i int) {
	if w.r.IntN(5) == 0 {
		w.raw(`{}`)
		return
	}
	sep := "{"
	key := func(k string) {
		w.raw(sep + `"` + k + `":`)
		sep = ","
	}
	if w.r.IntN(2) == 0 {
		key("tier")
		w.str(tiers[w.r.IntN(len(tiers))])
	}
	if w.r.IntN(3) == 0 {
		key("vip")
		w.bool(w.r.IntN(10) == 0)
	}
	if w.r.IntN(2) == 0 {
		key("visits")
		w.int(w.r.IntN(100))
	}
	if w.r.IntN(3) == 0 {
		key("tags")
		w.raw(`["early","drop-`)
		w.int(i % 7)
		w.raw(`"]`)
	}
	if w.r.IntN(3) == 0 {
		key("referrer")
		w.maybe(func() { w.str("https://example.com/r/" + strconv.Itoa(w.r.IntN(1000))) })
	}
	if w.r.IntN(4) == 0 {
		key("notes")
		w.str(`Prefers "express" shipping`)
	}
	if sep == "{" {
		w.raw("{")
	}
	w.raw(`}`)
}
