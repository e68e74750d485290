package main

import (
	"slices"
	"strings"
	"time"
)

const (
	// barWidth is the longest bar, in terminal columns.
	barWidth = 40
	// maxDays is the longest span charted day by day; longer ones are charted by week.
	maxDays = 92
)

// dayCount is the number of entries of one day (or of the week starting that day).
type dayCount struct {
	Date    string `json:"date"`
	Entries int    `json:"entries"`
}

// days turns counts by date into a list covering every day from the first to the last, zeros
// included.
func days(perDay map[string]int) []dayCount {
	if len(perDay) == 0 {
		return nil
	}
	dates := make([]string, 0, len(perDay))
	for d := range perDay {
		dates = append(dates, d)
	}
	slices.Sort(dates)
	first, _ := time.Parse(time.DateOnly, dates[0])
	last, _ := time.Parse(time.DateOnly, dates[len(dates)-1])
	var out []dayCount
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		out = append(out, dayCount{Date: key, Entries: perDay[key]})
	}
	return out
}

// weeks groups days into weeks starting on Mondays, each labelled with its Monday.
func weeks(ds []dayCount) []dayCount {
	var out []dayCount
	for _, d := range ds {
		t, _ := time.Parse(time.DateOnly, d.Date)
		monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
		if len(out) == 0 || out[len(out)-1].Date != monday {
			out = append(out, dayCount{Date: monday})
		}
		out[len(out)-1].Entries += d.Entries
	}
	return out
}

// chart prints one bar per day (per week, labelled "week of …", when the span is long).
func chart(p *printer, ds []dayCount) {
	if len(ds) == 0 {
		p.printf("  no entry has an RFC 3339 enteredAt\n")
		return
	}
	label := func(d dayCount) string { return d.Date }
	if len(ds) > maxDays {
		ds = weeks(ds)
		label = func(d dayCount) string { return "week of " + d.Date }
	}
	most := 0
	for _, d := range ds {
		most = max(most, d.Entries)
	}
	for _, d := range ds {
		p.printf("  %s  %-*s %s\n", label(d), barWidth, bar(d.Entries, most, barWidth), thousands(d.Entries))
	}
}

// eighths are the partial blocks, from one eighth to seven eighths of a column.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws n against the largest value most, most filling width columns, in eighths of a
// column. A count above zero always shows at least a sliver.
func bar(n, most, width int) string {
	if n <= 0 || most <= 0 {
		return ""
	}
	units := (n*width*8 + most/2) / most
	units = max(units, 1)
	return strings.Repeat("█", units/8) + eighths[units%8]
}
