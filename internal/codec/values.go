package codec

import "unsafe"

// The value decoders the generated code calls, one per kind of Go field. Each is called at the
// value's first byte (white space skipped) and follows encoding/json: `null` leaves a
// non-pointer, non-map field as it was and sets a pointer or map to nil; a pointer that is
// already set is decoded into, and so is a map (keys are merged, as with a duplicated key).

// decString decodes a string (or a named string type, e.g. an enum: any value is accepted).
func decString[T ~string](d *Decoder, p *T) bool {
	switch d.b[d.i] {
	case '"':
		return d.setString((*string)(unsafe.Pointer(p))) //nolint:gosec // G103: T's underlying type is string
	case 'n':
		return d.lit("null")
	}
	return false
}

// decStringPtr decodes a *string.
func decStringPtr[T ~string](d *Decoder, p **T) bool {
	switch d.b[d.i] {
	case '"':
		if *p == nil {
			*p = (*T)(unsafe.Pointer(d.alloc.newString())) //nolint:gosec // G103: T's underlying type is string
		}
		return d.setString((*string)(unsafe.Pointer(*p))) //nolint:gosec // G103: T's underlying type is string
	case 'n':
		*p = nil
		return d.lit("null")
	}
	return false
}

// decBool decodes a bool.
func decBool[T ~bool](d *Decoder, p *T) bool {
	switch d.b[d.i] {
	case 't':
		*p = true
		return d.lit("true")
	case 'f':
		*p = false
		return d.lit("false")
	case 'n':
		return d.lit("null")
	}
	return false
}

// decBoolPtr decodes a *bool.
func decBoolPtr[T ~bool](d *Decoder, p **T) bool {
	switch d.b[d.i] {
	case 't', 'f':
		if *p == nil {
			*p = new(T)
		}
		return decBool(d, *p)
	case 'n':
		*p = nil
		return d.lit("null")
	}
	return false
}

// decInt decodes a signed integer; a value that does not fit T fails, as in encoding/json.
func decInt[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *Decoder, p *T) bool {
	c := d.b[d.i]
	if c == 'n' {
		return d.lit("null")
	}
	if c != '-' && !isDigit(c) {
		return false
	}
	n, ok := d.int64()
	if !ok || int64(T(n)) != n {
		return false
	}
	*p = T(n)
	return true
}

// decIntPtr decodes a pointer to a signed integer.
func decIntPtr[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *Decoder, p **T) bool {
	if d.b[d.i] == 'n' {
		*p = nil
		return d.lit("null")
	}
	if *p == nil {
		*p = new(T)
	}
	return decInt(d, *p)
}

// decFloat64 decodes a float64.
func decFloat64[T ~float64](d *Decoder, p *T) bool {
	c := d.b[d.i]
	if c == 'n' {
		return d.lit("null")
	}
	if c != '-' && !isDigit(c) {
		return false
	}
	f, ok := d.float64()
	*p = T(f)
	return ok
}

// decFloat64Ptr decodes a *float64.
func decFloat64Ptr[T ~float64](d *Decoder, p **T) bool {
	if d.b[d.i] == 'n' {
		*p = nil
		return d.lit("null")
	}
	if *p == nil {
		*p = new(T)
	}
	return decFloat64(d, *p)
}

// decMap decodes an object into a map[string]any (or a named type of it), as encoding/json:
// into the existing map, each value decoded afresh as with `any`.
func decMap[M ~map[string]any](d *Decoder, p *M) bool {
	switch d.b[d.i] {
	case '{':
	case 'n':
		*p = nil
		return d.lit("null")
	default:
		return false
	}
	// The map's strings go to one allocation, as long as the object's own bytes: unquoted,
	// they are no longer (unless invalid UTF-8 makes them grow; then they get their own).
	start := d.i
	if !d.skipValue() {
		return false
	}
	d.alloc.reserve(d.i - start)
	d.i = start
	if *p == nil {
		*p = make(M)
	}
	return d.members(map[string]any(*p))
}

// decAny decodes any JSON value into an empty interface, replacing what it held (encoding/json
// only decodes into an interface's value when it is a non-nil pointer, which no decoded value
// is).
func decAny(d *Decoder, p *any) bool {
	v, ok := d.any()
	*p = v
	return ok
}

// any decodes the value at d.i as encoding/json does into an empty interface with UseNumber, as
// gen's UnmarshalJSON does: string, json.Number, bool, nil, []any or map[string]any.
func (d *Decoder) any() (any, bool) {
	switch c := d.b[d.i]; {
	case c == '"':
		return d.string()
	case c == '-' || isDigit(c):
		return d.jsonNumber()
	case c == 't':
		return true, d.lit("true")
	case c == 'f':
		return false, d.lit("false")
	case c == 'n':
		return nil, d.lit("null")
	case c == '[':
		return d.array()
	case c == '{':
		m := map[string]any{}
		return m, d.members(m)
	}
	return nil, false
}

// array decodes the array at d.i into a []any (empty, not nil, for []).
func (d *Decoder) array() (any, bool) {
	d.depth++
	defer func() { d.depth-- }() // on failure too: a kept member lets the entry's decoding go on
	if d.depth > maxAnyDepth {
		return nil, false
	}
	// The elements are gathered on the stack (up to 8) and copied into a slice of their length.
	var small [8]any
	a := small[:0]
	d.i = skipSpace(d.b, d.i+1)
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return make([]any, 0), true
	}
	for d.i < len(d.b) {
		v, ok := d.any()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		d.i = skipSpace(d.b, d.i)
		if d.i >= len(d.b) {
			break
		}
		switch d.b[d.i] {
		case ']':
			d.i++
			return append(make([]any, 0, len(a)), a...), true
		case ',':
			d.i = skipSpace(d.b, d.i+1)
			continue
		}
		break
	}
	return nil, false
}

// members decodes the members of the object at d.i into m: the last of duplicated keys wins.
func (d *Decoder) members(m map[string]any) bool {
	d.depth++
	defer func() { d.depth-- }() // on failure too: a kept member lets the entry's decoding go on
	if d.depth > maxAnyDepth {
		return false
	}
	d.i = skipSpace(d.b, d.i+1)
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return true
	}
	for d.i < len(d.b) && d.b[d.i] == '"' {
		kb, ok := d.stringBytes()
		if !ok {
			return false
		}
		k := d.alloc.string(kb)
		d.i = skipSpace(d.b, d.i)
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return false
		}
		d.i = skipSpace(d.b, d.i+1)
		if d.i >= len(d.b) {
			return false
		}
		v, ok := d.any()
		if !ok {
			return false
		}
		m[k] = v
		d.i = skipSpace(d.b, d.i)
		if d.i >= len(d.b) {
			return false
		}
		switch d.b[d.i] {
		case '}':
			d.i++
			return true
		case ',':
			d.i = skipSpace(d.b, d.i+1)
			continue
		}
		return false
	}
	return false
}
