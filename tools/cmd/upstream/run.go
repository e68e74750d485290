package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fanfare-go/fanfare/tools/upstream"
)

const usage = `usage:
  upstream extract FILE
  upstream pin [-root DIR] [-commit SHA] [-repository OWNER/NAME] [-file PATH] FILE
  upstream check [-root DIR]
  upstream diff OLD NEW`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		_, _ = fmt.Fprintln(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) int{
		"extract": extract, "pin": pin, "check": check, "diff": diff,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		_, _ = fmt.Fprintf(stderr, "upstream: unknown command %q\n%s\n", args[0], usage)
		return 2
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// newFlags makes a command's flag set, writing its errors to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("upstream "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { _, _ = fmt.Fprintln(stderr, usage) }
	return fs
}

// extract prints the canonical slice of FILE.
func extract(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("extract", stderr)
	if fs.Parse(args) != nil || fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	s, err := upstream.ReadSlice(fs.Arg(0))
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream extract: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(s.Canonical()); err != nil {
		return 1
	}
	return 0
}

// pin writes the slice of FILE and its lock into the repository's api/upstream.
func pin(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pin", stderr)
	root := fs.String("root", "", "the repository's root (default: found from the working directory)")
	commit := fs.String("commit", "", "the commit FILE was read at (default: FILE's source.commit)")
	repository := fs.String("repository", upstream.DefaultRepository, "the repository of the published document")
	file := fs.String("file", upstream.DefaultFile, "the published document's path in that repository")
	if fs.Parse(args) != nil || fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	s, err := upstream.ReadSlice(fs.Arg(0))
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream pin: %v\n", err)
		return 1
	}
	if *commit == "" {
		*commit, _ = s.Source["commit"].(string)
	}
	if *commit == "" {
		_, _ = fmt.Fprintln(stderr, "upstream pin: FILE records no commit: say which with -commit")
		return 2
	}
	dir, err := findRoot(*root)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream pin: %v\n", err)
		return 2
	}
	l, err := upstream.Pin(filepath.Join(dir, upstream.PinDir), s, *repository, *file, *commit)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream pin: %v\n", err)
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "upstream pin: %s@%s, %s, sha256 %s\n", l.Repository, l.Commit, l.Endpoint, l.SHA256)
	return 0
}

// check prints check's findings.
func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	root := fs.String("root", "", "the repository's root (default: found from the working directory)")
	if fs.Parse(args) != nil || fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	dir, err := findRoot(*root)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream check: %v\n", err)
		return 2
	}
	findings, err := upstream.CheckRepo(ctx, dir)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream check: %v\n", err)
		return 1
	}
	if len(findings) > 0 {
		_, _ = fmt.Fprintf(stdout, "upstream check: %s does not cover the pinned upstream slice (%d finding(s); deliberate differences go in %s/%s, one reason each):\n",
			upstream.SpecFile, len(findings), upstream.PinDir, upstream.AllowlistFile)
		for _, f := range findings {
			_, _ = fmt.Fprintln(stdout, f)
		}
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "upstream check: OK, %s covers the pinned upstream slice (lock and hash agree)\n", upstream.SpecFile)
	return 0
}

// diff prints the Markdown report of what changed from OLD to NEW; its exit code says how.
func diff(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", stderr)
	if fs.Parse(args) != nil || fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	old, err := upstream.ReadSlice(fs.Arg(0))
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream diff: %v\n", err)
		return 2
	}
	next, err := upstream.ReadSlice(fs.Arg(1))
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "upstream diff: %v\n", err)
		return 2
	}
	changes := upstream.Diff(old, next)
	if err := upstream.WriteReport(stdout, old, next, changes); err != nil {
		return 2
	}
	return upstream.DiffCode(changes)
}

// findRoot returns dir, or the nearest directory at or above the working directory that holds
// api/openapi.yaml.
func findRoot(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, upstream.SpecFile)); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no " + upstream.SpecFile + " at or above " + wd + ": say where with -root")
		}
	}
}
