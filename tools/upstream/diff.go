package upstream

import (
	"fmt"
	"sort"
	"strings"
)

// Change is one difference between two versions of a slice.
type Change struct {
	Path Path
	// What changed, in a few words ("property removed (string)").
	What string
	// Breaking: the change can break a client (a property, enum value, status, operation or
	// server removed, a type narrowed, a property made required, …).
	Breaking bool
}

// String is the change as one line: its JSON path, then what changed.
func (c Change) String() string { return c.Path.String() + ": " + c.What }

// Diff lists what changed from old to next, in a stable order (breaking changes first, then by
// path). It is empty only when the two slices are the same (the same canonical form).
func Diff(old, next *Slice) []Change {
	d := &differ{}
	if old.Path != next.Path {
		d.add(Path{"path"}, true, "endpoint moved from %s to %s", old.Path, next.Path)
	}
	d.servers(old.Servers, next.Servers)
	if canon(old.Security) != canon(next.Security) {
		d.add(Path{"security"}, true, "security changed from %s to %s", canon(old.Security), canon(next.Security))
	}
	d.objects(Path{"securitySchemes"}, old.SecuritySchemes, next.SecuritySchemes, "security scheme")
	d.pathItem(Path{"pathItem"}, old.PathItem, next.PathItem)
	if len(d.changes) == 0 && old.SHA256() != next.SHA256() {
		d.add(Path{}, false, "the slice changed where this report does not itemise (tags, extensions, examples, …): compare the slice files")
	}
	sort.SliceStable(d.changes, func(i, j int) bool {
		a, b := d.changes[i], d.changes[j]
		if a.Breaking != b.Breaking {
			return a.Breaking
		}
		return a.Path.String() < b.Path.String()
	})
	return d.changes
}

type differ struct{ changes []Change }

func (d *differ) add(p Path, breaking bool, format string, args ...any) {
	d.changes = append(d.changes, Change{Path: p, What: fmt.Sprintf(format, args...), Breaking: breaking})
}

// servers compares the servers by URL.
func (d *differ) servers(old, next []any) {
	o, n := serverURLs(old), serverURLs(next)
	for _, u := range sortedKeys(o) {
		if _, ok := n[u]; !ok {
			d.add(Path{"servers", u}, true, "server removed")
		}
	}
	for _, u := range sortedKeys(n) {
		if _, ok := o[u]; !ok {
			d.add(Path{"servers", u}, false, "server added")
		} else if canon(o[u]) != canon(n[u]) {
			d.add(Path{"servers", u}, false, "server changed from %s to %s", canon(o[u]), canon(n[u]))
		}
	}
}

// serverURLs maps each server's URL to the server.
func serverURLs(list []any) map[string]any {
	out := map[string]any{}
	for _, s := range list {
		if m, ok := s.(map[string]any); ok {
			if u, ok := m["url"].(string); ok {
				out[u] = m
			}
		}
	}
	return out
}

// objects compares two maps of named objects (removed: breaking; added: compatible; changed:
// breaking unless only descriptions changed).
func (d *differ) objects(p Path, old, next map[string]any, what string) {
	for _, k := range sortedKeys(old) {
		nv, ok := next[k]
		switch {
		case !ok:
			d.add(p.With(k), true, "%s removed", what)
		case canon(withoutDescription(old[k])) != canon(withoutDescription(nv)):
			d.add(p.With(k), true, "%s changed from %s to %s", what, canon(old[k]), canon(nv))
		case canon(old[k]) != canon(nv):
			d.add(p.With(k, "description"), false, "description changed")
		}
	}
	for _, k := range sortedKeys(next) {
		if _, ok := old[k]; !ok {
			d.add(p.With(k), false, "%s added", what)
		}
	}
}

// withoutDescription is an object without its description member.
func withoutDescription(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		if k != "description" {
			out[k] = e
		}
	}
	return out
}

// methods are the operations of a path item.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// pathItem compares two path items operation by operation.
func (d *differ) pathItem(p Path, old, next map[string]any) {
	for _, m := range methods {
		o, _ := old[m].(map[string]any)
		n, _ := next[m].(map[string]any)
		switch {
		case o == nil && n == nil:
		case n == nil:
			d.add(p.With(m), true, "operation removed")
		case o == nil:
			d.add(p.With(m), false, "operation added")
		default:
			d.operation(p.With(m), o, n, old, next)
		}
	}
}

// operation compares two versions of one operation.
func (d *differ) operation(p Path, old, next, oldItem, newItem map[string]any) {
	for _, key := range []string{"summary", "description", "operationId"} {
		o, _ := old[key].(string)
		n, _ := next[key].(string)
		if o != n {
			d.add(p.With(key), false, "%s changed from %s to %s", key, quote(o), quote(n))
		}
	}
	op, np := parameters(old, oldItem), parameters(next, newItem)
	for _, name := range sortedKeys(op) {
		pp := p.With("parameters", name)
		n, ok := np[name]
		if !ok {
			d.add(pp, true, "parameter removed")
			continue
		}
		o := op[name]
		or, _ := o["required"].(bool)
		nr, _ := n["required"].(bool)
		if or != nr {
			d.add(pp.With("required"), nr, "required changed from %t to %t", or, nr)
		}
		d.schema(pp.With("schema"), o["schema"], n["schema"])
	}
	for _, name := range sortedKeys(np) {
		if _, ok := op[name]; !ok {
			req, _ := np[name]["required"].(bool)
			d.add(p.With("parameters", name), req, "parameter added (in %v, required %t)", np[name]["in"], req)
		}
	}
	if canon(old["security"]) != canon(next["security"]) {
		d.add(p.With("security"), true, "security changed from %s to %s", canon(old["security"]), canon(next["security"]))
	}
	if canon(old["requestBody"]) != canon(next["requestBody"]) {
		d.add(p.With("requestBody"), true, "request body changed")
	}
	or, _ := old["responses"].(map[string]any)
	nr, _ := next["responses"].(map[string]any)
	for _, status := range sortedKeys(or) {
		rp := p.With("responses", status)
		n, ok := nr[status].(map[string]any)
		if !ok {
			d.add(rp, true, "response removed")
			continue
		}
		d.response(rp, or[status].(map[string]any), n)
	}
	for _, status := range sortedKeys(nr) {
		if _, ok := or[status]; !ok {
			d.add(p.With("responses", status), false, "response added")
		}
	}
}

// parameters are the parameters of an operation and of its path item, by name.
func parameters(op, item map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, src := range []map[string]any{item, op} {
		list, _ := src["parameters"].([]any)
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				if name, ok := m["name"].(string); ok {
					out[name] = m
				}
			}
		}
	}
	return out
}

// response compares two versions of one response: description, headers, media types.
func (d *differ) response(p Path, old, next map[string]any) {
	if o, n := old["description"], next["description"]; canon(o) != canon(n) {
		d.add(p.With("description"), false, "description changed from %s to %s", canon(o), canon(n))
	}
	oh, _ := old["headers"].(map[string]any)
	nh, _ := next["headers"].(map[string]any)
	d.objects(p.With("headers"), oh, nh, "header")
	oc, _ := old["content"].(map[string]any)
	nc, _ := next["content"].(map[string]any)
	for _, mt := range sortedKeys(oc) {
		n, ok := nc[mt].(map[string]any)
		if !ok {
			d.add(p.With("content", mt), true, "media type removed")
			continue
		}
		o, _ := oc[mt].(map[string]any)
		d.schema(p.With("content", mt, "schema"), o["schema"], n["schema"])
	}
	for _, mt := range sortedKeys(nc) {
		if _, ok := oc[mt]; !ok {
			d.add(p.With("content", mt), false, "media type added")
		}
	}
}

// schema compares two versions of a schema, level by level.
func (d *differ) schema(p Path, oldRaw, newRaw any) {
	var r resolver
	o, n := r.normalise(oldRaw), r.normalise(newRaw)
	if !sameTypes(o, n) {
		d.add(p, !wider(n, o), "type changed from %s to %s", o.typeString(), n.typeString())
	}
	d.keyword(p.With("format"), "format", o.format, n.format)
	d.keyword(p.With("pattern"), "pattern", o.pattern, n.pattern)
	d.keyword(p.With("minimum"), "minimum", o.min, n.min)
	d.keyword(p.With("maximum"), "maximum", o.max, n.max)
	if o.def != n.def {
		d.add(p.With("default"), o.def != "" && n.def != "", "default changed from %s to %s", orNone(o.def), orNone(n.def))
	}
	if o.desc != n.desc {
		d.add(p.With("description"), false, "description changed from %s to %s", quote(o.desc), quote(n.desc))
	}
	d.enum(p, o, n)
	for _, name := range sortedKeys(o.required) {
		if !n.required[name] {
			d.add(p.With("required", name), false, "no longer required")
		}
	}
	for _, name := range sortedKeys(n.required) {
		if !o.required[name] {
			d.add(p.With("required", name), true, "now required")
		}
	}
	for _, name := range sortedKeys(o.props) {
		pp := p.With("properties", name)
		if ns, ok := n.props[name]; ok {
			d.schema(pp, one(o.props[name]), one(ns))
			continue
		}
		d.add(pp, true, "property removed (%s)", r.normalise(one(o.props[name])).summary())
	}
	for _, name := range sortedKeys(n.props) {
		if _, ok := o.props[name]; !ok {
			d.add(p.With("properties", name), false, "property added (%s)", r.normalise(one(n.props[name])).summary())
		}
	}
	d.child(p.With("items"), o.items, n.items, "items")
	d.child(p.With("additionalProperties"), o.addl, n.addl, "additionalProperties schema")
}

// child compares a sub-schema that either side may lack.
func (d *differ) child(p Path, o, n []any, what string) {
	switch {
	case len(o) > 0 && len(n) > 0:
		d.schema(p, one(o), one(n))
	case len(o) > 0:
		d.add(p, false, "%s removed", what)
	case len(n) > 0:
		d.add(p, true, "%s added", what)
	}
}

// keyword compares a constraint: removing one is compatible, adding or changing one narrows.
func (d *differ) keyword(p Path, name, o, n string) {
	if o == n {
		return
	}
	d.add(p, n != "", "%s changed from %s to %s", name, orNone(o), orNone(n))
}

// enum compares the enums of two levels.
func (d *differ) enum(p Path, o, n view) {
	switch {
	case !o.hasEnum && !n.hasEnum:
		return
	case !n.hasEnum:
		d.add(p.With("enum"), false, "enum removed (any value allowed)")
		return
	case !o.hasEnum:
		d.add(p.With("enum"), true, "enum added (%s)", strings.Join(n.enum, ", "))
		return
	}
	for _, e := range o.enum {
		if !contains(n.enum, e) {
			d.add(p.With("enum", enumSegment(e)), true, "enum value removed")
		}
	}
	for _, e := range n.enum {
		if !contains(o.enum, e) {
			d.add(p.With("enum", enumSegment(e)), false, "enum value added")
		}
	}
}

// wider reports whether a allows every type (and null) that b allows.
func wider(a, b view) bool {
	if b.nullable && !a.nullable {
		return false
	}
	for t := range b.types {
		numberCovers := t == "integer" && a.types["number"]
		if !a.types[t] && !numberCovers {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
