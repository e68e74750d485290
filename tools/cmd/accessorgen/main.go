// Command accessorgen writes gen/accessors.gen.go: nil-safe getters for the optional fields of
// the spec's types in package gen, in go-github's style (GetEmail() string), and parsed-time
// helpers for the timestamps the spec declares as plain strings (GetEnteredAtTime()).
//
// It reads the types from gen's generated source, not by importing gen, so that a field the spec
// drops never leaves it unable to build against the getters it wrote before. The root
// generate.go runs it after oapi-codegen:
//
//	go -C tools run ./cmd/accessorgen -in ../gen/fanfare.gen.go -o ../gen/accessors.gen.go
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	in := flag.String("in", "fanfare.gen.go", "gen's generated source, to read the types from")
	out := flag.String("o", "accessors.gen.go", "the file to write")
	flag.Parse()
	src, err := os.ReadFile(*in)
	if err == nil {
		src, err = Generate(src)
	}
	if err == nil {
		err = os.WriteFile(*out, src, 0o644) //nolint:gosec // G306: a source file, readable like the others
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "accessorgen:", err)
		os.Exit(1)
	}
}
