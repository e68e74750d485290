package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/fanfare-go/fanfare/client"
)

// helpConsumers is the consumers command's help, after its usage line.
const helpConsumers = `Lists the entries on a sequence's waitlist. The list is streamed: entries are written as they
arrive, however long the waitlist is. Verification codes are never printed unless
--include-sensitive is given.

Fields are the entry's (id, organizationId, consumerId, waitlistId, status, enteredAt,
notifiedAt, updatedAt) and the consumer's, prefixed with "consumer." (consumer.email,
consumer.fullName, …; the prefix may be left out when the name is not an entry field), or the
path of any other member, known to this version or not (consumer.loyaltyTier,
consumer.metadata.tier): a warning says when no entry had it. unknownMembers is one column
holding the members this version does not know, as a JSON object keyed by their paths.
'all' selects every field, then unknownMembers. By default the table shows a few, csv every
one, and json and jsonl whole elements as the API sent them, byte for byte (white space aside),
members this version does not know included. With --fields, json and jsonl take each value
from those same bytes: a null stays null, and a field the API left out is left out.

A member whose value does not fit its type (a date-time that is not one, a number sent as a
string) is written as sent, with a warning on stderr naming the entry and the member. json and
jsonl without --fields or --status also write an element that is no entry (null, a string) as
sent, with a warning; otherwise it is left out and the exit status is 1.

Examples:
  fanfare waitlist consumers demo --demo
  fanfare waitlist consumers seq_123 --status notified,converted --format csv > notified.csv
  fanfare waitlist consumers seq_123 --format jsonl --fields id,status,email
`

// consumersFlags are the consumers command's own flags.
type consumersFlags struct {
	commonFlags
	format           string
	status           listValue
	fields           listValue
	includeSensitive bool
	progress         string
}

func (f *consumersFlags) register(fs *flag.FlagSet) {
	f.commonFlags.register(fs)
	lowerVar(fs, &f.format, "format", "table", "output `format`: table, json, jsonl or csv")
	fs.Var(&f.status, "status", "only entries with these `statuses`, comma-separated or repeated: "+statusList())
	fs.Var(&f.fields, "fields", "the `fields` to print, comma-separated or repeated, or 'all'")
	fs.BoolVar(&f.includeSensitive, "include-sensitive", false, "also print verification codes")
	lowerVar(fs, &f.progress, "progress", "auto", "progress on stderr: `auto` (when stderr is a terminal and stdout is not), always or never")
}

func statusList() string {
	var names []string
	for _, s := range client.WaitlistConsumerStatuses() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// consumersPlan is a validated consumers command: what to fetch and how to write it.
type consumersPlan struct {
	sequenceID string
	keep       map[client.WaitlistConsumerStatus]bool // nil: every status
	cols       []column                               // nil: whole entries (json, jsonl)
}

// setupConsumers registers the consumers command's flags.
func setupConsumers(fs *flag.FlagSet) runFunc {
	f := new(consumersFlags)
	f.register(fs)
	return func(ctx context.Context, e env, args []string, usage func(error) int) int {
		plan, err := planConsumers(args[0], f)
		if err == nil {
			err = f.check()
		}
		if err != nil {
			return usage(err)
		}
		c, done, err := connect(f.commonFlags, plan.sequenceID)
		if err != nil {
			return failure(e, err, plan.sequenceID)
		}
		defer done()
		return exportConsumers(ctx, c, plan, f, e)
	}
}

// planConsumers checks the flags before anything is sent.
func planConsumers(sequenceID string, f *consumersFlags) (*consumersPlan, error) {
	p := &consumersPlan{sequenceID: sequenceID}
	if !slices.Contains(formats, f.format) {
		return nil, fmt.Errorf("unknown format %q (want %s)", f.format, strings.Join(formats, ", "))
	}
	if !slices.Contains([]string{"auto", "always", "never"}, f.progress) {
		return nil, fmt.Errorf("unknown progress mode %q (want auto, always or never)", f.progress)
	}
	if statuses := f.status; len(statuses) > 0 {
		p.keep = map[client.WaitlistConsumerStatus]bool{}
		for _, s := range statuses {
			st := client.WaitlistConsumerStatus(strings.ToLower(s))
			if !st.Valid() {
				return nil, fmt.Errorf("unknown status %q (want %s)", s, statusList())
			}
			p.keep[st] = true
		}
	}
	fields := []string(f.fields)
	var def []string
	switch f.format {
	case "table":
		def = defaultTableColumns
	case "csv":
		def = []string{"all"}
	default:
		if len(fields) == 0 {
			return p, nil // whole entries
		}
	}
	cols, err := selectColumns(fields, def, f.includeSensitive)
	if err != nil {
		return nil, err
	}
	p.cols = cols
	return p, nil
}

// exportConsumers streams the waitlist into the chosen format on stdout.
func exportConsumers(ctx context.Context, c *client.Client, plan *consumersPlan, f *consumersFlags, e env) int {
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	fm, err := newFormatter(f.format, out, plan.cols, !f.includeSensitive)
	if err != nil {
		return failure(e, err, plan.sequenceID)
	}
	prog := newProgress(f.progress, e)
	var bad client.EntryErrors
	var cur client.RawEntry // the entry handed to the formatter: one for the whole run, not one each
	// Whole elements are written as sent, even one that is no entry: nothing is left out.
	whole := plan.cols == nil && plan.keep == nil
	paths := newPathCheck(plan.cols)
	for r, err := range entries(ctx, c, plan.sequenceID, f.format == "json" || f.format == "jsonl") {
		if err != nil {
			var ee *client.EntryError
			if !errors.As(err, &ee) {
				_ = out.Flush()
				prog.done()
				return failure(e, err, plan.sequenceID)
			}
			if !whole {
				bad = append(bad, ee)
				fmt.Fprintln(e.stderr, "fanfare: warning: "+oneLine(trimPrefix(ee)))
				continue
			}
			fmt.Fprintln(e.stderr, "fanfare: warning: "+oneLine(trimPrefix(ee))+"; written as sent")
		} else {
			prog.add()
			if plan.keep != nil && !plan.keep[r.Entry.Status] {
				continue
			}
			warnFieldErrors(e, r.Index, &r.Entry)
			paths.see(&r.Entry)
		}
		cur = r
		if err := fm.entry(&cur); err != nil {
			return writeFailure(e, err)
		}
	}
	paths.warn(e)
	if err := fm.close(); err != nil {
		return writeFailure(e, err)
	}
	if err := out.Flush(); err != nil {
		return writeFailure(e, err)
	}
	prog.done()
	if len(bad) > 0 {
		return failure(e, bad, plan.sequenceID)
	}
	return exitOK
}

// entries streams the waitlist, with each entry's bytes as the API sent them when withJSON (the
// json formats write them), else without (the others print decoded values, and the bytes are not
// copied for nothing).
func entries(ctx context.Context, c *client.Client, sequenceID string, withJSON bool) iter.Seq2[client.RawEntry, error] {
	if withJSON {
		return c.RawWaitlistConsumers(ctx, sequenceID, client.WithBorrowedJSON()) // written at once
	}
	return func(yield func(client.RawEntry, error) bool) {
		i := 0
		for e, err := range c.WaitlistConsumers(ctx, sequenceID) {
			if !yield(client.RawEntry{Index: i, Entry: e}, err) {
				return
			}
			i++
		}
	}
}

// writeFailure reports an output that could not be written (a full disk, a closed pipe).
func writeFailure(e env, err error) int {
	fmt.Fprintln(e.stderr, "fanfare: writing the output: "+oneLine(err.Error()))
	return exitFailure
}

// warnFieldErrors writes one warning line for each member of the entry that its typed field could
// not hold: the entry is written all the same, with the value as sent.
func warnFieldErrors(e env, index int, entry *client.WaitlistConsumer) {
	for _, fe := range client.FieldErrors(*entry) {
		id := ""
		if fe.EntryID != "" {
			id = fmt.Sprintf(" (id %s)", fe.EntryID)
		}
		v := string(fe.Value)
		if len(v) > 64 {
			v = v[:64] + "…"
		}
		fmt.Fprintln(e.stderr, oneLine(fmt.Sprintf("fanfare: warning: waitlist entry %d%s: %s = %s does not fit its type (%v); written as sent",
			index, id, fe.Path, v, trimPrefix(fe.Err))))
	}
}

// pathCheck remembers which selected members the spec does not type were found in some entry,
// to warn once about those no entry had (a typo, or a member Fanfare does not send).
type pathCheck struct {
	cols  []column
	found []bool
}

func newPathCheck(cols []column) *pathCheck {
	p := &pathCheck{}
	for _, c := range cols {
		if c.index == nil && !c.unknown {
			p.cols = append(p.cols, c)
		}
	}
	p.found = make([]bool, len(p.cols))
	return p
}

func (p *pathCheck) see(e *client.WaitlistConsumer) {
	for i, c := range p.cols {
		if !p.found[i] {
			_, p.found[i] = member(e, c.path)
		}
	}
}

func (p *pathCheck) warn(e env) {
	for i, c := range p.cols {
		if !p.found[i] {
			fmt.Fprintf(e.stderr, "fanfare: warning: no entry had a member %s\n", c.name)
		}
	}
}
