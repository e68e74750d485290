package clienttest

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// The fake writes its JSON by hand rather than with encoding/json, for two reasons: the Go types
// cannot say whether a nil field is sent as null or left out (encoding/json always leaves it
// out), and a hand-written writer streams hundreds of thousands of entries quickly. It knows no
// field by name: it walks the generated description of the schema (package internal/schema),
// reading each field at its offset in the struct. Whatever it writes decodes, with encoding/json,
// to exactly the entry it was given.

// presence says how an entry's empty optional fields go on the wire, one bit a field (by its
// schema.Field.Bit). For a nullable field whose value is nil, a set bit leaves the field out and
// a clear bit writes null. For an optional field held as a plain value that is its default (or,
// without a default, Go's zero), a set bit writes it and a clear bit leaves the field out. A
// field neither nullable nor held as a plain value is left out when nil. The zero presence is
// "null for every nil, nothing for every default"; [explicit] is "null for every nil, every
// default written".
type presence [(schema.Bits + 63) / 64]uint64

func (p *presence) has(bit int) bool { return p[bit>>6]&(1<<(bit&63)) != 0 }

func (p *presence) set(bit int) { p[bit>>6] |= 1 << (bit & 63) }

// explicit is the presence that writes every field: nil ones as null (when they may be), plain
// values as they are.
var explicit = func() presence {
	var p presence
	schema.WaitlistConsumer.Walk(func(_ *schema.Object, f *schema.Field) {
		if !f.Required && plain(f) {
			p.set(f.Bit)
		}
	})
	return p
}()

// plain reports whether f's Go field holds its value plainly, with no nil: an empty one is its
// default or zero rather than nil.
func plain(f *schema.Field) bool {
	switch f.Rep {
	case schema.RepString, schema.RepInt, schema.RepFloat, schema.RepBool, schema.RepTime, schema.RepStruct:
		return true
	case schema.RepOther:
		switch f.Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			return false
		}
		return true
	}
	return false
}

// defaults holds each field's default (its Go zero when the schema declares none), by Bit, as the
// plain Go values the writer compares with.
var defaults = func() (d [schema.Bits]struct {
	s string
	n float64
	b bool
}) {
	schema.WaitlistConsumer.Walk(func(_ *schema.Object, f *schema.Field) {
		if f.HasDefault {
			_ = json.Unmarshal([]byte(f.Default), &d[f.Bit].s)
			_ = json.Unmarshal([]byte(f.Default), &d[f.Bit].n)
			_ = json.Unmarshal([]byte(f.Default), &d[f.Bit].b)
		}
	})
	return d
}()

// entryWriter appends the JSON of entries; it is not safe for concurrent use.
type entryWriter struct {
	sep bool // a field has been written in the current object
}

// appendEntry appends e as one JSON object.
func appendEntry(b []byte, e *client.WaitlistConsumer, p *presence) []byte {
	return appendObject(b, schema.WaitlistConsumer, unsafe.Pointer(e), p) //nolint:gosec // G103: fields are read at the offsets the generated description gives for this struct
}

// appendObject appends the struct at base, described by o, as one JSON object: its fields in the
// description's order, then the members the spec does not know.
func appendObject(b []byte, o *schema.Object, base unsafe.Pointer, p *presence) []byte {
	var w entryWriter
	b = append(b, '{')
	for i := range o.Fields {
		b = w.field(b, &o.Fields[i], unsafe.Add(base, o.Fields[i].Offset), p)
	}
	if o.HasExtra {
		b = w.unknown(b, *(*map[string]json.RawMessage)(unsafe.Add(base, o.Extra)))
	}
	return append(b, '}')
}

// field appends field f, whose Go value is at v, as the presence says.
func (w *entryWriter) field(b []byte, f *schema.Field, v unsafe.Pointer, p *presence) []byte {
	if f.Rep.Pointer() || f.Rep == schema.RepMap {
		if *(*unsafe.Pointer)(v) == nil {
			return w.empty(b, f, p)
		}
		if f.Rep != schema.RepMap {
			v = *(*unsafe.Pointer)(v)
		}
	}
	d := &defaults[f.Bit]
	switch f.Rep {
	case schema.RepString, schema.RepPtrString:
		s := *(*string)(v)
		if f.Rep == schema.RepString && s == d.s && w.leftOut(f, p) {
			return b
		}
		return appendString(w.key(b, f.JSON), s)
	case schema.RepInt, schema.RepPtrInt:
		n := *(*int)(v)
		if f.Rep == schema.RepInt && float64(n) == d.n && w.leftOut(f, p) {
			return b
		}
		return strconv.AppendInt(w.key(b, f.JSON), int64(n), 10)
	case schema.RepFloat, schema.RepPtrFloat:
		n := *(*float64)(v)
		if f.Rep == schema.RepFloat && n == d.n && w.leftOut(f, p) {
			return b
		}
		return appendFloat(w.key(b, f.JSON), n)
	case schema.RepBool, schema.RepPtrBool:
		x := *(*bool)(v)
		if f.Rep == schema.RepBool && x == d.b && w.leftOut(f, p) {
			return b
		}
		return strconv.AppendBool(w.key(b, f.JSON), x)
	case schema.RepTime, schema.RepPtrTime:
		return appendTime(w.key(b, f.JSON), *(*time.Time)(v))
	case schema.RepStruct, schema.RepPtrStruct:
		return appendObject(w.key(b, f.JSON), f.Object, v, p)
	case schema.RepMap:
		return appendMetadata(w.key(b, f.JSON), *(*client.Metadata)(v))
	}
	rv := reflect.NewAt(f.Type, v).Elem()
	if rv.IsZero() {
		if !plain(f) {
			return w.empty(b, f, p)
		}
		if w.leftOut(f, p) {
			return b
		}
	}
	raw, err := json.Marshal(rv.Interface())
	if err != nil {
		raw = []byte("null")
	}
	return append(w.key(b, f.JSON), raw...)
}

// leftOut reports whether an optional field whose plain value is its default is left out.
func (w *entryWriter) leftOut(f *schema.Field, p *presence) bool {
	return !f.Required && !p.has(f.Bit)
}

// empty appends a nil field: null when it may be null and the presence does not leave it out.
func (w *entryWriter) empty(b []byte, f *schema.Field, p *presence) []byte {
	if (f.Nullable && !p.has(f.Bit)) || f.Required {
		return append(w.key(b, f.JSON), "null"...)
	}
	return b
}

// unknown appends the members the spec does not know, in the order of their keys, each value
// exactly as it is held.
func (w *entryWriter) unknown(b []byte, members map[string]json.RawMessage) []byte {
	if len(members) == 0 {
		return b
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if w.sep {
			b = append(b, ',')
		}
		w.sep = true
		b = appendString(b, k)
		b = append(b, ':')
		b = append(b, members[k]...)
	}
	return b
}

// key appends the separator, if needed, and `"name":`. Names are plain ASCII.
func (w *entryWriter) key(b []byte, name string) []byte {
	if w.sep {
		b = append(b, ',')
	}
	w.sep = true
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// appendTime appends t as a JSON string the way encoding/json does (RFC 3339 with as many
// fractional digits as needed), so that it decodes to the same instant and zone offset.
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendFloat appends f in the shortest form that decodes to exactly f, as encoding/json does.
// NaN and infinities have no JSON form; they are written as null (decoding to 0).
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, f, format, -1, 64)
}

// appendMetadata appends m with its keys sorted, so the same metadata always gives the same bytes.
func appendMetadata(b []byte, m client.Metadata) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendValue(b, m[k])
	}
	return append(b, '}')
}

// appendValue appends a metadata value: the kinds JSON decodes to are written directly, anything
// else (a caller's own types in AddWaitlist) goes through encoding/json.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case json.Number:
		if isNumber(v) {
			return append(b, v...)
		}
	case float64:
		return appendFloat(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, x)
		}
		return append(b, ']')
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

// isNumber reports whether n is a JSON number (what encoding/json would write as is).
func isNumber(n json.Number) bool {
	return n != "" && (n[0] == '-' || isDigit(n[0])) && isDigit(n[len(n)-1]) && json.Valid([]byte(n))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Like encoding/json it escapes quotes, backslashes,
// control characters, U+2028 and U+2029, and turns invalid UTF-8 into U+FFFD; unlike it, it
// leaves <, > and & alone (they need no escaping outside HTML).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
