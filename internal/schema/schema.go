// Package schema describes the waitlist's JSON schema, as api/openapi.yaml declares it and package
// gen holds it: each object's fields with their JSON and Go names, where they sit in the Go
// struct, their types, formats, enums, nullability, defaults, patterns and bounds. The
// description itself is generated (schema.gen.go, by tools/cmd/schemagen) and read at run time
// by the fake in client/clienttest and by tests, so that a field the spec gains or loses needs
// no hand edit anywhere.
package schema

import (
	"reflect"
	"unsafe"
)

// Rep is how a field is held in its Go struct: the shapes code can read and write directly
// through the field's offset. RepOther holds every other shape, to be read with package reflect.
type Rep uint8

// The representations of a field's value.
const (
	RepOther     Rep = iota // any other Go type: read and write it through Field.Type
	RepString               // string, or a named string type (an enum)
	RepPtrString            // *string, or a pointer to a named string type
	RepInt                  // int
	RepPtrInt               // *int
	RepFloat                // float64
	RepPtrFloat             // *float64
	RepBool                 // bool
	RepPtrBool              // *bool
	RepTime                 // time.Time
	RepPtrTime              // *time.Time
	RepStruct               // a struct of package gen, described by Field.Object
	RepPtrStruct            // a pointer to such a struct
	RepMap                  // map[string]any: a free-form object
)

// Pointer reports whether r is a pointer, nil when the field is null or absent.
func (r Rep) Pointer() bool {
	switch r {
	case RepPtrString, RepPtrInt, RepPtrFloat, RepPtrBool, RepPtrTime, RepPtrStruct:
		return true
	}
	return false
}

// Object is one object schema and the struct of package gen that holds it.
type Object struct {
	Name   string       // the schema's name under components/schemas
	Type   reflect.Type // the struct of package gen
	Fields []Field      // the declared properties: required ones first, then by Go name
	// Extra is the offset of the struct's AdditionalProperties (map[string]json.RawMessage),
	// which holds the members the spec does not know; HasExtra says whether it has one.
	Extra    uintptr
	HasExtra bool
}

// Field is one declared property of an object.
type Field struct {
	JSON   string       // the member's name on the wire
	Go     string       // the Go struct field's name
	Offset uintptr      // the Go field's offset in its struct
	Type   reflect.Type // the Go field's type
	Rep    Rep          // how the Go field holds the value
	Bit    int          // the field's own number among every field of every object (0 ≤ Bit < Bits)

	Kind     string   // the schema's type: string, integer, number, boolean, object or array ("" for any)
	Format   string   // the schema's format (uuid, email, date-time, …), "" for none
	Enum     []string // the allowed values of a string enum, in the spec's order
	Required bool     // listed in the object's required list
	Nullable bool     // null is a valid value

	// HasDefault says whether the schema declares a default; Default is it as JSON text.
	HasDefault bool
	Default    string

	Pattern            string   // a regular expression the string matches, "" for none
	Minimum, Maximum   *float64 // bounds of a number or integer, nil for none
	MinLength          int      // the least length of a string
	MaxLength          int      // the greatest length of a string, 0 for none
	MinItems, MaxItems int      // bounds of an array's length (MaxItems 0 for none)

	Object *Object // the object's description, when the value is an object of package gen
	Items  *Field  // the description of an array's items (only its schema facets are set)
}

// Walk calls fn with every field of o and of the objects below it (an object field's, an array's
// items'), each object once, with the object that declares the field.
func (o *Object) Walk(fn func(o *Object, f *Field)) {
	seen := map[*Object]bool{}
	var walk func(o *Object)
	walk = func(o *Object) {
		if seen[o] {
			return
		}
		seen[o] = true
		for i := range o.Fields {
			f := &o.Fields[i]
			fn(o, f)
			if f.Object != nil {
				walk(f.Object)
			}
			if f.Items != nil && f.Items.Object != nil {
				walk(f.Items.Object)
			}
		}
	}
	walk(o)
}

// Field returns o's field whose JSON name is name, or nil when o declares none.
func (o *Object) Field(name string) *Field {
	return fieldsByName[o][name]
}

// fieldsByName indexes each object's fields by JSON name, for Field.
var fieldsByName = func() map[*Object]map[string]*Field {
	out := map[*Object]map[string]*Field{}
	WaitlistConsumer.Walk(func(o *Object, f *Field) {
		if out[o] == nil {
			out[o] = map[string]*Field{}
		}
		out[o][f.JSON] = f
	})
	return out
}()

// Nested returns the address of the object that f holds in the struct at base (described by
// f.Object), or nil when f holds no object or its pointer is nil.
func (f *Field) Nested(base unsafe.Pointer) unsafe.Pointer {
	v := unsafe.Add(base, f.Offset)
	switch f.Rep {
	case RepStruct:
		return v
	case RepPtrStruct:
		return *(*unsafe.Pointer)(v)
	}
	return nil
}

// Example is an example response body of the spec, as JSON text.
type Example struct {
	Status int    // the HTTP status, 0 for the default response
	Body   string // the example, as JSON
}

// ptr returns a pointer to v: the generated bounds are written with it.
func ptr(v float64) *float64 { return &v }
