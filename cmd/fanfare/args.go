package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// commonFlags are the flags every waitlist command takes.
type commonFlags struct {
	demo        bool
	demoEntries int
	demoSeed    int64
	demoPage    int // --demo-page-size: 0 for the bare array
	timeout     time.Duration
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&c.timeout, "timeout", client.DefaultTimeout,
		"how long to wait for the response headers, then for each read of more of the body (0: no bound)")
	fs.BoolVar(&c.demo, "demo", false, "run against an in-process fake seeded with synthetic data (no key needed)")
	c.demoEntries = 240
	fs.Var((*countValue)(&c.demoEntries), "demo-entries", "with --demo, the `number` of synthetic entries on the waitlist (0 or more)")
	// Any seed is a seed, negative ones included.
	fs.Int64Var(&c.demoSeed, "demo-seed", 1, "with --demo, the `seed` of the synthetic data")
	fs.Var((*countValue)(&c.demoPage), "demo-page-size", "with --demo, serve the waitlist in pages of `number` entries, as Fanfare's paged lists (0: one bare array)")
}

// countValue is an int flag that counts something: a whole number, 0 or more. Its parse
// errors are one line, like the flag package's own.
type countValue int

// Set parses a decimal count.
func (c *countValue) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, strconv.IntSize)
	switch {
	case errors.Is(err, strconv.ErrRange) && strings.HasPrefix(s, "-"):
		return errors.New("must not be negative")
	case errors.Is(err, strconv.ErrRange):
		return errors.New("too large")
	case err != nil:
		return errors.New("not a whole number")
	case n < 0:
		return errors.New("must not be negative")
	}
	*c = countValue(n)
	return nil
}

// String is the count in decimal.
func (c *countValue) String() string {
	if c == nil {
		return "0"
	}
	return strconv.Itoa(int(*c))
}

// check refuses flag values that no command can run with.
func (c *commonFlags) check() error {
	if c.timeout < 0 {
		return fmt.Errorf("--timeout %s: must not be negative (0 turns the bound off)", c.timeout)
	}
	return nil
}

// errHelp is returned by parseArgs when --help was asked for (and printed).
var errHelp = errors.New("help requested")

// parseArgs parses args with fs, allowing flags before and after the positional arguments
// ("consumers demo --demo" as well as "consumers --demo demo"); everything after "--" is
// positional. It returns exactly want positional arguments, named by names for the errors.
// --help prints usage to stdout and returns errHelp.
func parseArgs(fs *flag.FlagSet, args []string, usage string, stdout io.Writer, names ...string) ([]string, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			printDefaults(fs, stdout)
			return nil, errHelp
		}
		return nil, err
	}
	switch {
	case len(positional) < len(names):
		return nil, fmt.Errorf("missing %s", names[len(positional)])
	case len(positional) > len(names):
		return nil, fmt.Errorf("unexpected argument %q", positional[len(names)])
	}
	return positional, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// printDefaults lists a command's flags, GNU style (--name).
func printDefaults(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintln(w, "\nFlags:")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if name != "" {
			head += " " + name
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%-28s %s%s\n", head, usage, def)
	})
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
