package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// helpSummary is the summary command's help, after its usage line.
const helpSummary = `Summarises a sequence's waitlist: the number of entries by status, the time from entering the
waitlist to being notified (median and 90th percentile), and entries per day (UTC) as a bar
chart. enteredAt and notifiedAt are plain strings in the API: values that are not RFC 3339 are
counted and reported, and left out of the times.

Examples:
  fanfare waitlist summary demo --demo
  fanfare waitlist summary seq_123 --format json
`

// maxExamples is how many unparseable timestamps the summary quotes.
const maxExamples = 3

// summary is the digest of one waitlist, built entry by entry: it keeps counts and the waiting
// times, never the entries.
type summary struct {
	sequenceID string
	entries    int
	byStatus   map[client.WaitlistConsumerStatus]int
	waits      []time.Duration // entered → notified, for the entries with both times
	perDay     map[string]int  // by enteredAt's UTC date
	// Timestamps that are not RFC 3339, and notifications dated before the entry.
	badEntered, badNotified, notifiedBeforeEntered int
	examples                                       []badTimestamp
	// The figures computed by finish.
	median, p90 time.Duration
}

// badTimestamp is an enteredAt or notifiedAt that is not RFC 3339.
type badTimestamp struct {
	Index int    `json:"index"`
	ID    string `json:"id"`
	Field string `json:"field"`
	Value string `json:"value"`
}

func newSummary(sequenceID string) *summary {
	return &summary{sequenceID: sequenceID, byStatus: map[client.WaitlistConsumerStatus]int{}, perDay: map[string]int{}}
}

// add counts entry number i.
func (s *summary) add(i int, e *client.WaitlistConsumer) {
	s.entries++
	s.byStatus[e.Status]++
	entered, errE := time.Parse(time.RFC3339, e.EnteredAt)
	if errE != nil {
		s.badEntered++
		s.example(i, e.ID, "enteredAt", e.EnteredAt)
	} else {
		s.perDay[entered.UTC().Format(time.DateOnly)]++
	}
	if e.NotifiedAt == nil {
		return
	}
	notified, errN := time.Parse(time.RFC3339, *e.NotifiedAt)
	if errN != nil {
		s.badNotified++
		s.example(i, e.ID, "notifiedAt", *e.NotifiedAt)
		return
	}
	if errE != nil {
		return
	}
	if wait := notified.Sub(entered); wait >= 0 {
		s.waits = append(s.waits, wait)
	} else {
		s.notifiedBeforeEntered++
	}
}

func (s *summary) example(i int, id, field, value string) {
	if len(s.examples) < maxExamples {
		s.examples = append(s.examples, badTimestamp{Index: i, ID: id, Field: field, Value: value})
	}
}

// finish computes the percentiles.
func (s *summary) finish() {
	slices.Sort(s.waits)
	s.median = percentile(s.waits, 0.5)
	s.p90 = percentile(s.waits, 0.9)
}

// percentile is the p-quantile of sorted values, interpolated linearly between the closest
// ranks (the median of an even count is the mean of the middle two). 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	pos := p * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	frac := pos - float64(lo)
	return sorted[lo] + time.Duration(math.Round(float64(sorted[hi]-sorted[lo])*frac))
}

// setupSummary registers the summary command's flags.
func setupSummary(fs *flag.FlagSet) runFunc {
	var cf commonFlags
	cf.register(fs)
	format := new(string)
	lowerVar(fs, format, "format", "text", "output `format`: text or json")
	return func(ctx context.Context, e env, args []string, usage func(error) int) int {
		if err := cf.check(); err != nil {
			return usage(err)
		}
		if *format != "text" && *format != "json" {
			return usage(fmt.Errorf("unknown format %q (want text or json)", *format))
		}
		return summarize(ctx, e, cf, args[0], *format == "json")
	}
}

// summarize reads the waitlist and writes its summary, as text or as JSON.
func summarize(ctx context.Context, e env, cf commonFlags, sequenceID string, asJSON bool) int {
	c, done, err := connect(cf, sequenceID)
	if err != nil {
		return failure(e, err, sequenceID)
	}
	defer done()

	s := newSummary(sequenceID)
	var bad client.EntryErrors
	i := 0
	for entry, err := range c.WaitlistConsumers(ctx, sequenceID) {
		if err != nil {
			var ee *client.EntryError
			if errors.As(err, &ee) {
				bad = append(bad, ee)
				continue
			}
			return failure(e, err, sequenceID)
		}
		s.add(i, &entry)
		i++
	}
	s.finish()

	out := bufio.NewWriter(e.stdout)
	if asJSON {
		err = writeSummaryJSON(out, s)
	} else {
		err = writeSummaryText(out, s)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return writeFailure(e, err)
	}
	if len(bad) > 0 {
		return failure(e, bad, sequenceID)
	}
	return exitOK
}
