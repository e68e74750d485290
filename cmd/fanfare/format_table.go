package main

import (
	"io"
	"strings"
	"unicode"

	"github.com/fanfare-go/fanfare/client"
)

const (
	// tableSample is how many rows are held to size the columns; later rows are fitted to them,
	// so a table of any length streams.
	tableSample = 200
	// maxColumnWidth caps a column, in terminal columns; longer values end with "…".
	maxColumnWidth = 40
	columnGap      = "  "
)

// tableFormatter writes an aligned text table for people.
type tableFormatter struct {
	w       io.Writer
	cols    []column
	sample  [][]string // rows held until the widths are known
	widths  []int      // nil until the sample is written
	scratch strings.Builder
}

func newTableFormatter(w io.Writer, cols []column) *tableFormatter {
	return &tableFormatter{w: w, cols: cols}
}

func (t *tableFormatter) entry(r *client.RawEntry) error {
	row := make([]string, len(t.cols))
	for i, c := range t.cols {
		row[i] = sanitize(c.text(&r.Entry))
	}
	if t.widths != nil {
		return t.writeRow(row)
	}
	t.sample = append(t.sample, row)
	if len(t.sample) >= tableSample {
		return t.flushSample()
	}
	return nil
}

func (t *tableFormatter) close() error {
	if t.widths == nil {
		return t.flushSample()
	}
	return nil
}

// flushSample sizes the columns on the rows held, writes the header and those rows.
func (t *tableFormatter) flushSample() error {
	t.widths = make([]int, len(t.cols))
	header := make([]string, len(t.cols))
	rule := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = heading(c.name)
		t.widths[i] = displayWidth(header[i])
	}
	for _, row := range t.sample {
		for i, v := range row {
			t.widths[i] = max(t.widths[i], min(displayWidth(v), maxColumnWidth))
		}
	}
	for i := range rule {
		rule[i] = strings.Repeat("─", t.widths[i])
	}
	if err := t.writeRow(header); err != nil {
		return err
	}
	if err := t.writeRow(rule); err != nil {
		return err
	}
	for _, row := range t.sample {
		if err := t.writeRow(row); err != nil {
			return err
		}
	}
	t.sample = nil
	return nil
}

// heading is a column's title: the field's name in upper-case words ("consumer.fullName" is
// "FULL NAME", "enteredAt" is "ENTERED AT"). A consumer field named like an entry field keeps
// its prefix ("consumer.status" is "CONSUMER STATUS").
func heading(name string) string {
	if bare, ok := strings.CutPrefix(name, "consumer."); ok {
		name = bare
		if isEntryField(bare) {
			name = "consumer " + bare
		}
	}
	var b strings.Builder
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) && name[i-1] != ' ' {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

func (t *tableFormatter) writeRow(row []string) error {
	b := &t.scratch
	b.Reset()
	for i, v := range row {
		if i > 0 {
			b.WriteString(columnGap)
		}
		b.WriteString(fit(v, t.widths[i]))
	}
	line := strings.TrimRight(b.String(), " ") + "\n"
	_, err := io.WriteString(t.w, line)
	return err
}
