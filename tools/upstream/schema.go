package upstream

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// anyTypes are the JSON types a schema without a type constraint allows (integer is a kind of
// number, and is named only when a schema says integer).
var anyTypes = []string{"array", "boolean", "number", "object", "string"}

// view is one level of a schema, normalised so that OpenAPI 3.0 and 3.1 spellings read alike:
// `anyOf: [T, {type: null}]`, `type: [T, "null"]` and `nullable: true` are all T, nullable;
// the branches of an anyOf, oneOf or allOf are merged; a `const` is a one-value enum; a schema
// with no type and no enum allows every type. Child schemas are kept raw, read when needed (the
// spec's recursive schemas are never expanded).
type view struct {
	types    map[string]bool
	nullable bool
	format   string
	pattern  string
	def      string // canonical JSON of the default, "" when none
	min, max string
	enum     []string // canonical JSON of each value (null excluded: it is nullable)
	hasEnum  bool
	props    map[string][]any // property → its schemas (one per branch that declares it)
	required map[string]bool
	items    []any
	addl     []any // additionalProperties schemas (a boolean is no schema)
	desc     string
}

// resolver reads schemas of one document, following its local $refs.
type resolver struct{ doc map[string]any }

// deref follows v's $ref chain and returns the schema object, or nil for a boolean schema or
// anything that is not an object.
func (r resolver) deref(v any) map[string]any {
	for range 64 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		ref, ok := m["$ref"].(string)
		if !ok || r.doc == nil {
			return m
		}
		t, err := pointer(r.doc, ref)
		if err != nil {
			return m
		}
		v = t
	}
	return nil
}

// normalise reads one level of the schema raw.
func (r resolver) normalise(raw any) view {
	v := view{types: map[string]bool{}, props: map[string][]any{}, required: map[string]bool{}}
	r.merge(&v, raw, 0)
	if len(v.types) == 0 {
		if v.hasEnum {
			for _, e := range v.enum {
				v.types[jsonType(e)] = true
			}
		} else {
			for _, t := range anyTypes {
				v.types[t] = true
			}
			v.nullable = true
		}
	}
	sort.Strings(v.enum)
	return v
}

// merge adds the schema raw (and its branches) into v.
func (r resolver) merge(v *view, raw any, depth int) {
	m := r.deref(raw)
	if m == nil || depth > 16 {
		return
	}
	switch t := m["type"].(type) {
	case string:
		addType(v, t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				addType(v, s)
			}
		}
	}
	if b, _ := m["nullable"].(bool); b {
		v.nullable = true
	}
	if c, ok := m["const"]; ok {
		v.addEnum(c)
	}
	if e, ok := m["enum"].([]any); ok {
		for _, c := range e {
			v.addEnum(c)
		}
	}
	setString(&v.format, m["format"])
	setString(&v.pattern, m["pattern"])
	setString(&v.desc, m["description"])
	if d, ok := m["default"]; ok && v.def == "" {
		v.def = canon(d)
	}
	if x, ok := m["minimum"]; ok && v.min == "" {
		v.min = canon(x)
	}
	if x, ok := m["maximum"]; ok && v.max == "" {
		v.max = canon(x)
	}
	if p, ok := m["properties"].(map[string]any); ok {
		for name, s := range p {
			v.props[name] = append(v.props[name], s)
		}
	}
	if req, ok := m["required"].([]any); ok {
		for _, n := range req {
			if s, ok := n.(string); ok {
				v.required[s] = true
			}
		}
	}
	if it, ok := m["items"]; ok {
		v.items = append(v.items, it)
	}
	if a, ok := m["additionalProperties"].(map[string]any); ok {
		v.addl = append(v.addl, a)
	}
	for _, key := range []string{"anyOf", "oneOf", "allOf"} {
		branches, _ := m[key].([]any)
		for _, b := range branches {
			r.merge(v, b, depth+1)
		}
	}
}

// addType records one JSON type ("null" is nullability).
func addType(v *view, t string) {
	if t == "null" {
		v.nullable = true
		return
	}
	v.types[t] = true
}

// addEnum records one enum value (null is nullability).
func (v *view) addEnum(c any) {
	v.hasEnum = true
	if c == nil {
		v.nullable = true
		return
	}
	s := canon(c)
	for _, e := range v.enum {
		if e == s {
			return
		}
	}
	v.enum = append(v.enum, s)
}

// setString sets *dst to x when x is a string and *dst is still empty.
func setString(dst *string, x any) {
	if s, ok := x.(string); ok && *dst == "" {
		*dst = s
	}
}

// canon is the compact JSON of a value.
func canon(x any) string {
	return strings.TrimSuffix(string(encode(x, "")), "\n")
}

// jsonType is the JSON type of a canonical JSON value.
func jsonType(c string) string {
	switch {
	case strings.HasPrefix(c, `"`):
		return "string"
	case c == "true" || c == "false":
		return "boolean"
	case strings.HasPrefix(c, "["):
		return "array"
	case strings.HasPrefix(c, "{"):
		return "object"
	}
	return "number"
}

// enumSegment is the path segment naming an enum value: a string is itself, others their JSON.
func enumSegment(c string) string {
	var s string
	if json.Unmarshal([]byte(c), &s) == nil {
		return s
	}
	return c
}

// typeString writes a view's types as "string|number", with "|null" when nullable.
func (v view) typeString() string {
	if v.nullable && len(v.types) == len(anyTypes) && !v.hasEnum {
		all := true
		for _, t := range anyTypes {
			all = all && v.types[t]
		}
		if all {
			return "any"
		}
	}
	var ts []string
	for t := range v.types {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	if v.nullable {
		ts = append(ts, "null")
	}
	return strings.Join(ts, "|")
}

// summary describes a schema in a few words: its type, format and default.
func (v view) summary() string {
	s := v.typeString()
	if v.format != "" {
		s += ", format " + v.format
	}
	if v.hasEnum {
		s += ", enum " + strings.Join(v.enum, ", ")
	}
	if v.def != "" {
		s += ", default " + v.def
	}
	return s
}

// sameTypes reports whether two views allow the same types and null.
func sameTypes(a, b view) bool {
	return a.typeString() == b.typeString()
}

// sortedKeys returns the keys of m sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// one returns the single schema of a list, or an anyOf of them.
func one(list []any) any {
	if len(list) == 1 {
		return list[0]
	}
	return map[string]any{"anyOf": list}
}

// quote writes s as a short quoted string for a report.
func quote(s string) string { return fmt.Sprintf("%q", s) }
