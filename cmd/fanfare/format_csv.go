package main

import (
	"encoding/csv"
	"io"

	"github.com/fanfare-go/fanfare/client"
)

// csvFormatter writes RFC 4180 CSV: a header of field names, then one row per entry. Null and
// absent values are empty cells; times are RFC 3339; metadata and coordinates are JSON.
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
		f.row[i] = cell(c.value(&r.Entry))
	}
	return f.w.Write(f.row)
}

func (f *csvFormatter) close() error {
	f.w.Flush()
	return f.w.Error()
}
