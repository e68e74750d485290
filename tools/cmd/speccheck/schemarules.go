package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The schema rules: patterns that kin-openapi accepts but that other tools (Spectral, Redocly,
// Prism, JSON Schema validators, other generators) read differently, so that one document would
// describe two APIs. Each rule is named in its problem.
const (
	// ruleNullableWithoutType: OpenAPI 3.0.3 gives `nullable: true` effect only beside a `type`
	// in the same schema. kin-openapi and oapi-codegen honour it anyway; Spectral and Redocly
	// report an error, and strict validators reject null or skip validation altogether.
	ruleNullableWithoutType = "nullable-without-type"
	// ruleNullRejected: a nullable schema whose other keywords (enum, allOf, anyOf, oneOf, not)
	// reject null. kin-openapi accepts null as soon as a schema is nullable, without looking
	// further; OpenAPI 3.0.3 keeps every other keyword in force, so a strict reader rejects it.
	ruleNullRejected = "nullable-but-null-rejected"
	// ruleRefSiblings: keywords written beside a schema's $ref. OpenAPI 3.0 ignores them, as
	// kin-openapi and oapi-codegen do; tools that merge $ref siblings (and every OpenAPI 3.1
	// reader) apply them, so `nullable: true` or a `description` there means two things.
	ruleRefSiblings = "ref-siblings"
)

// schemaProblem is one schema that breaks a schema rule.
type schemaProblem struct {
	Pointer string // JSON pointer of the schema, e.g. "#/components/schemas/MetadataValue/anyOf/0"
	Rule    string // the rule broken: one of the rule* constants
	Detail  string // what is wrong there, and the way to fix it
}

func (p *schemaProblem) Error() string {
	return fmt.Sprintf("%s: %s: %s", p.Pointer, p.Rule, p.Detail)
}

// checkSchemas applies the schema rules to every schema of doc and returns one
// *schemaProblem per schema and rule broken, in document order.
func checkSchemas(doc *openapi3.T) []error {
	var problems []error
	walkSchemas(doc, func(pointer string, s *openapi3.SchemaRef) {
		if p := schemaRule(pointer, s); p != nil {
			problems = append(problems, p)
		}
	})
	return problems
}

// schemaRule returns the problem with the schema s written at pointer, or nil.
func schemaRule(pointer string, s *openapi3.SchemaRef) *schemaProblem {
	if s.Ref != "" {
		if siblings := refSiblings(s); len(siblings) > 0 {
			return &schemaProblem{Pointer: pointer, Rule: ruleRefSiblings, Detail: fmt.Sprintf(
				"%s beside $ref %s: OpenAPI 3.0 ignores them, other tools apply them; "+
					"move them into the referenced schema", strings.Join(siblings, ", "), s.Ref)}
		}
		return nil
	}
	v := s.Value
	if v == nil || !v.Nullable {
		return nil
	}
	if v.Type.IsEmpty() {
		return &schemaProblem{Pointer: pointer, Rule: ruleNullableWithoutType, Detail: "" +
			"nullable: true without a type has no effect in OpenAPI 3.0.3 (kin-openapi honours it, " +
			"Spectral, Redocly and strict validators do not); write the type beside it, or, " +
			"for a schema of several types, make one typed anyOf branch nullable"}
	}
	if why := nullRejection(v, map[*openapi3.Schema]bool{}); why != "" {
		return &schemaProblem{Pointer: pointer, Rule: ruleNullRejected, Detail: fmt.Sprintf(
			"nullable: true, but %s: kin-openapi accepts null here, OpenAPI 3.0.3 rejects it; "+
				"let that keyword admit null too, or drop nullable", why)}
	}
	return nil
}

// refSiblings returns the keywords written beside the $ref of s, extensions (x-…) left out:
// those belong to the tool that reads them and assert nothing about the value.
func refSiblings(s *openapi3.SchemaRef) []string {
	out, err := s.MarshalYAML()
	m, ok := out.(map[string]any)
	if err != nil || !ok {
		return nil
	}
	var siblings []string
	for key := range m {
		if key != "$ref" && !strings.HasPrefix(key, "x-") {
			siblings = append(siblings, key)
		}
	}
	slices.Sort(siblings)
	return siblings
}

// nullRejection says which keyword of v, other than type and nullable, rejects null as
// OpenAPI 3.0.3 (JSON Schema) reads it, or returns "" when none does. seen holds the schemas
// being examined further up, so that a cycle of $refs ends.
func nullRejection(v *openapi3.Schema, seen map[*openapi3.Schema]bool) string {
	if len(v.Enum) > 0 && !slices.ContainsFunc(v.Enum, func(e any) bool { return e == nil }) {
		return "its enum has no null"
	}
	for i, sub := range v.AllOf {
		if !admitsNull(sub, seen) {
			return fmt.Sprintf("allOf/%d does not admit null", i)
		}
	}
	if len(v.AnyOf) > 0 && countAdmittingNull(v.AnyOf, seen) == 0 {
		return "no anyOf branch admits null"
	}
	if n := countAdmittingNull(v.OneOf, seen); len(v.OneOf) > 0 && n != 1 {
		return fmt.Sprintf("%d oneOf branches admit null, where oneOf needs exactly one", n)
	}
	if v.Not != nil && admitsNull(v.Not, seen) {
		return "its not admits null"
	}
	return ""
}

// admitsNull reports whether the schema s accepts null as OpenAPI 3.0.3 reads it: a type
// excludes null unless nullable is beside it, and every other keyword stays in force. A schema
// met again through a cycle counts as admitting null, so that a cycle raises no problem.
func admitsNull(s *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) bool {
	if s == nil || s.Value == nil || seen[s.Value] {
		return true
	}
	v := s.Value
	if !v.Type.IsEmpty() && !v.Nullable {
		return false
	}
	seen[v] = true
	defer delete(seen, v)
	return nullRejection(v, seen) == ""
}

func countAdmittingNull(list openapi3.SchemaRefs, seen map[*openapi3.Schema]bool) int {
	n := 0
	for _, s := range list {
		if admitsNull(s, seen) {
			n++
		}
	}
	return n
}
