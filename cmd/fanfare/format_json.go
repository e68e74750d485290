package main

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/fanfare-go/fanfare/client"
)

// jsonFormatter writes entries as JSON: one array (json) or one object per line (jsonl). Without
// selected fields each entry is written whole, as the API sent it (minus the verification code
// unless it was asked for); with them, as an object of those fields keyed by their names.
type jsonFormatter struct {
	w      io.Writer
	cols   []column
	redact bool
	lines  bool // jsonl
	n      int
	buf    bytes.Buffer
}

func newJSONFormatter(w io.Writer, cols []column, redact, lines bool) *jsonFormatter {
	return &jsonFormatter{w: w, cols: cols, redact: redact, lines: lines}
}

func (f *jsonFormatter) entry(e *client.WaitlistConsumer) error {
	f.buf.Reset()
	switch {
	case f.lines:
	case f.n == 0:
		f.buf.WriteString("[\n  ")
	default:
		f.buf.WriteString(",\n  ")
	}
	f.n++
	if err := f.encode(e); err != nil {
		return err
	}
	if f.lines {
		f.buf.WriteByte('\n')
	}
	_, err := f.w.Write(f.buf.Bytes())
	return err
}

// encode appends the entry's JSON to buf: compact for jsonl, indented inside the json array.
func (f *jsonFormatter) encode(e *client.WaitlistConsumer) error {
	var raw []byte
	var err error
	if f.cols == nil {
		if f.redact {
			c := *e
			c.Consumer.VerificationCode = nil
			e = &c
		}
		raw, err = json.Marshal(e)
	} else {
		raw, err = f.selected(e)
	}
	if err != nil {
		return err
	}
	if f.lines {
		f.buf.Write(raw)
		return nil
	}
	return json.Indent(&f.buf, raw, "  ", "  ")
}

// selected is the JSON object of the selected fields, in their order.
func (f *jsonFormatter) selected(e *client.WaitlistConsumer) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range f.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(c.name)
		b.Write(key)
		b.WriteByte(':')
		v, err := json.Marshal(c.value(e))
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
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
