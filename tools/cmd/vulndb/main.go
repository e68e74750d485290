// Command vulndb turns a directory of Go vulnerability OSV entries (such as data/osv in the
// golang.org/x/vulndb module, which the Go module proxy serves) into a vulnerability database in
// the v1 layout that govulncheck reads with -db file:///path (https://go.dev/security/vuln/database#api):
//
//	index/db.json       {"modified": <newest entry's modification time>}
//	index/modules.json  [{"path": module, "vulns": [{"id", "modified", "fixed"}]}]
//	ID/<id>.json        each OSV entry, as it was
//
// It lets tools/scripts/lint.sh run govulncheck where vuln.go.dev cannot be reached.
//
// Usage:
//
//	vulndb build -osv DIR -out DIR [-modified RFC3339]
//	vulndb reachable [-timeout 5s] URL    (exit 0 when URL/index/db.json.gz answers 200 OK)
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  vulndb build -osv DIR -out DIR [-modified RFC3339]
  vulndb reachable [-timeout 5s] URL`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		_, _ = fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		fs.SetOutput(stderr)
		osvDir := fs.String("osv", "", "directory of OSV entries named <ID>.json")
		outDir := fs.String("out", "", "directory to write the database to (created; must be empty)")
		modified := fs.String("modified", "", "RFC 3339 time for entries whose own modification time is unset")
		if err := fs.Parse(args[1:]); err != nil || *osvDir == "" || *outDir == "" || fs.NArg() != 0 {
			_, _ = fmt.Fprintln(stderr, usage)
			return 2
		}
		var fallback time.Time
		if *modified != "" {
			t, err := time.Parse(time.RFC3339, *modified)
			if err != nil {
				_, _ = fmt.Fprintf(stderr, "vulndb: -modified: %v\n", err)
				return 2
			}
			fallback = t
		}
		n, err := build(*osvDir, *outDir, fallback)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "vulndb: %v\n", err)
			return 1
		}
		_, _ = fmt.Fprintf(stdout, "vulndb: wrote %d entries to %s\n", n, *outDir)
		return 0
	case "reachable":
		fs := flag.NewFlagSet("reachable", flag.ContinueOnError)
		fs.SetOutput(stderr)
		timeout := fs.Duration("timeout", defaultProbeTimeout, "how long to wait for an answer")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
			_, _ = fmt.Fprintln(stderr, usage)
			return 2
		}
		if err := reachable(ctx, fs.Arg(0), *timeout); err != nil {
			_, _ = fmt.Fprintf(stderr, "vulndb: %v\n", err)
			return 1
		}
		return 0
	default:
		_, _ = fmt.Fprintln(stderr, usage)
		return 2
	}
}
