package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
)

// command is one of the CLI's commands, as data: its name under "fanfare waitlist", how it is
// called, what it does, and its flags with what runs on them.
type command struct {
	name  string   // "consumers"
	args  []string // its positional arguments, by name: SEQUENCE_ID
	line  string   // the rest of its usage line, after the arguments: "[flags]"
	short string   // what it does, for the list of commands
	long  string   // its help, after the usage line and before the flags
	// setup registers the command's flags on fs and returns what runs the command once they
	// are parsed: with the positional arguments, and usage to report a usage error.
	setup func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command with its parsed positional arguments; usage reports a usage error
// (one line, exit 2) and returns its exit code.
type runFunc func(ctx context.Context, e env, args []string, usage func(error) int) int

// waitlistCommands are the commands under "fanfare waitlist", in the order help lists them.
var waitlistCommands = []*command{
	{name: "consumers", args: []string{"SEQUENCE_ID"}, line: "[flags]", short: "list the entries on a waitlist",
		long: helpConsumers, setup: setupConsumers},
	{name: "summary", args: []string{"SEQUENCE_ID"}, line: "[flags]", short: "counts by status, time to notification, entries per day",
		long: helpSummary, setup: setupSummary},
	{name: "changes", args: []string{"SEQUENCE_ID"}, line: "--state FILE [flags]", short: "what was added, changed and removed since the last read",
		long: helpChanges, setup: setupChanges},
}

// usageLine is how the command is called: "fanfare waitlist consumers SEQUENCE_ID [flags]".
func (c *command) usageLine() string {
	return strings.Join(append(append([]string{"fanfare", "waitlist", c.name}, c.args...), c.line), " ")
}

// help is the command's --help text, before its flags.
func (c *command) help() string {
	return "Usage:\n  " + c.usageLine() + "\n\n" + c.long
}

// run parses the command's arguments and runs it.
func (c *command) run(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	runCmd := c.setup(fs)
	usage := func(err error) int { return usageError(e, err, "fanfare waitlist "+c.name+" --help") }
	pos, err := parseArgs(fs, args, c.help(), e.stdout, c.args...)
	switch {
	case errors.Is(err, errHelp):
		return exitOK
	case err != nil:
		return usage(err)
	}
	return runCmd(ctx, e, pos, usage)
}

// lookupCommand returns the waitlist command called name, or nil.
func lookupCommand(name string) *command {
	for _, c := range waitlistCommands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// commandList is the list of commands with what they do, aligned, for the help texts.
func commandList() string {
	width := 0
	for _, c := range waitlistCommands {
		width = max(width, len(c.usageLine()))
	}
	var b strings.Builder
	for _, c := range waitlistCommands {
		fmt.Fprintf(&b, "  %-*s   %s\n", width, c.usageLine(), c.short)
	}
	return b.String()
}
