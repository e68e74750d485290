// Command fanfare reads the waitlists of Fanfare sequences from the command line.
//
//	fanfare waitlist consumers SEQUENCE_ID [--status s1,s2] [--format table|json|jsonl|csv] [--fields …]
//	fanfare waitlist summary SEQUENCE_ID [--format text|json]
//	fanfare waitlist changes SEQUENCE_ID --state FILE [--baseline] [--format jsonl|table] [--watch DURATION]
//
// The secret key is read from $FANFARE_SECRET_KEY and the base URL from $FANFARE_BASE_URL.
// --demo runs against an in-process fake seeded with synthetic data, with no key:
//
//	go run ./cmd/fanfare waitlist consumers demo --demo
//
// fanfare --version prints the module version it was built from.
//
// Exit codes: 0 success, 1 an API or network error, 2 a usage error.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop) // the first signal ends ctx; a second one ends the process
	code := run(ctx, os.Args[1:], newEnv())
	stop()
	os.Exit(code)
}

// env is what a run of the command sees of the world: its output streams and environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// stdoutIsTerminal and stderrIsTerminal decide whether progress is shown.
	stdoutIsTerminal, stderrIsTerminal bool
}

func newEnv() env {
	return env{
		stdout:           os.Stdout,
		stderr:           os.Stderr,
		getenv:           os.Getenv,
		stdoutIsTerminal: isTerminal(os.Stdout),
		stderrIsTerminal: isTerminal(os.Stderr),
	}
}

// isTerminal reports whether f is a character device (a terminal), without x/term.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// usageTop is fanfare's help.
func usageTop() string {
	return `fanfare reads the waitlists of Fanfare sequences.

Usage:
` + commandList() + `
Run 'fanfare waitlist COMMAND --help' for a command's flags.
'fanfare --version' prints the version of this build.

Environment:
  FANFARE_SECRET_KEY   the organisation's secret key (sk_live_… or sk_test_…)
  FANFARE_BASE_URL     the API's base URL (default https://admin.fanfare.io/api)

Try it without a key:
  fanfare waitlist consumers demo --demo

Exit codes: 0 success, 1 API or network error, 2 usage error.
`
}

// usageWaitlist is the help of "fanfare waitlist".
func usageWaitlist() string {
	return "Usage:\n" + commandList() + "\nRun 'fanfare waitlist COMMAND --help' for a command's flags.\n"
}

// run runs the command line args and returns the exit code. It never panics: an unexpected
// failure is one line on stderr and exit code 1.
func run(ctx context.Context, args []string, e env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(e.stderr, "fanfare: internal error: %v\n", r)
			code = exitFailure
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usageTop())
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, usageTop())
		return exitOK
	case "-version", "--version":
		printVersion(e.stdout)
		return exitOK
	case "waitlist":
	default:
		return usageError(e, fmt.Errorf("unknown command %q", args[0]), "fanfare --help")
	}
	if len(args) == 1 {
		fmt.Fprint(e.stderr, usageWaitlist())
		return exitUsage
	}
	switch args[1] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, usageWaitlist())
		return exitOK
	}
	if c := lookupCommand(args[1]); c != nil {
		return c.run(ctx, args[2:], e)
	}
	return usageError(e, fmt.Errorf("unknown command \"waitlist %s\"", args[1]), "fanfare waitlist --help")
}
