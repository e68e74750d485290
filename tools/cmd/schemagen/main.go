// Command schemagen writes the code that follows api/openapi.yaml beyond package gen:
// internal/schema/schema.gen.go, a description of the waitlist's schema (every field of every
// object, with its JSON and Go names, offset, type, format, enum, nullability, default, pattern
// and bounds, and the spec's example error bodies), and client/types.gen.go, client's aliases of
// gen's types and enum constants.
//
// It reads the spec with kin-openapi and gen's types by reflection, so it is built against the
// freshly generated gen package. The root generate.go runs it after oapi-codegen:
//
//	go -C tools run ./cmd/schemagen -spec ../api/openapi.yaml -schema ../internal/schema/schema.gen.go -client ../client/types.gen.go
package main

import (
	"flag"
	"fmt"
	"os"
	"reflect"

	"github.com/fanfare-go/fanfare/gen"
)

// root is the type of one entry of the response; the types of its fields follow.
var root = reflect.TypeFor[gen.WaitlistConsumer]()

func main() {
	spec := flag.String("spec", "api/openapi.yaml", "the spec to read")
	schemaOut := flag.String("schema", "internal/schema/schema.gen.go", "the schema description to write")
	clientOut := flag.String("client", "client/types.gen.go", "client's aliases to write")
	flag.Parse()
	if err := run(*spec, *schemaOut, *clientOut); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(spec, schemaOut, clientOut string) error {
	doc, err := load(spec)
	if err != nil {
		return err
	}
	desc, err := Describe(doc, root)
	if err != nil {
		return err
	}
	src, err := desc.Source()
	if err != nil {
		return err
	}
	aliases, err := Aliases(doc)
	if err != nil {
		return err
	}
	if err := os.WriteFile(schemaOut, src, 0o644); err != nil { //nolint:gosec // G306: a source file, readable like the others
		return err
	}
	return os.WriteFile(clientOut, aliases, 0o644) //nolint:gosec // G306: a source file, readable like the others
}
