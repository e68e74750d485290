package main

import (
	"fmt"
	"io"

	"github.com/fanfare-go/fanfare/client"
)

// formatter writes waitlist entries in one output format, as they stream in.
type formatter interface {
	// entry writes one entry: its bytes as the API sent them and their decoding.
	entry(r *client.RawEntry) error
	// close writes whatever ends the output (a closing bracket, buffered table rows).
	close() error
}

// formats are the names --format accepts for the consumers command.
var formats = []string{"table", "json", "jsonl", "csv"}

// newFormatter returns the formatter for format writing to w. cols are the selected fields
// (nil for json and jsonl without --fields: the whole entries); redact drops verification codes
// from whole entries.
func newFormatter(format string, w io.Writer, cols []column, redact bool) (formatter, error) {
	switch format {
	case "table":
		return newTableFormatter(w, cols), nil
	case "json":
		return newJSONFormatter(w, cols, redact, false), nil
	case "jsonl":
		return newJSONFormatter(w, cols, redact, true), nil
	case "csv":
		return newCSVFormatter(w, cols)
	}
	return nil, fmt.Errorf("unknown format %q (want table, json, jsonl or csv)", format)
}
