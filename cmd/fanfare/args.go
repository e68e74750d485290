package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// commonFlags are the flags every waitlist command takes.
type commonFlags struct {
	demo        bool
	demoEntries int
	demoSeed    int64
	timeout     time.Duration
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&c.timeout, "timeout", client.DefaultTimeout,
		"how long to wait for the response headers, then for each read of more of the body (0: no bound)")
	fs.BoolVar(&c.demo, "demo", false, "run against an in-process fake seeded with synthetic data (no key needed)")
	fs.IntVar(&c.demoEntries, "demo-entries", 240, "with --demo, how many synthetic entries the waitlist has")
	fs.Int64Var(&c.demoSeed, "demo-seed", 1, "with --demo, the seed of the synthetic data")
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
