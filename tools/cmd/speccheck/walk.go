package main

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// visitSchema is called once for every schema written in the document, with the JSON pointer
// (RFC 6901, as a URI fragment: "#/components/schemas/Consumer") of the place it is written.
// A schema that is a $ref is visited where the $ref is written, and not followed: its target is
// visited at its own place, so every schema is seen exactly once and cycles end by themselves.
type visitSchema func(pointer string, schema *openapi3.SchemaRef)

// walkSchemas calls visit for every schema of doc: in the components (schemas, parameters,
// headers, request bodies, responses, callbacks) and the paths (path and operation parameters,
// request bodies, responses and their headers, callbacks), and inside each of them (properties,
// additionalProperties, items, allOf, anyOf, oneOf, not). Order is the same on every run.
func walkSchemas(doc *openapi3.T, visit visitSchema) {
	w := walker{visit: visit}
	if c := doc.Components; c != nil {
		for _, name := range sortedKeys(c.Schemas) {
			w.schema(join("#/components/schemas", name), c.Schemas[name])
		}
		for _, name := range sortedKeys(c.Parameters) {
			w.parameter(join("#/components/parameters", name), c.Parameters[name])
		}
		w.headers("#/components/headers", c.Headers)
		for _, name := range sortedKeys(c.RequestBodies) {
			w.requestBody(join("#/components/requestBodies", name), c.RequestBodies[name])
		}
		for _, name := range sortedKeys(c.Responses) {
			w.response(join("#/components/responses", name), c.Responses[name])
		}
		w.callbacks("#/components/callbacks", c.Callbacks)
	}
	if doc.Paths != nil {
		w.paths("#/paths", doc.Paths.Map())
	}
}

// walker holds the visit function while walkSchemas descends the document.
type walker struct {
	visit visitSchema
}

func (w walker) paths(at string, paths map[string]*openapi3.PathItem) {
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		if item == nil {
			continue
		}
		itemAt := join(at, path)
		w.parameters(join(itemAt, "parameters"), item.Parameters)
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			opAt := join(itemAt, strings.ToLower(method))
			w.parameters(join(opAt, "parameters"), op.Parameters)
			w.requestBody(join(opAt, "requestBody"), op.RequestBody)
			if op.Responses != nil {
				responses := op.Responses.Map()
				for _, status := range sortedKeys(responses) {
					w.response(join(opAt, "responses", status), responses[status])
				}
			}
			w.callbacks(join(opAt, "callbacks"), op.Callbacks)
		}
	}
}

func (w walker) callbacks(at string, callbacks openapi3.Callbacks) {
	for _, name := range sortedKeys(callbacks) {
		if cb := callbacks[name]; cb != nil && cb.Ref == "" && cb.Value != nil {
			w.paths(join(at, name), cb.Value.Map())
		}
	}
}

func (w walker) parameters(at string, params openapi3.Parameters) {
	for i, p := range params {
		w.parameter(join(at, strconv.Itoa(i)), p)
	}
}

func (w walker) parameter(at string, p *openapi3.ParameterRef) {
	if p == nil || p.Ref != "" || p.Value == nil {
		return
	}
	w.schema(join(at, "schema"), p.Value.Schema)
	w.content(join(at, "content"), p.Value.Content)
}

func (w walker) headers(at string, headers openapi3.Headers) {
	for _, name := range sortedKeys(headers) {
		h := headers[name]
		if h == nil || h.Ref != "" || h.Value == nil {
			continue
		}
		hAt := join(at, name)
		w.schema(join(hAt, "schema"), h.Value.Schema)
		w.content(join(hAt, "content"), h.Value.Content)
	}
}

func (w walker) requestBody(at string, body *openapi3.RequestBodyRef) {
	if body == nil || body.Ref != "" || body.Value == nil {
		return
	}
	w.content(join(at, "content"), body.Value.Content)
}

func (w walker) response(at string, resp *openapi3.ResponseRef) {
	if resp == nil || resp.Ref != "" || resp.Value == nil {
		return
	}
	w.headers(join(at, "headers"), resp.Value.Headers)
	w.content(join(at, "content"), resp.Value.Content)
}

func (w walker) content(at string, content openapi3.Content) {
	for _, mediaType := range sortedKeys(content) {
		mt := content[mediaType]
		if mt == nil {
			continue
		}
		mtAt := join(at, mediaType)
		w.schema(join(mtAt, "schema"), mt.Schema)
		for _, name := range sortedKeys(mt.Encoding) {
			if enc := mt.Encoding[name]; enc != nil {
				w.headers(join(mtAt, "encoding", name, "headers"), enc.Headers)
			}
		}
	}
}

// schema visits s and, unless it is a $ref, every schema written inside it.
func (w walker) schema(at string, s *openapi3.SchemaRef) {
	if s == nil {
		return
	}
	w.visit(at, s)
	if s.Ref != "" || s.Value == nil {
		return
	}
	v := s.Value
	for _, name := range sortedKeys(v.Properties) {
		w.schema(join(at, "properties", name), v.Properties[name])
	}
	w.schema(join(at, "additionalProperties"), v.AdditionalProperties.Schema)
	w.schema(join(at, "items"), v.Items)
	for _, list := range []struct {
		keyword string
		refs    openapi3.SchemaRefs
	}{{"allOf", v.AllOf}, {"anyOf", v.AnyOf}, {"oneOf", v.OneOf}} {
		for i, sub := range list.refs {
			w.schema(join(at, list.keyword, strconv.Itoa(i)), sub)
		}
	}
	w.schema(join(at, "not"), v.Not)
}

// pointerEscaper escapes one reference token of a JSON pointer (RFC 6901, section 3).
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// join appends tokens to a JSON pointer, escaping each ("~" as "~0", "/" as "~1").
func join(pointer string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(pointer)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(t))
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
