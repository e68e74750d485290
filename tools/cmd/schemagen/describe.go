package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

const genPkgPath = "github.com/fanfare-go/fanfare/gen"

// load reads and resolves the spec.
func load(path string) (*openapi3.T, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the spec named on the command line
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return doc, nil
}

// object is an object schema and its Go struct.
type object struct {
	name     string // the schema's (and Go type's) name
	typ      reflect.Type
	fields   []*field
	hasExtra bool
}

// field is one property of an object, with its Go field.
type field struct {
	json, goName string
	rep          string // the schema.Rep constant's name
	bit          int
	facets
	object *object
}

// facets are what a schema says of a value.
type facets struct {
	kind, format       string
	enum               []string
	required, nullable bool
	hasDefault         bool
	def                string
	pattern            string
	min, max           *float64
	minLen, maxLen     int
	minItems, maxItems int
	items              *facets
	itemsObject        *object
}

// Description is the description of the objects reachable from a root type, and the spec's
// example error bodies.
type Description struct {
	objects  []*object
	bits     int
	examples []example
}

type example struct {
	status int
	body   string
}

// Describe walks the root struct of package gen and its schema in doc.
func Describe(doc *openapi3.T, root reflect.Type) (*Description, error) {
	d := &Description{}
	seen := map[reflect.Type]*object{}
	if _, err := d.object(doc, root, seen); err != nil {
		return nil, err
	}
	for _, o := range d.objects {
		for _, f := range o.fields {
			f.bit = d.bits
			d.bits++
		}
	}
	ex, err := examples(doc)
	if err != nil {
		return nil, err
	}
	d.examples = ex
	return d, nil
}

// object describes struct t of package gen, whose schema is the component of the same name.
func (d *Description) object(doc *openapi3.T, t reflect.Type, seen map[reflect.Type]*object) (*object, error) {
	if o, ok := seen[t]; ok {
		return o, nil
	}
	ref := doc.Components.Schemas[t.Name()]
	if ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("gen.%s has no schema of its name in components/schemas", t.Name())
	}
	s := ref.Value
	o := &object{name: t.Name(), typ: t}
	seen[t] = o
	d.objects = append(d.objects, o)
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Name == "AdditionalProperties" {
			o.hasExtra = true
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		prop := s.Properties[name]
		if prop == nil || prop.Value == nil {
			return nil, fmt.Errorf("gen.%s.%s: no property %q in the schema", t.Name(), sf.Name, name)
		}
		f := &field{json: name, goName: sf.Name, rep: rep(sf.Type)}
		f.facets = facetsOf(prop.Value)
		f.required = slices.Contains(s.Required, name)
		if st := structOf(sf.Type); st != nil {
			obj, err := d.object(doc, st, seen)
			if err != nil {
				return nil, err
			}
			f.object = obj
		}
		if f.items != nil && sf.Type.Kind() == reflect.Slice {
			if st := structOf(sf.Type.Elem()); st != nil {
				obj, err := d.object(doc, st, seen)
				if err != nil {
					return nil, err
				}
				f.itemsObject = obj
			}
		}
		o.fields = append(o.fields, f)
	}
	slices.SortStableFunc(o.fields, func(a, b *field) int { return order(s, a) - order(s, b) })
	slices.SortStableFunc(o.fields, func(a, b *field) int {
		if !a.required && !b.required {
			return strings.Compare(a.json, b.json)
		}
		return 0
	})
	return o, nil
}

// order ranks a field of schema s as the API sends it: the required fields in the order of the
// required list, then the optional ones, then the required ones that hold an object (a big
// nested record comes last).
func order(s *openapi3.Schema, f *field) int {
	switch {
	case !f.required:
		return len(s.Required)
	case f.object != nil:
		return 2*len(s.Required) + slices.Index(s.Required, f.json)
	}
	return slices.Index(s.Required, f.json)
}

// structOf returns t's struct of package gen (t itself or what it points to), nil for none.
func structOf(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && t.PkgPath() == genPkgPath && t.Name() != "" {
		return t
	}
	return nil
}

var timeType = reflect.TypeFor[time.Time]()

// rep names the schema.Rep of a Go field of type t.
func rep(t reflect.Type) string {
	ptr := ""
	if t.Kind() == reflect.Pointer {
		ptr, t = "Ptr", t.Elem()
	}
	switch {
	case t == timeType:
		return "Rep" + ptr + "Time"
	case structOf(t) != nil:
		return "Rep" + ptr + "Struct"
	case ptr == "" && t.Kind() == reflect.Map && t.Key().Kind() == reflect.String &&
		t.Elem().Kind() == reflect.Interface && t.Elem().NumMethod() == 0:
		return "RepMap"
	}
	switch t.Kind() {
	case reflect.String:
		return "Rep" + ptr + "String"
	case reflect.Int:
		return "Rep" + ptr + "Int"
	case reflect.Float64:
		return "Rep" + ptr + "Float"
	case reflect.Bool:
		return "Rep" + ptr + "Bool"
	}
	return "RepOther"
}

// facetsOf reads what schema s says of a value; the schema of an allOf of one is its element's.
func facetsOf(s *openapi3.Schema) facets {
	var f facets
	if s.Type == nil && len(s.AllOf) == 1 && s.AllOf[0].Value != nil {
		f = facetsOf(s.AllOf[0].Value)
	}
	if s.Type != nil && len(*s.Type) == 1 {
		f.kind = (*s.Type)[0]
	}
	if s.Format != "" {
		f.format = s.Format
	}
	for _, v := range s.Enum {
		if str, ok := v.(string); ok {
			f.enum = append(f.enum, str)
		}
	}
	f.nullable = f.nullable || s.Nullable
	if s.Default != nil {
		raw, err := json.Marshal(s.Default)
		if err == nil {
			f.hasDefault, f.def = true, string(raw)
		}
	}
	if s.Pattern != "" {
		f.pattern = s.Pattern
	}
	if s.Min != nil {
		f.min = s.Min
	}
	if s.Max != nil {
		f.max = s.Max
	}
	f.minLen = int(s.MinLength) //nolint:gosec // a spec's lengths are small
	if s.MaxLength != nil {
		f.maxLen = int(*s.MaxLength) //nolint:gosec // a spec's lengths are small
	}
	f.minItems = int(s.MinItems) //nolint:gosec // a spec's lengths are small
	if s.MaxItems != nil {
		f.maxItems = int(*s.MaxItems) //nolint:gosec // a spec's lengths are small
	}
	if s.Items != nil && s.Items.Value != nil {
		items := facetsOf(s.Items.Value)
		f.items = &items
	}
	return f
}

// examples returns the example bodies of the operation's error responses, by status.
func examples(doc *openapi3.T) ([]example, error) {
	var out []example
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for code, ref := range op.Responses.Map() {
				if ref.Value == nil || strings.HasPrefix(code, "2") {
					continue
				}
				mt := ref.Value.Content.Get("application/json")
				if mt == nil || mt.Example == nil {
					continue
				}
				raw, err := json.Marshal(mt.Example)
				if err != nil {
					return nil, fmt.Errorf("the example of response %s: %w", code, err)
				}
				status := 0
				if code != "default" {
					if _, err := fmt.Sscanf(code, "%d", &status); err != nil {
						return nil, fmt.Errorf("response %q: %w", code, err)
					}
				}
				out = append(out, example{status: status, body: string(raw)})
			}
		}
	}
	slices.SortFunc(out, func(a, b example) int { return a.status - b.status })
	out = slices.CompactFunc(out, func(a, b example) bool { return a.status == b.status })
	return out, nil
}
