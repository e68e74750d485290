package upstream

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// Kinds of finding. Each names what the spec does differently from the slice at the path.
const (
	KindMissing         = "missing"          // the slice has it (property, response, parameter, server, …); the spec does not
	KindExtra           = "extra"            // the spec has it; the slice does not
	KindType            = "type"             // the types (or nullability) differ
	KindFormat          = "format"           // the formats differ
	KindPattern         = "pattern"          // the patterns differ
	KindDefault         = "default"          // the defaults differ
	KindMinimum         = "minimum"          // the minimums differ
	KindMaximum         = "maximum"          // the maximums differ
	KindEnumMissing     = "enum-missing"     // an enum value of the slice is not in the spec
	KindEnumExtra       = "enum-extra"       // an enum value of the spec is not in the slice
	KindEnumOpen        = "enum-open"        // the slice has an enum (or const); the spec allows any value
	KindEnumClosed      = "enum-closed"      // the spec has an enum; the slice allows any value
	KindRequiredMissing = "required-missing" // the slice requires it; the spec does not
	KindRequiredExtra   = "required-extra"   // the spec requires it; the slice does not
	KindSecurity        = "security"         // security requirements or schemes differ
	KindHash            = "hash"             // the lock's hash is not the slice's
	KindStale           = "stale"            // an allowlist entry that matches nothing
)

var knownKinds = map[string]bool{
	KindMissing: true, KindExtra: true, KindType: true, KindFormat: true, KindPattern: true,
	KindDefault: true, KindMinimum: true, KindMaximum: true, KindEnumMissing: true,
	KindEnumExtra: true, KindEnumOpen: true, KindEnumClosed: true, KindRequiredMissing: true,
	KindRequiredExtra: true, KindSecurity: true,
}

// Finding is one way in which the spec does not cover the slice.
type Finding struct {
	Path Path
	Kind string
	What string
}

// String is the finding as one line: its JSON path (in the slice), its kind, the facts.
func (f Finding) String() string { return fmt.Sprintf("%s: %s: %s", f.Path, f.Kind, f.What) }

// LoadSpec reads an OpenAPI document (YAML or JSON) as generic JSON, its $refs unresolved.
func LoadSpec(ctx context.Context, name string) (map[string]any, error) {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromFile(name)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	data, err := doc.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", name, err)
	}
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return out, nil
}

// CheckRepo is `upstream check` in the repository at root: the lock's hash must match the
// pinned slice, and api/openapi.yaml must cover it except for the allowlist's entries (each of
// which must still match a difference). It returns the findings left, sorted.
func CheckRepo(ctx context.Context, root string) ([]Finding, error) {
	dir := filepath.Join(root, PinDir)
	lock, err := ReadLock(dir)
	if err != nil {
		return nil, err
	}
	slice, err := ReadSlice(filepath.Join(dir, lock.Slice))
	if err != nil {
		return nil, err
	}
	allow, err := ReadAllowlist(filepath.Join(dir, AllowlistFile))
	if err != nil {
		return nil, err
	}
	spec, err := LoadSpec(ctx, filepath.Join(root, SpecFile))
	if err != nil {
		return nil, err
	}
	findings := applyAllowlist(Check(slice, spec), allow)
	if got := slice.SHA256(); got != lock.SHA256 {
		findings = append(findings, Finding{Path: Path{}, Kind: KindHash,
			What: fmt.Sprintf("%s/%s hashes to %s, the lock says %s: re-pin it with `upstream pin`", PinDir, lock.Slice, got, lock.SHA256)})
	}
	if lock.Endpoint != slice.Path {
		findings = append(findings, Finding{Path: Path{"path"}, Kind: KindHash,
			What: fmt.Sprintf("the lock is for %s, the slice for %s", lock.Endpoint, slice.Path)})
	}
	sortFindings(findings)
	return findings, nil
}

// Check lists the differences between the slice and the spec (a whole OpenAPI 3.0 document as
// generic JSON), each at its path in the slice. Descriptions, summaries, the operationId, tags
// and examples are not compared: the spec words them its own way.
func Check(s *Slice, spec map[string]any) []Finding {
	c := &checker{ours: resolver{doc: spec}}
	c.servers(s.Servers, asList(spec["servers"]))
	if canon(s.Security) != canon(spec["security"]) {
		c.add(Path{"security"}, KindSecurity, "published %s, spec %s", canon(s.Security), canon(spec["security"]))
	}
	comps, _ := spec["components"].(map[string]any)
	schemes, _ := comps["securitySchemes"].(map[string]any)
	for _, name := range sortedKeys(s.SecuritySchemes) {
		p := Path{"securitySchemes", name}
		ours, ok := schemes[name].(map[string]any)
		if !ok {
			c.add(p, KindMissing, "security scheme not in the spec")
			continue
		}
		theirs, _ := s.SecuritySchemes[name].(map[string]any)
		for _, k := range []string{"type", "scheme", "bearerFormat", "in", "name"} {
			if canon(theirs[k]) != canon(ours[k]) {
				c.add(p.With(k), KindSecurity, "published %s, spec %s", canon(theirs[k]), canon(ours[k]))
			}
		}
	}
	paths, _ := spec["paths"].(map[string]any)
	item, ok := paths[s.Path].(map[string]any)
	if !ok {
		c.add(Path{"path"}, KindMissing, "the spec has no path %s", s.Path)
		return c.sorted()
	}
	for _, m := range methods {
		theirs, _ := s.PathItem[m].(map[string]any)
		ours, _ := item[m].(map[string]any)
		switch {
		case theirs == nil && ours == nil:
		case ours == nil:
			c.add(Path{"pathItem", m}, KindMissing, "operation not in the spec")
		case theirs == nil:
			c.add(Path{"pathItem", m}, KindExtra, "operation not published")
		default:
			c.operation(Path{"pathItem", m}, theirs, s.PathItem, ours, item)
		}
	}
	return c.sorted()
}

type checker struct {
	ours     resolver
	findings []Finding
}

func (c *checker) add(p Path, kind, format string, args ...any) {
	c.findings = append(c.findings, Finding{Path: p, Kind: kind, What: fmt.Sprintf(format, args...)})
}

func (c *checker) sorted() []Finding {
	sortFindings(c.findings)
	return c.findings
}

// sortFindings orders findings by path, then kind.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Path.String(), fs[j].Path.String()
		if a != b {
			return a < b
		}
		return fs[i].Kind < fs[j].Kind
	})
}

func asList(v any) []any { l, _ := v.([]any); return l }

// servers checks that the spec lists every published server URL, and no other.
func (c *checker) servers(theirs, ours []any) {
	t, o := serverURLs(theirs), serverURLs(ours)
	for _, u := range sortedKeys(t) {
		if _, ok := o[u]; !ok {
			c.add(Path{"servers", u}, KindMissing, "server not in the spec")
		}
	}
	for _, u := range sortedKeys(o) {
		if _, ok := t[u]; !ok {
			c.add(Path{"servers", u}, KindExtra, "server not published")
		}
	}
}

// operation checks one operation: parameters, security, request body, responses.
func (c *checker) operation(p Path, theirs, theirItem, ours, ourItem map[string]any) {
	tp, op := parameters(theirs, theirItem), c.ourParameters(ours, ourItem)
	for _, name := range sortedKeys(tp) {
		pp := p.With("parameters", name)
		o, ok := op[name]
		if !ok {
			c.add(pp, KindMissing, "parameter not in the spec")
			continue
		}
		t := tp[name]
		if canon(t["in"]) != canon(o["in"]) {
			c.add(pp.With("in"), KindType, "published in %v, spec in %v", t["in"], o["in"])
		}
		tr, _ := t["required"].(bool)
		or, _ := o["required"].(bool)
		switch {
		case tr && !or:
			c.add(pp.With("required"), KindRequiredMissing, "published required, spec optional")
		case or && !tr:
			c.add(pp.With("required"), KindRequiredExtra, "published optional, spec required")
		}
		c.schema(pp.With("schema"), t["schema"], o["schema"])
	}
	for _, name := range sortedKeys(op) {
		if _, ok := tp[name]; !ok {
			c.add(p.With("parameters", name), KindExtra, "parameter not published")
		}
	}
	if sec, ok := theirs["security"]; ok && canon(sec) != canon(ours["security"]) {
		c.add(p.With("security"), KindSecurity, "published %s, spec %s", canon(sec), canon(ours["security"]))
	}
	if _, ok := theirs["requestBody"]; ok {
		if _, ok := ours["requestBody"]; !ok {
			c.add(p.With("requestBody"), KindMissing, "request body not in the spec")
		}
	}
	tr, _ := theirs["responses"].(map[string]any)
	or, _ := ours["responses"].(map[string]any)
	for _, status := range sortedKeys(tr) {
		rp := p.With("responses", status)
		o := c.ours.deref(or[status])
		if o == nil {
			c.add(rp, KindMissing, "response not in the spec")
			continue
		}
		t, _ := tr[status].(map[string]any)
		c.response(rp, t, o)
	}
	for _, status := range sortedKeys(or) {
		if _, ok := tr[status]; !ok {
			c.add(p.With("responses", status), KindExtra, "response not published")
		}
	}
}

// ourParameters are the spec's parameters of an operation, $refs followed.
func (c *checker) ourParameters(op, item map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, src := range []map[string]any{item, op} {
		for _, e := range asList(src["parameters"]) {
			if m := c.ours.deref(e); m != nil {
				if name, ok := m["name"].(string); ok {
					out[name] = m
				}
			}
		}
	}
	return out
}

// response checks one response's published headers and media types.
func (c *checker) response(p Path, theirs, ours map[string]any) {
	th, _ := theirs["headers"].(map[string]any)
	oh, _ := ours["headers"].(map[string]any)
	for _, h := range sortedKeys(th) {
		if _, ok := oh[h]; !ok {
			c.add(p.With("headers", h), KindMissing, "header not in the spec")
		}
	}
	tc, _ := theirs["content"].(map[string]any)
	oc, _ := ours["content"].(map[string]any)
	for _, mt := range sortedKeys(tc) {
		o, ok := oc[mt].(map[string]any)
		if !ok {
			c.add(p.With("content", mt), KindMissing, "media type not in the spec")
			continue
		}
		t, _ := tc[mt].(map[string]any)
		c.schema(p.With("content", mt, "schema"), t["schema"], o["schema"])
	}
	for _, mt := range sortedKeys(oc) {
		if _, ok := tc[mt]; !ok {
			c.add(p.With("content", mt), KindExtra, "media type not published")
		}
	}
}

// schema checks that the spec's schema ours covers the published schema theirs, level by
// level, guided by theirs (so that the spec's recursive schemas end).
func (c *checker) schema(p Path, theirsRaw, oursRaw any) {
	t := resolver{}.normalise(theirsRaw)
	o := c.ours.normalise(oursRaw)
	if !sameTypes(t, o) {
		c.add(p, KindType, "published %s, spec %s", t.typeString(), o.typeString())
	}
	c.keyword(p, KindFormat, t.format, o.format)
	c.keyword(p, KindPattern, t.pattern, o.pattern)
	c.keyword(p, KindDefault, t.def, o.def)
	c.keyword(p, KindMinimum, t.min, o.min)
	c.keyword(p, KindMaximum, t.max, o.max)
	switch {
	case t.hasEnum && !o.hasEnum:
		c.add(p, KindEnumOpen, "published enum %v, the spec allows any value", t.enum)
	case o.hasEnum && !t.hasEnum:
		c.add(p, KindEnumClosed, "the spec's enum %v, published any value", o.enum)
	case t.hasEnum:
		for _, e := range t.enum {
			if !contains(o.enum, e) {
				c.add(p.With("enum", enumSegment(e)), KindEnumMissing, "published value %s not in the spec", e)
			}
		}
		for _, e := range o.enum {
			if !contains(t.enum, e) {
				c.add(p.With("enum", enumSegment(e)), KindEnumExtra, "the spec's value %s not published", e)
			}
		}
	}
	for _, name := range sortedKeys(t.required) {
		if !o.required[name] {
			c.add(p.With("required", name), KindRequiredMissing, "published required, spec optional")
		}
	}
	for _, name := range sortedKeys(o.required) {
		if !t.required[name] {
			c.add(p.With("required", name), KindRequiredExtra, "spec required, published optional")
		}
	}
	for _, name := range sortedKeys(t.props) {
		pp := p.With("properties", name)
		if ours, ok := o.props[name]; ok {
			c.schema(pp, one(t.props[name]), one(ours))
			continue
		}
		c.add(pp, KindMissing, "property (%s) not in the spec", resolver{}.normalise(one(t.props[name])).summary())
	}
	for _, name := range sortedKeys(o.props) {
		if _, ok := t.props[name]; !ok {
			c.add(p.With("properties", name), KindExtra, "property (%s) not published", c.ours.normalise(one(o.props[name])).summary())
		}
	}
	if len(t.items) > 0 {
		if len(o.items) == 0 {
			c.add(p.With("items"), KindMissing, "items schema not in the spec")
		} else {
			c.schema(p.With("items"), one(t.items), one(o.items))
		}
	}
	if len(t.addl) > 0 {
		if len(o.addl) == 0 {
			c.add(p.With("additionalProperties"), KindMissing, "additionalProperties schema not in the spec")
		} else {
			c.schema(p.With("additionalProperties"), one(t.addl), one(o.addl))
		}
	}
}

// keyword compares one constraint.
func (c *checker) keyword(p Path, kind, theirs, ours string) {
	if theirs != ours {
		c.add(p.With(kind), kind, "published %s, spec %s", orNone(theirs), orNone(ours))
	}
}
