package sample

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/fanfare-go/fanfare/internal/schema"
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

// object writes an object of o: first the members of realistic that o still has, in their
// order, then every other field of o with a value from its schema.
func (w *writer) object(o *schema.Object, p *person, realistic []member) {
	sep := byte('{')
	key := func(name string) {
		w.b = append(w.b, sep, '"')
		w.b = append(w.b, name...)
		w.b = append(w.b, '"', ':')
		sep = ','
	}
	for _, m := range realistic {
		if o.Field(m.name) != nil {
			key(m.name)
			m.write(w, p)
		}
	}
	for i := range o.Fields {
		f := &o.Fields[i]
		if !slices.ContainsFunc(realistic, func(m member) bool { return m.name == f.JSON }) {
			key(f.JSON)
			w.fromSchema(f, p)
		}
	}
	if sep == '{' {
		w.b = append(w.b, '{')
	}
	w.b = append(w.b, '}')
}

// nested writes the object field name of o, with the realistic members given.
func (w *writer) nested(o *schema.Object, name string, p *person, realistic []member) {
	f := o.Field(name)
	if f.Object == nil {
		w.fromSchema(f, p)
		return
	}
	w.object(f.Object, p, realistic)
}

// fromSchema writes a value of field f that its schema allows (a field the spec gained, which
// entryMembers and consumerMembers do not know): one of its enum values, a timestamp, a number
// within its bounds, … or, when nullable, null one time in five.
func (w *writer) fromSchema(f *schema.Field, p *person) {
	if f.Nullable && w.r.IntN(5) == 0 {
		w.raw("null")
		return
	}
	switch {
	case f.Object != nil:
		w.object(f.Object, p, nil)
	case len(f.Enum) > 0:
		w.str(pick(w.r, f.Enum))
	case f.Kind == "string" && f.Format == "date-time":
		w.time(p.base-int64(w.r.IntN(86400)), false)
	case f.Kind == "string" && f.Format == "uuid":
		w.str(w.uuid())
	case f.Kind == "string":
		w.str(fmt.Sprintf("%s %d", pick(w.r, tiers), w.r.IntN(100)))
	case f.Kind == "integer" || f.Kind == "number":
		lo, hi := 0, 1000
		if f.Minimum != nil {
			lo = int(*f.Minimum)
		}
		if f.Maximum != nil {
			hi = int(*f.Maximum)
		}
		w.int(lo + w.r.IntN(max(hi-lo, 0)+1))
	case f.Kind == "boolean":
		w.bool(w.r.IntN(2) == 0)
	case f.Kind == "array":
		w.raw("[]")
	default:
		w.raw("null")
	}
}
