package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/rawjson"
)

// jsonFormatter writes entries as JSON: one array (json) or one object per line (jsonl). Without
// selected fields each element is written as the API sent it, compacted, without its verification
// code unless it was asked for (an element that is no entry, such as null, as it is). With them,
// each entry is an object of those members keyed by their paths, with their values taken from
// the same bytes: a null stays null, and a member the API left out is left out (unknownMembers is
// the object of the members the spec does not know).
type jsonFormatter struct {
	w      io.Writer
	cols   []column
	paths  [][]string // each column's keys in the entry: ["consumer", "email"]
	redact bool
	lines  bool // jsonl
	n      int
	buf    []byte
}

// redacted is the path of the member left out of whole entries unless asked for.
var redacted = []string{"consumer", "verificationCode"}

func newJSONFormatter(w io.Writer, cols []column, redact, lines bool) *jsonFormatter {
	f := &jsonFormatter{w: w, cols: cols, redact: redact, lines: lines}
	for _, c := range cols {
		f.paths = append(f.paths, c.path)
	}
	return f
}

// entry writes one element: whole, as sent (an element that is no entry included), or the object
// of the selected members.
func (f *jsonFormatter) entry(r *client.RawEntry) error {
	b := f.buf[:0]
	switch {
	case f.lines:
	case f.n == 0:
		b = append(b, "[\n"...)
	default:
		b = append(b, ",\n"...)
	}
	f.n++
	var err error
	switch {
	case f.cols != nil:
		b, err = f.selected(b, r.JSON, &r.Entry)
	case f.redact && isObject(r.JSON):
		b, err = rawjson.AppendWithout(b, r.JSON, redacted...)
	default:
		b, err = rawjson.AppendCompact(b, r.JSON)
	}
	if err != nil {
		return fmt.Errorf("entry %d: %w", r.Index, err)
	}
	if f.lines {
		b = append(b, '\n')
	}
	f.buf = b
	_, err = f.w.Write(b)
	return err
}

// selected appends the JSON object of the selected members of entry, in their order, their
// values from its bytes (the members the spec does not know, from e).
func (f *jsonFormatter) selected(b, entry []byte, e *client.WaitlistConsumer) ([]byte, error) {
	b = append(b, '{')
	n := 0
	for i, c := range f.cols {
		var v []byte
		var found bool
		var err error
		if c.unknown {
			v = appendUnknownMembers(nil, e)
			found = v != nil
		} else {
			v, found, err = rawjson.Lookup(entry, f.paths[i]...)
		}
		if err != nil {
			return b, err
		}
		if !found {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		key, _ := json.Marshal(c.name)
		b = append(append(b, key...), ':')
		if b, err = rawjson.AppendCompact(b, v); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func (f *jsonFormatter) close() error {
	if f.lines {
		return nil
	}
	end := "\n]\n"
	if f.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(f.w, end)
	return err
}

// isObject reports whether raw, one JSON value, is an object.
func isObject(raw []byte) bool {
	for _, c := range raw {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c == '{'
		}
	}
	return false
}
