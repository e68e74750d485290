package main

import (
	"encoding/csv"
	"io"
	"regexp"

	"github.com/fanfare-go/fanfare/client"
)

// csvFormatter writes RFC 4180 CSV: a header of field names, then one row per entry. Null and
// absent values are empty cells; times are RFC 3339; metadata and coordinates are JSON. Cells a
// spreadsheet would run as formulas are neutralised (see spreadsheetSafe).
type csvFormatter struct {
	w    *csv.Writer
	cols []column
	row  []string
}

func newCSVFormatter(w io.Writer, cols []column) (*csvFormatter, error) {
	f := &csvFormatter{w: csv.NewWriter(w), cols: cols, row: make([]string, len(cols))}
	for i, c := range cols {
		f.row[i] = c.name
	}
	if err := f.w.Write(f.row); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *csvFormatter) entry(r *client.RawEntry) error {
	for i, c := range f.cols {
		f.row[i] = spreadsheetSafe(c.text(&r.Entry))
	}
	return f.w.Write(f.row)
}

func (f *csvFormatter) close() error {
	f.w.Flush()
	return f.w.Error()
}

// plainNumber is a decimal number as a spreadsheet reads one: an optional sign, digits with an
// optional fraction, an optional exponent ("-5", "+447700900123", "1.5e3", "-.5").
var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// spreadsheetSafe follows OWASP's advice on CSV injection: a cell that starts with =, +, -, @, a
// tab or a carriage return is run as a formula by Excel, LibreOffice Calc and Google Sheets
// (=HYPERLINK(…), @SUM(…), -2+3), so it is written with a leading single quote, which they take
// as "this is text" and do not show. A plain number (plainNumber) is a number to them, not a
// formula, and is written as it is. Every other cell is written as it is.
func spreadsheetSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if !plainNumber.MatchString(s) {
			return "'" + s
		}
	}
	return s
}
