package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/internal/rawjson"
)

// changesFormatter writes changes in one output format, as they come.
type changesFormatter interface {
	change(ch *changes.Change) error
}

// newChangesFormatter returns the formatter for format ("jsonl" or "table") writing to w;
// redact leaves verification codes out of the entries.
func newChangesFormatter(format string, w io.Writer, redact bool) changesFormatter {
	if format == "table" {
		return &changesTable{w: w}
	}
	return &changesJSONL{w: w, redact: redact}
}

// changesJSONL writes one JSON object per change:
//
//	{"change":"added","id":ID,"entry":ENTRY}
//	{"change":"changed","id":ID,"entry":ENTRY,"previous":{"status":STATUS}}
//	{"change":"removed","id":ID,"previous":{"status":STATUS}}
//
// ENTRY is the entry as the API sent it, compacted (without its verification code when
// redact), STATUS the status value the state held, as the API sent it; "previous" is {} for an
// entry that had no status member.
type changesJSONL struct {
	w      io.Writer
	redact bool
	buf    []byte
}

func (f *changesJSONL) change(ch *changes.Change) error {
	b := f.buf[:0]
	b = append(b, `{"change":"`...)
	b = append(b, ch.Kind.String()...)
	b = append(b, `","id":`...)
	b = appendJSONString(b, ch.ID)
	if ch.Kind != changes.Removed {
		b = append(b, `,"entry":`...)
		var err error
		if f.redact {
			b, err = rawjson.AppendWithout(b, ch.Entry.JSON, redacted...)
		} else {
			b, err = rawjson.AppendCompact(b, ch.Entry.JSON)
		}
		if err != nil {
			return fmt.Errorf("entry %d: %w", ch.Entry.Index, err)
		}
	}
	if ch.Kind != changes.Added {
		b = append(b, `,"previous":{`...)
		if ch.PreviousStatusJSON != nil {
			b = append(b, `"status":`...)
			b = append(b, ch.PreviousStatusJSON...)
		}
		b = append(b, '}')
	}
	b = append(b, "}\n"...)
	f.buf = b
	_, err := f.w.Write(b)
	return err
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= ' ' && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	if plain {
		return append(append(append(b, '"'), s...), '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// changesTable writes one line per change for people: what happened, the id, the status (the
// one before → the one now, for a change of status) and the consumer's name and e-mail address.
//
//	added    0d8f6c2e-1b7a-4c3e-9f00-5a6b7c8d9e0f  waitlisted             Zoë García <zoe@example.com>
//	changed  0d8f6c2e-1b7a-4c3e-9f00-5a6b7c8d9e0f  waitlisted → notified  Zoë García <zoe@example.com>
//	removed  0d8f6c2e-1b7a-4c3e-9f00-5a6b7c8d9e0f  was converted
type changesTable struct {
	w   io.Writer
	buf strings.Builder
}

const (
	changeIDWidth     = 36 // a UUID
	changeStatusWidth = 22
)

func (t *changesTable) change(ch *changes.Change) error {
	b := &t.buf
	b.Reset()
	b.WriteString(fit(ch.Kind.String(), 7))
	b.WriteString(columnGap)
	b.WriteString(fit(sanitize(ch.ID), changeIDWidth))
	b.WriteString(columnGap)
	now := statusText(string(ch.Entry.Entry.Status))
	before := statusText(string(ch.PreviousStatus))
	switch ch.Kind {
	case changes.Added:
		b.WriteString(fit(now, changeStatusWidth))
	case changes.Changed:
		if before != now {
			now = before + " → " + now
		}
		b.WriteString(fit(now, changeStatusWidth))
	case changes.Removed:
		b.WriteString("was " + before)
	}
	if ch.Kind != changes.Removed {
		b.WriteString(columnGap)
		b.WriteString(who(&ch.Entry.Entry.Consumer))
	}
	_, err := io.WriteString(t.w, strings.TrimRight(b.String(), " ")+"\n")
	return err
}

// readSeparator ends each read of a watched table: when it ended (UTC) and how many changes
// it wrote, so that reads do not run together.
func readSeparator(at time.Time, n int) string {
	return fmt.Sprintf("── read at %s UTC: %s ──\n", at.UTC().Format(time.DateTime), plural(n, "change", "changes"))
}

// statusText is a status for the table: "-" for none.
func statusText(s string) string {
	if s == "" {
		return "-"
	}
	return sanitize(s)
}

// who is the consumer's name and e-mail address, as far as they are known.
func who(c *client.Consumer) string {
	var parts []string
	if c.FullName != nil && *c.FullName != "" {
		parts = append(parts, strings.TrimRight(fit(sanitize(*c.FullName), maxColumnWidth), " "))
	}
	if c.Email != nil && *c.Email != "" {
		parts = append(parts, "<"+sanitize(*c.Email)+">")
	}
	return strings.TrimRight(strings.Join(parts, " "), " ")
}
