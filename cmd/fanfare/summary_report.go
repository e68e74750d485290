package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// statusCount is one line of the counts by status.
type statusCount struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

// statusCounts lists the counts in the spec's order of statuses, then any status the spec does
// not know, and "(none)" for entries without one. Known statuses with no entry are listed as 0.
func (s *summary) statusCounts() []statusCount {
	var out []statusCount
	for _, st := range client.WaitlistConsumerStatuses() {
		out = append(out, statusCount{Status: string(st), Count: s.byStatus[st]})
	}
	var others []statusCount
	for st, n := range s.byStatus {
		if st.Valid() {
			continue
		}
		name := string(st)
		if name == "" {
			name = "(none)"
		}
		others = append(others, statusCount{Status: name, Count: n})
	}
	slices.SortFunc(others, func(a, b statusCount) int { return strings.Compare(a.Status, b.Status) })
	return append(out, others...)
}

// summaryJSON is the summary as --format json writes it.
type summaryJSON struct {
	SequenceID        string        `json:"sequenceId"`
	Entries           int           `json:"entries"`
	ByStatus          []statusCount `json:"byStatus"`
	EnteredToNotified struct {
		Count         int     `json:"count"`
		MedianSeconds float64 `json:"medianSeconds"`
		P90Seconds    float64 `json:"p90Seconds"`
	} `json:"enteredToNotified"`
	NotifiedBeforeEntered int `json:"notifiedBeforeEntered"`
	Unparseable           struct {
		EnteredAt  int            `json:"enteredAt"`
		NotifiedAt int            `json:"notifiedAt"`
		Examples   []badTimestamp `json:"examples"`
	} `json:"unparseable"`
	PerDay []dayCount `json:"perDay"`
}

func writeSummaryJSON(w io.Writer, s *summary) error {
	var j summaryJSON
	j.SequenceID, j.Entries, j.ByStatus = s.sequenceID, s.entries, s.statusCounts()
	j.EnteredToNotified.Count = len(s.waits)
	j.EnteredToNotified.MedianSeconds = s.median.Seconds()
	j.EnteredToNotified.P90Seconds = s.p90.Seconds()
	j.NotifiedBeforeEntered = s.notifiedBeforeEntered
	j.Unparseable.EnteredAt, j.Unparseable.NotifiedAt = s.badEntered, s.badNotified
	j.Unparseable.Examples = append([]badTimestamp{}, s.examples...)
	j.PerDay = append([]dayCount{}, days(s.perDay)...)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

func writeSummaryText(w io.Writer, s *summary) error {
	p := &printer{w: w}
	p.printf("Waitlist of sequence %s: %s\n\n", sanitize(s.sequenceID), plural(s.entries, "entry", "entries"))

	p.printf("%-12s %9s %7s\n", "STATUS", "ENTRIES", "SHARE")
	for _, sc := range s.statusCounts() {
		share := 0.0
		if s.entries > 0 {
			share = 100 * float64(sc.Count) / float64(s.entries)
		}
		p.printf("%-12s %9s %6.1f%%\n", sanitize(sc.Status), thousands(sc.Count), share)
	}

	p.printf("\nTime from entering to being notified (%s with both times)\n", plural(len(s.waits), "entry", "entries"))
	if len(s.waits) > 0 {
		p.printf("  median  %s\n  p90     %s\n", humanDuration(s.median), humanDuration(s.p90))
	} else {
		p.printf("  no entry has both times\n")
	}
	if s.notifiedBeforeEntered > 0 {
		p.printf("  %s before they entered: left out\n", plural(s.notifiedBeforeEntered, "entry was notified", "entries were notified"))
	}
	if s.badEntered+s.badNotified > 0 {
		p.printf("\nTimestamps that are not RFC 3339 (left out): %s enteredAt, %s notifiedAt\n",
			thousands(s.badEntered), thousands(s.badNotified))
		for _, x := range s.examples {
			p.printf("  entry %d (%s): %s %q\n", x.Index, sanitize(x.ID), x.Field, sanitize(x.Value))
		}
	}

	p.printf("\nEntries per day (UTC, by enteredAt)\n")
	chart(p, days(s.perDay))
	return p.err
}

// humanDuration writes d for people: 45s, 12m05s, 4h12m, 2d06h15m.
func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dd%02dh%02dm", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute))
}

// printer writes formatted text, keeping the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
