package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// helpChanges is the changes command's help, after its usage line.
const helpChanges = `Reports what changed on a sequence's waitlist since the last read: the entries added, changed
(any member differs: status, timestamps, consumer fields, members this version does not know)
and removed, by id. The state of the last read is kept in FILE: without it every entry is
reported as added (with --baseline, nothing is reported and FILE is written).

jsonl (the default) writes one change per line, the entry as the API sent it (without its
verification code unless --include-sensitive) and the status the state held:
  {"change":"added","id":ID,"entry":ENTRY}
  {"change":"changed","id":ID,"entry":ENTRY,"previous":{"status":STATUS}}
  {"change":"removed","id":ID,"previous":{"status":STATUS}}
Added and changed entries come in list order, then removed ones in the order of the last read.
An added or changed entry with a member whose value does not fit its type (a date-time that is
not one, a number sent as a string) is written as sent, with a warning on stderr naming the
entry and the member.

A read that would remove more than --max-removed of the last read's entries (by default more
than 50%, and always allowing 2) is refused: no removed line is written, FILE is kept as it
was, and the run exits 1 (a --watch goes on with the old state). A server that answers an
empty or partial list would otherwise have every pipeline fed by this command delete the
whole waitlist downstream. If the list really shrank, run once with the count it names, or
--max-removed 100%.

FILE is replaced (atomically) only once the whole list was read (every page of a paged answer)
and every change written and flushed: a failure, a crash or a kill leaves the last state, and the next run reports again
what was not confirmed. A FILE that is another sequence's, or is not an intact state, is
refused and left untouched. One run at a time uses FILE: it is locked (FILE.lock, left beside
it) and a second run fails at once. --watch repeats the read every DURATION (or less often, when the
rate limit says so) until SIGINT or SIGTERM, which let the current read finish and exit 0; a
second signal stops at once, leaving the last state.

With --demo, the fake's waitlist changes from one read to the next, from --demo-seed: the
first read gets --demo-generation (0 by default), every further read the next generation.

Examples:
  fanfare waitlist changes seq_123 --state seq_123.state --baseline
  fanfare waitlist changes seq_123 --state seq_123.state >> changes.jsonl
  fanfare waitlist changes seq_123 --state seq_123.state --watch 1m --format table
  fanfare waitlist changes demo --demo --state /tmp/demo.state --watch 2s --format table
`

// changesFlags are the changes command's flags.
type changesFlags struct {
	commonFlags
	state            string
	baseline         bool
	format           string
	includeSensitive bool
	watch            time.Duration
	demoGeneration   int
	maxRemoved       maxRemovedFlag
}

func (f *changesFlags) register(flags *flag.FlagSet) {
	f.commonFlags.register(flags)
	flags.StringVar(&f.state, "state", "", "the `file` that keeps the state of the last read (required)")
	flags.BoolVar(&f.baseline, "baseline", false, "write the state and report nothing")
	lowerVar(flags, &f.format, "format", "jsonl", "output `format`: jsonl or table")
	flags.BoolVar(&f.includeSensitive, "include-sensitive", false, "keep verification codes in the entries")
	flags.DurationVar(&f.watch, "watch", 0, "read again every `duration` (e.g. 1m) until SIGINT or SIGTERM")
	flags.Var(&f.maxRemoved, "max-removed", "refuse a read that would remove more than `N|P%` of the last read's entries (100% allows any)")
	flags.IntVar(&f.demoGeneration, "demo-generation", 0, "with --demo, the generation of the changing list the first read gets")
}

// check refuses flags that cannot work, before anything is read; watchGiven says whether
// --watch was.
func (f *changesFlags) check(watchGiven bool) error {
	switch {
	case f.state == "":
		return errors.New("--state FILE is required")
	case f.format != "jsonl" && f.format != "table":
		return fmt.Errorf("unknown format %q (want jsonl or table)", f.format)
	case watchGiven && f.watch <= 0:
		return fmt.Errorf("--watch needs a duration above zero, got %v", f.watch)
	}
	dir := filepath.Dir(f.state)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("--state %s: no directory %s to keep it in", f.state, dir)
	}
	if info, err := os.Stat(f.state); err == nil && info.IsDir() {
		return fmt.Errorf("--state %s is a directory", f.state)
	}
	return nil
}

// setupChanges registers the changes command's flags.
func setupChanges(flags *flag.FlagSet) runFunc {
	f := new(changesFlags)
	f.register(flags)
	return func(ctx context.Context, e env, args []string, usage func(error) int) int {
		watchGiven := false
		flags.Visit(func(fl *flag.Flag) { watchGiven = watchGiven || fl.Name == "watch" })
		if err := f.check(watchGiven); err != nil {
			return usage(err)
		}
		return runChanges(ctx, e, f, args[0])
	}
}

// runChanges runs the checked changes command: locks and loads the state, then reads.
func runChanges(ctx context.Context, e env, f *changesFlags, sequenceID string) int {
	unlock, err := lockState(f.state)
	if err != nil {
		fmt.Fprintln(e.stderr, "fanfare: "+oneLine(err.Error()))
		return exitFailure
	}
	defer unlock()
	prev, err := changes.LoadFile(f.state, sequenceID)
	if errors.Is(err, fs.ErrNotExist) {
		prev, err = changes.NewState(sequenceID), nil
	}
	if err != nil {
		return stateFailure(e, err)
	}
	c, done, err := connect(f.commonFlags, sequenceID, clienttest.Evolving(f.demoSeed), clienttest.AtGeneration(f.demoGeneration))
	if err != nil {
		return failure(e, err, sequenceID)
	}
	defer done()
	r := &changesRun{f: f, e: e, c: c, sequenceID: sequenceID, prev: prev, out: bufio.NewWriterSize(e.stdout, 64<<10)}
	r.w = newChangesFormatter(f.format, r.out, !f.includeSensitive)
	return r.loop(ctx)
}

// changesRun is one run of the changes command: a read, or one read per --watch interval.
type changesRun struct {
	f          *changesFlags
	e          env
	c          *client.Client
	sequenceID string
	prev       *changes.State
	out        *bufio.Writer
	w          changesFormatter
	fatal      bool // the last step failed to write the output or the state
}

// loop reads once, or with --watch until ctx ends (the first SIGINT or SIGTERM). A read, once
// begun, is not cut by ctx: it finishes, its changes are written and its state saved.
func (r *changesRun) loop(ctx context.Context) int {
	readCtx := context.WithoutCancel(ctx)
	for first := true; ; first = false {
		start := time.Now()
		stopNote := context.AfterFunc(ctx, func() {
			fmt.Fprintln(r.e.stderr, "fanfare: finishing this read before stopping (a second signal stops at once)")
		})
		code := r.step(readCtx, first && r.f.baseline)
		stopNote()
		if r.f.watch == 0 {
			return code
		}
		if code == exitUsage || (code != exitOK && r.fatal) {
			return code
		}
		if ctx.Err() != nil { // signalled during the read, which is done
			return exitOK
		}
		wait := time.NewTimer(time.Until(start.Add(r.f.watch)))
		select {
		case <-ctx.Done():
			wait.Stop()
			return exitOK
		case <-wait.C:
		}
	}
}

// step reads the list once, writes its changes (none with baseline), flushes them and saves the
// state, in that order. It returns the exit code of the read; r.fatal says that a watch cannot
// go on (the output or the state cannot be written).
func (r *changesRun) step(ctx context.Context, baseline bool) int {
	r.fatal = false
	d := changes.NewDiff(r.prev, r.f.maxRemoved.options()...)
	notFollowed := 0
	// Each change is written at once, so it may borrow the read buffer; cur is the change handed
	// to the writer, one for the whole read rather than a heap copy of each.
	var cur changes.Change
	written := 0
	for ch, err := range d.Read(ctx, r.c, client.WithBorrowedJSON()) {
		if err != nil {
			var elemErr *changes.ElementError
			var refused *changes.RemovalLimitError
			if errors.As(err, &refused) {
				_ = r.out.Flush()
				fmt.Fprintln(r.e.stderr, "fanfare: "+refusedRemovals(refused))
				return exitFailure
			}
			if !errors.As(err, &elemErr) {
				_ = r.out.Flush()
				return failure(r.e, err, r.sequenceID)
			}
			fmt.Fprintln(r.e.stderr, "fanfare: warning: "+oneLine(trimChanges(elemErr)))
			if errors.Is(elemErr, changes.ErrNoID) || errors.Is(elemErr, changes.ErrDuplicateID) {
				notFollowed++
			}
			continue
		}
		if baseline {
			continue
		}
		if ch.Kind != changes.Removed {
			warnFieldErrors(r.e, ch.Entry.Index, &ch.Entry.Entry)
		}
		cur = ch
		if err := r.w.change(&cur); err != nil {
			r.fatal = true
			return writeFailure(r.e, err)
		}
		written++
	}
	if r.f.watch > 0 && r.f.format == "table" {
		fmt.Fprint(r.out, readSeparator(time.Now(), written))
	}
	if err := r.flush(); err != nil {
		r.fatal = true
		return writeFailure(r.e, err)
	}
	next, err := d.Next()
	if err == nil {
		err = next.SaveFile(r.f.state)
	}
	if err != nil {
		r.fatal = true
		fmt.Fprintln(r.e.stderr, "fanfare: "+oneLine(trimChanges(err))+" (the changes above will be reported again)")
		return exitFailure
	}
	r.prev = next
	if notFollowed > 0 {
		fmt.Fprintf(r.e.stderr, "fanfare: %s could not be followed (no id, or the id of an earlier entry); the state was saved without them\n",
			plural(notFollowed, "waitlist entry", "waitlist entries"))
		return exitFailure
	}
	return exitOK
}

// flush hands the changes written to the output, and to the disk when it is a file: the state
// is saved only after them.
func (r *changesRun) flush() error {
	if err := r.out.Flush(); err != nil {
		return err
	}
	f, ok := r.e.stdout.(*os.File)
	if !ok {
		return nil
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil //nolint:nilerr // a pipe or a terminal: nothing to sync
	}
	return f.Sync()
}

// stateFailure explains a state file that cannot be used, and returns exit code 1.
func stateFailure(e env, err error) int {
	msg := trimChanges(err)
	switch {
	case errors.Is(err, changes.ErrForeignState):
		msg += "; it was left untouched: give this sequence a --state file of its own"
	case errors.Is(err, changes.ErrCorruptState), errors.Is(err, changes.ErrStateVersion):
		msg += "; it was left untouched: move it away to start afresh (every entry is then reported as added)"
	}
	fmt.Fprintln(e.stderr, "fanfare: "+oneLine(msg))
	return exitFailure
}

// trimChanges drops the changes package's "changes: " prefix, which the CLI replaces with its own.
func trimChanges(err error) string {
	return strings.TrimPrefix(err.Error(), "changes: ")
}
