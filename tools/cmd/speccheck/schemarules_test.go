package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// everywhere is a document with a typeless nullable schema in every place a schema can be
// written, inline or nested, and the same schema behind a $ref that must not be reported twice.
const everywhere = `openapi: 3.0.3
info: {title: everywhere, version: "1"}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {nullable: true}}
    post:
      parameters:
        - {name: q, in: query, schema: {nullable: true}}
        - name: filter
          in: query
          content:
            application/json:
              schema: {nullable: true}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {nullable: true}
            encoding:
              file:
                headers:
                  X-Part: {schema: {nullable: true}}
      responses:
        "200":
          description: ok
          headers:
            X-Total: {schema: {nullable: true}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Typeless'}
      callbacks:
        done:
          '{$request.query.q}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: {nullable: true}
              responses:
                "204": {description: ok}
components:
  schemas:
    Typeless: {nullable: true}
    Nested:
      type: object
      properties:
        a/b~c: {nullable: true}
      additionalProperties: {nullable: true}
    List:
      type: array
      items: {nullable: true}
    Composed:
      allOf: [{nullable: true}]
      anyOf: [{type: string}, {nullable: true}]
      oneOf: [{nullable: true}]
      not: {nullable: true}
  parameters:
    Limit: {name: limit, in: query, schema: {nullable: true}}
  headers:
    X-Id: {schema: {nullable: true}}
  requestBodies:
    Body:
      content:
        application/json:
          schema: {nullable: true}
  responses:
    Gone:
      description: gone
      headers:
        X-Why: {schema: {nullable: true}}
      content:
        application/json:
          schema: {nullable: true}
`

// TestNullableWithoutTypeEverywhere checks that the walk reaches every place a schema can be
// written, and that the rule names each one by its JSON pointer, once.
func TestNullableWithoutTypeEverywhere(t *testing.T) {
	want := []string{
		"#/components/schemas/Composed/allOf/0",
		"#/components/schemas/Composed/anyOf/1",
		"#/components/schemas/Composed/not",
		"#/components/schemas/Composed/oneOf/0",
		"#/components/schemas/List/items",
		"#/components/schemas/Nested/additionalProperties",
		"#/components/schemas/Nested/properties/a~1b~0c",
		"#/components/schemas/Typeless",
		"#/components/parameters/Limit/schema",
		"#/components/headers/X-Id/schema",
		"#/components/requestBodies/Body/content/application~1json/schema",
		"#/components/responses/Gone/content/application~1json/schema",
		"#/components/responses/Gone/headers/X-Why/schema",
		"#/paths/~1things~1{id}/parameters/0/schema",
		"#/paths/~1things~1{id}/post/parameters/0/schema",
		"#/paths/~1things~1{id}/post/parameters/1/content/application~1json/schema",
		"#/paths/~1things~1{id}/post/requestBody/content/multipart~1form-data/encoding/file/headers/X-Part/schema",
		"#/paths/~1things~1{id}/post/requestBody/content/multipart~1form-data/schema/properties/file",
		"#/paths/~1things~1{id}/post/responses/200/headers/X-Total/schema",
		"#/paths/~1things~1{id}/post/callbacks/done/{$request.query.q}/post/requestBody/content/application~1json/schema",
	}
	slices.Sort(want)
	var got []string
	for _, p := range schemaProblems(t, everywhere) {
		if p.Rule != ruleNullableWithoutType {
			t.Errorf("unexpected %v", p)
			continue
		}
		got = append(got, p.Pointer)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("pointers reported:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestSchemaRulesRefuse gives each rule a schema that breaks it and checks the one problem
// reported: its rule, its pointer and the reason in its message.
func TestSchemaRulesRefuse(t *testing.T) {
	tests := []struct {
		name    string
		schemas string // components.schemas, indented by four spaces
		pointer string
		rule    string
		reason  string
	}{
		{
			name:    "nullable without type in an anyOf branch",
			schemas: "    Value:\n      anyOf: [{type: string}, {nullable: true}]\n",
			pointer: "#/components/schemas/Value/anyOf/1",
			rule:    ruleNullableWithoutType,
			reason:  "without a type",
		},
		{
			name:    "nullable without type beside a oneOf",
			schemas: "    Value:\n      nullable: true\n      oneOf: [{type: string}, {type: number}]\n",
			pointer: "#/components/schemas/Value",
			rule:    ruleNullableWithoutType,
			reason:  "without a type",
		},
		{
			name:    "nullable enum without null",
			schemas: "    Status:\n      type: string\n      nullable: true\n      enum: [on, off]\n",
			pointer: "#/components/schemas/Status",
			rule:    ruleNullRejected,
			reason:  "its enum has no null",
		},
		{
			name: "nullable allOf of a schema that is not",
			schemas: "    Geo:\n      type: object\n      properties: {lat: {type: number}}\n" +
				"    Holder:\n      type: object\n      properties:\n        geo:\n" +
				"          type: object\n          nullable: true\n          allOf: [{$ref: '#/components/schemas/Geo'}]\n",
			pointer: "#/components/schemas/Holder/properties/geo",
			rule:    ruleNullRejected,
			reason:  "allOf/0 does not admit null",
		},
		{
			name:    "nullable anyOf whose branches are not",
			schemas: "    Value:\n      type: object\n      nullable: true\n      anyOf: [{type: object, required: [a]}, {type: object, required: [b]}]\n",
			pointer: "#/components/schemas/Value",
			rule:    ruleNullRejected,
			reason:  "no anyOf branch admits null",
		},
		{
			name: "nullable oneOf with two nullable branches",
			schemas: "    Value:\n      type: object\n      nullable: true\n      oneOf:\n" +
				"        - {type: object, nullable: true, required: [a]}\n        - {type: object, nullable: true, required: [b]}\n",
			pointer: "#/components/schemas/Value",
			rule:    ruleNullRejected,
			reason:  "2 oneOf branches admit null",
		},
		{
			name:    "nullable with a not that admits null",
			schemas: "    Value:\n      type: string\n      nullable: true\n      not: {type: string, nullable: true, enum: [x, null]}\n",
			pointer: "#/components/schemas/Value",
			rule:    ruleNullRejected,
			reason:  "its not admits null",
		},
		{
			name: "nullable beside a $ref",
			schemas: "    Geo: {type: object}\n" +
				"    Holder:\n      type: object\n      properties:\n        geo:\n" +
				"          $ref: '#/components/schemas/Geo'\n          nullable: true\n",
			pointer: "#/components/schemas/Holder/properties/geo",
			rule:    ruleRefSiblings,
			reason:  "nullable beside $ref #/components/schemas/Geo",
		},
		{
			name: "description beside a $ref",
			schemas: "    Geo: {type: object}\n" +
				"    Holder:\n      type: array\n      items:\n" +
				"        $ref: '#/components/schemas/Geo'\n        description: Where.\n        x-go-name: Where\n",
			pointer: "#/components/schemas/Holder/items",
			rule:    ruleRefSiblings,
			reason:  "description beside $ref",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := schemaProblems(t, schemasDoc(tt.schemas))
			if len(problems) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(problems), problems)
			}
			p := problems[0]
			if p.Pointer != tt.pointer || p.Rule != tt.rule {
				t.Errorf("problem at %s (%s), want at %s (%s)", p.Pointer, p.Rule, tt.pointer, tt.rule)
			}
			msg := p.Error()
			if !strings.HasPrefix(msg, tt.pointer+": "+tt.rule+": ") || !strings.Contains(msg, tt.reason) {
				t.Errorf("message %q, want it to start with the pointer and rule and to say %q", msg, tt.reason)
			}
		})
	}
}

// TestSchemaRulesAccept checks schemas that every tool reads the same way: none is refused.
func TestSchemaRulesAccept(t *testing.T) {
	tests := []struct {
		name    string
		schemas string // components.schemas, indented by four spaces
	}{
		{"nullable beside its type", "    Name: {type: string, nullable: true}\n"},
		{"one nullable typed anyOf branch", "    Value:\n      anyOf: [{type: string, nullable: true}, {type: number}]\n"},
		{"nullable enum that lists null", "    Status: {type: string, nullable: true, enum: [on, off, null]}\n"},
		{
			"nullable allOf of a nullable schema",
			"    Geo: {type: object, nullable: true}\n" +
				"    Holder:\n      type: object\n      nullable: true\n      allOf: [{$ref: '#/components/schemas/Geo'}]\n",
		},
		{
			"nullable oneOf with one nullable branch",
			"    Value:\n      type: object\n      nullable: true\n      oneOf:\n" +
				"        - {type: object, nullable: true, required: [a]}\n        - {type: object, required: [b]}\n",
		},
		{
			"extension beside a $ref, and a cycle",
			"    Node:\n      type: object\n      nullable: true\n" +
				"      allOf: [{$ref: '#/components/schemas/Tree'}]\n" +
				"    Tree:\n      type: object\n      nullable: true\n      properties:\n" +
				"        child:\n          $ref: '#/components/schemas/Node'\n          x-go-type-skip-optional-pointer: true\n" +
				"      allOf: [{$ref: '#/components/schemas/Node'}]\n",
		},
		{"nullable false without type", "    Anything: {nullable: false}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if problems := schemaProblems(t, schemasDoc(tt.schemas)); len(problems) != 0 {
				t.Errorf("refused: %v", problems)
			}
		})
	}
}

// TestSchemaRuleThroughRun checks that the command prints a schema rule's problem with its
// pointer and fails.
func TestSchemaRuleThroughRun(t *testing.T) {
	path := writeSpec(t, schemasDoc("    Value:\n      anyOf: [{type: string}, {nullable: true}]\n"))
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{path}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	want := "  - #/components/schemas/Value/anyOf/1: " + ruleNullableWithoutType + ": "
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not contain %q:\n%s", want, stderr.String())
	}
}

// schemasDoc is a minimal OpenAPI 3.0.3 document with the given components.schemas.
func schemasDoc(schemas string) string {
	return "openapi: 3.0.3\ninfo: {title: rules, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n" + schemas
}

// schemaProblems runs check on spec and returns its schema rules' problems. Any other problem
// fails the test: each spec here is one that kin-openapi alone accepts.
func schemaProblems(t *testing.T, spec string) []*schemaProblem {
	t.Helper()
	var out []*schemaProblem
	for _, err := range check(context.Background(), writeSpec(t, spec)) {
		var p *schemaProblem
		if !errors.As(err, &p) {
			t.Fatalf("kin-openapi refused the test's spec: %v\n%s", err, spec)
		}
		out = append(out, p)
	}
	return out
}

func writeSpec(t *testing.T, spec string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
