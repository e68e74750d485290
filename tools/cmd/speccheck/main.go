// Command speccheck validates the SDK's OpenAPI document with kin-openapi.
//
// Usage:
//
//	speccheck path/to/openapi.yaml
//
// It loads the document (resolving every $ref), requires OpenAPI 3.0.3, and validates the
// structure, the schema formats (uuid, email and decimal defined) and every example against its
// schema. Then it applies, to every schema in the document, the rules that kin-openapi does not
// enforce but that other tools read differently, naming each schema by its JSON pointer:
//
//   - nullable-without-type: `nullable: true` with no `type` beside it;
//   - nullable-but-null-rejected: a nullable schema whose enum, allOf, anyOf, oneOf or not
//     rejects null;
//   - ref-siblings: keywords other than extensions beside a schema's `$ref`.
//
// It prints each problem and exits 1 when there is any, or 2 on a usage error.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		_, _ = fmt.Fprintln(stderr, "usage: speccheck path/to/openapi.yaml")
		return 2
	}
	path := args[0]
	problems := check(ctx, path)
	if len(problems) > 0 {
		_, _ = fmt.Fprintf(stderr, "speccheck: %s is not valid (%d problem(s)):\n", path, len(problems))
		for _, p := range problems {
			_, _ = fmt.Fprintf(stderr, "  - %v\n", p)
		}
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "speccheck: %s is valid OpenAPI %s (examples, formats and schema rules checked)\n", path, wantVersion)
	return 0
}
