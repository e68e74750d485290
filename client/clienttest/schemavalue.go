package clienttest

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// lowerLetters are the letters a made-up string is written with.
const lowerLetters = "abcdefghijklmnopqrstuvwxyz"

// valueKind says what a [value] holds.
type valueKind uint8

const (
	vNone   valueKind = iota // no value: the field stays empty
	vString                  // s
	vNumber                  // n
	vBool                    // b
	vTime                    // t: a time.Time field holds it, a string field its RFC 3339 text
	vMeta                    // m: a free-form object
	vObject                  // an object of package gen, to fill from its own fields
	vJSON                    // s holds the value as JSON text
)

// value is one field's value, made before it is stored in whichever Go type holds the field.
type value struct {
	kind valueKind
	b    bool
	s    string
	n    float64
	t    time.Time
	m    client.Metadata
}

func str(s string) value           { return value{kind: vString, s: s} }
func num(n float64) value          { return value{kind: vNumber, n: n} }
func boolean(b bool) value         { return value{kind: vBool, b: b} }
func at(t time.Time) value         { return value{kind: vTime, t: t} }
func meta(m client.Metadata) value { return value{kind: vMeta, m: m} }

// fromSchema makes a value of field f from its schema alone.
func (c *filler) fromSchema(f *schema.Field) value {
	r := c.d.r
	switch f.Rep {
	case schema.RepStruct, schema.RepPtrStruct:
		return value{kind: vObject}
	case schema.RepMap:
		return meta(client.Metadata{word(r, 1, 0): word(r, 0, 0)})
	case schema.RepOther:
		return value{kind: vJSON, s: string(c.appendJSON(nil, f, 0))}
	}
	return c.scalar(f)
}

// scalar makes a string, number, integer or boolean value that f's schema allows.
func (c *filler) scalar(f *schema.Field) value {
	r := c.d.r
	if f.HasDefault && r.IntN(4) == 0 {
		d := &defaults[f.Bit]
		switch f.Kind {
		case "string":
			return str(d.s)
		case "boolean":
			return boolean(d.b)
		}
		return num(d.n)
	}
	switch {
	case len(f.Enum) > 0:
		return str(f.Enum[r.IntN(len(f.Enum))])
	case f.Kind == "boolean":
		return boolean(r.IntN(2) == 0)
	case f.Kind == "integer":
		lo, hi := bounds(f, 0, 1000)
		lo, hi = math.Ceil(lo), math.Floor(hi)
		return num(lo + float64(r.Int64N(int64(hi-lo)+1)))
	case f.Kind == "number":
		lo, hi := bounds(f, 0, 1000)
		n := math.Round((lo+r.Float64()*(hi-lo))*100) / 100
		return num(min(max(n, lo), hi))
	case f.Format == "date-time":
		return at(c.d.entered.Add(-time.Duration(r.Int64N(30*24*3_600_000)+1) * time.Millisecond))
	case f.Format == "date":
		return str(c.d.entered.AddDate(0, 0, -r.IntN(365)).Format(time.DateOnly))
	case f.Format == "uuid":
		return str(uuid(r))
	case f.Format == "email":
		return str("user" + digits(r, 6) + "@example.com")
	case f.Pattern != "":
		return str(fromPattern(r, f.Pattern))
	}
	return str(word(r, f.MinLength, f.MaxLength))
}

// bounds returns f's minimum and maximum, or lo and hi where it has none.
func bounds(f *schema.Field, lo, hi float64) (float64, float64) {
	if f.Minimum != nil {
		lo = *f.Minimum
		hi = max(hi, lo)
	}
	if f.Maximum != nil {
		hi = *f.Maximum
		lo = min(lo, hi)
	}
	return lo, hi
}

// appendJSON appends a value of f's schema as JSON text: the form of fields no plain Go type
// holds (arrays, objects of their own).
func (c *filler) appendJSON(b []byte, f *schema.Field, depth int) []byte {
	r := c.d.r
	switch {
	case f.Object != nil:
		w := entryWriter{}
		b = append(b, '{')
		for i := range f.Object.Fields {
			sub := &f.Object.Fields[i]
			if sub.Required || (depth < 3 && r.IntN(2) == 0) {
				b = c.appendJSON(w.key(b, sub.JSON), sub, depth+1)
			}
		}
		return append(b, '}')
	case f.Kind == "array":
		n := f.MinItems + r.IntN(3)
		if f.MaxItems > 0 {
			n = min(n, f.MaxItems)
		}
		if f.Items == nil || depth >= 3 {
			n = 0
		}
		b = append(b, '[')
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.appendJSON(b, f.Items, depth+1)
		}
		return append(b, ']')
	case f.Kind == "object":
		return append(b, "{}"...)
	case f.Kind == "":
		return appendString(b, word(r, 0, 0))
	}
	switch v := c.scalar(f); v.kind {
	case vNumber:
		return appendFloat(b, v.n)
	case vBool:
		return strconv.AppendBool(b, v.b)
	case vTime:
		return appendTime(b, v.t)
	default:
		return appendString(b, v.s)
	}
}

// setJSON stores the JSON text raw in field f (of a type only package reflect knows).
func setJSON(f *schema.Field, v unsafe.Pointer, raw string) {
	_ = json.Unmarshal([]byte(raw), reflect.NewAt(f.Type, v).Interface())
}

// setDefault stores f's default in its plain Go field, which holds Go's zero.
func setDefault(f *schema.Field, v unsafe.Pointer) {
	if !f.HasDefault {
		return
	}
	d := &defaults[f.Bit]
	switch f.Rep {
	case schema.RepString:
		*(*string)(v) = d.s
	case schema.RepInt:
		*(*int)(v) = int(d.n)
	case schema.RepFloat:
		*(*float64)(v) = d.n
	case schema.RepBool:
		*(*bool)(v) = d.b
	case schema.RepOther:
		setJSON(f, v, f.Default)
	}
}

// word draws a lower-case word of minLen to maxLen letters (maxLen 0: no bound).
func word(r *rand.Rand, minLen, maxLen int) string {
	n := max(minLen, 4+r.IntN(7))
	if maxLen > 0 {
		n = min(n, maxLen)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = lowerLetters[r.IntN(len(lowerLetters))]
	}
	return string(b)
}

// fromPattern draws a string that the regular expression pattern matches.
func fromPattern(r *rand.Rand, pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return ""
	}
	var b strings.Builder
	genRegexp(r, re, &b)
	return b.String()
}

// genRegexp appends to b a string that re matches, repeating at most three times past a
// repetition's minimum.
func genRegexp(r *rand.Rand, re *syntax.Regexp, b *strings.Builder) {
	repeat := func(lo, hi int) {
		if hi < 0 || hi > lo+3 {
			hi = lo + 3
		}
		for range lo + r.IntN(hi-lo+1) {
			genRegexp(r, re.Sub[0], b)
		}
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			b.WriteRune(c)
		}
	case syntax.OpCharClass:
		b.WriteRune(fromClass(r, re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte(lowerLetters[r.IntN(len(lowerLetters))])
	case syntax.OpCapture:
		genRegexp(r, re.Sub[0], b)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			genRegexp(r, sub, b)
		}
	case syntax.OpAlternate:
		genRegexp(r, re.Sub[r.IntN(len(re.Sub))], b)
	case syntax.OpStar:
		repeat(0, 3)
	case syntax.OpPlus:
		repeat(1, 4)
	case syntax.OpQuest:
		repeat(0, 1)
	case syntax.OpRepeat:
		repeat(re.Min, re.Max)
	}
}

// fromClass draws a printable rune of a character class, given as pairs of ranges.
func fromClass(r *rand.Rand, ranges []rune) rune {
	for range 16 {
		i := 2 * r.IntN(len(ranges)/2)
		lo, hi := ranges[i], min(ranges[i+1], ranges[i]+94)
		if c := lo + r.Int32N(hi-lo+1); unicode.IsPrint(c) && utf8.ValidRune(c) {
			return c
		}
	}
	return ranges[0]
}
