package main

import (
	"context"
	"fmt"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
)

// wantVersion is the only OpenAPI version the SDK's spec may declare (see DESIGN.md, "The spec").
const wantVersion = "3.0.3"

// check loads the OpenAPI document at path and validates it: the declared version, every $ref,
// the document's structure, schema formats and every example against its schema (kin-openapi),
// then the schema rules that keep every tool reading it the same way (see schemarules.go). It
// returns one error per problem found, or nil when the document is sound.
func check(ctx context.Context, path string) []error {
	data, err := os.ReadFile(path) //nolint:gosec // reading the file named on the command line is the point
	if err != nil {
		return []error{fmt.Errorf("read spec: %w", err)}
	}

	defineFormats()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return []error{fmt.Errorf("load %s: %w", path, err)}
	}

	var problems []error
	if doc.OpenAPI != wantVersion {
		problems = append(problems,
			fmt.Errorf("openapi version is %q, want %q (oapi-codegen and kin-openapi handle 3.0 fully)",
				doc.OpenAPI, wantVersion))
	}

	err = doc.Validate(ctx,
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableMultiError(),
	)
	problems = append(problems, flatten(err)...)
	problems = append(problems, checkSchemas(doc)...)
	return problems
}

// flatten turns kin-openapi's (possibly nested) MultiError into a flat list of errors, so that
// each problem is reported on its own line.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	me, ok := err.(openapi3.MultiError) //nolint:errorlint // only a MultiError at the top is split
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range me {
		out = append(out, flatten(e)...)
	}
	return out
}
