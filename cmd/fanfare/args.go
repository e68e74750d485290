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

// lowerValue is a string flag whose values are names from a fixed list (formats, modes): it is
// kept in lower case, so that --format CSV is --format csv, as --status Notified is notified.
type lowerValue string

// lowerVar defines a lowerValue flag with the default def.
func lowerVar(fs *flag.FlagSet, p *string, name, def, usage string) {
	*p = def
	fs.Var((*lowerValue)(p), name, usage)
}

// Set keeps s in lower case.
func (v *lowerValue) Set(s string) error {
	*v = lowerValue(strings.ToLower(strings.TrimSpace(s)))
	return nil
}

// String is the value.
func (v *lowerValue) String() string {
	if v == nil {
		return ""
	}
	return string(*v)
}

// listValue is a flag of comma-separated items that may be repeated: --status notified
// --status converted is --status notified,converted.
type listValue []string

// Set adds the items of s.
func (v *listValue) Set(s string) error {
	*v = append(*v, splitList(s)...)
	return nil
}

// String is the items, comma-separated.
func (v *listValue) String() string {
	if v == nil {
		return ""
	}
	return strings.Join(*v, ",")
}

// durationValue wraps a duration flag so that a value that is not a duration says what one
// looks like.
type durationValue struct{ flag.Value }

// Set refuses what time.ParseDuration does not read, with examples, then sets the duration.
func (v durationValue) Set(s string) error {
	if _, err := time.ParseDuration(s); err != nil {
		if _, numErr := strconv.ParseFloat(s, 64); numErr == nil {
			return fmt.Errorf("a duration needs a unit: %ss, %sm or %sh", s, s, s)
		}
		return errors.New("not a duration: want a number with a unit, such as 30s, 5m or 1h30m")
	}
	return v.Value.Set(s)
}

// Get is the duration.
func (v durationValue) Get() any { return v.Value.(flag.Getter).Get() }

// isDurationFlag reports whether f holds a time.Duration and is not wrapped yet.
func isDurationFlag(f *flag.Flag) bool {
	if _, wrapped := f.Value.(durationValue); wrapped {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	_, ok = g.Get().(time.Duration)
	return ok
}

// dashes shows the flags in the flag package's errors as the CLI spells them, --name.
func dashes(err error) error {
	msg := err.Error()
	for _, r := range []struct{ old, new string }{
		{" for flag -", " for flag --"},
		{"not defined: -", "not defined: --"},
		{"needs an argument: -", "needs an argument: --"},
		{" for -", " for --"},
	} {
		msg = strings.Replace(msg, r.old, r.new, 1)
	}
	return errors.New(msg)
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
	fs.VisitAll(func(f *flag.Flag) {
		if isDurationFlag(f) {
			f.Value = durationValue{f.Value}
		}
	})
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
		return nil, dashes(err)
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
		if _, ok := f.Value.(durationValue); ok && name == "value" {
			name = "duration"
		}
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
