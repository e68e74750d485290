// Command prismcheck reads random responses of a Prism mock server (`prism mock -d` on
// api/openapi.yaml) with the SDK: for every documented status of the endpoint (and 503 for the
// `default` response), N responses, each asked for with `Prefer: code=S, dynamic=true`.
//
// Usage:
//
//	prismcheck -url http://127.0.0.1:4010 [-n 50] [-spec api/openapi.yaml]
//
// Each response must be Prism's own rendering of the spec (never its error document, which is
// what a crash of its data faker answers) and must read as documented: a 200 as a list of
// entries with no error, any other status as an *client.APIError with that status, the error
// body's `error` member, and the sentinel of its status. It prints a line per status and each
// failure, and exits 1 on any failure, 2 on misuse.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
