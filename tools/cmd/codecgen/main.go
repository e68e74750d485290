// Command codecgen writes internal/codec/waitlist.gen.go: reflection-free JSON decoders for the
// waitlist's types in package gen, which follow encoding/json's rules exactly or give up (see
// package internal/codec).
//
// It reads the types by reflection, so it is built against the freshly generated gen package
// and never against the code it writes. The root generate.go runs it after oapi-codegen:
//
//	go -C tools run ./cmd/codecgen -o ../internal/codec/waitlist.gen.go
package main

import (
	"flag"
	"fmt"
	"os"
	"reflect"

	"github.com/fanfare-go/fanfare/gen"
)

// roots are the types decoded from a response; the types of their fields follow.
var roots = []reflect.Type{reflect.TypeFor[gen.WaitlistConsumer]()}

func main() {
	out := flag.String("o", "waitlist.gen.go", "the file to write")
	flag.Parse()
	src, err := Generate(roots)
	if err != nil {
		fmt.Fprintln(os.Stderr, "codecgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil { //nolint:gosec // G306: a source file, readable like the others
		fmt.Fprintln(os.Stderr, "codecgen:", err)
		os.Exit(1)
	}
}
