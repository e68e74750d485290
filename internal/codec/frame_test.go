package codec

// Tests of the framer against encoding/json's Decoder: the same elements, the same end (the
// array's ']', the data running out inside it, or an invalid byte, which must be the first
// byte no array can go on with), whatever the chunks the bytes arrive in.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// How an array reading ends.
const (
	ended   = "ended"   // the array's ']' was read
	cut     = "cut"     // the data ended inside the array
	invalid = "invalid" // a byte no array can go on with, or nesting too deep
)

// refFrames reads data as encoding/json's Decoder does: the elements it reads, in order, and
// how it ends. A Decoder says "cut" in three ways: io.EOF, io.ErrUnexpectedEOF, or (Go 1.27)
// a syntax error "unexpected end of JSON input".
func refFrames(data []byte) (elems [][]byte, end string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err == nil && tok != json.Delim('[') {
		return nil, invalid
	}
	for err == nil && dec.More() {
		var raw json.RawMessage
		if err = dec.Decode(&raw); err == nil {
			elems = append(elems, raw)
		}
	}
	if err == nil {
		_, err = dec.Token()
	}
	var se *json.SyntaxError
	switch {
	case err == nil:
		return elems, ended
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &se) && se.Error() == "unexpected end of JSON input":
		return elems, cut
	}
	return elems, invalid
}

// frameElements runs the framer over data, white space and an array's '[' first, revealing it
// chunk bytes at a time: the elements it reports, how it ends, and for an invalid array the
// offending byte's offset.
func frameElements(data []byte, chunk int) (elems [][]byte, end string, at int) {
	i := skipSpace(data, 0)
	var f Framer
	f.Reset()
	pos, avail := i+1, min(len(data), i+1+chunk)
	for {
		ev, start, next := f.Next(data[:avail], pos)
		pos = next
		switch ev {
		case Element:
			elems = append(elems, data[start:next])
		case ArrayEnd:
			return elems, ended, next
		case NeedMore:
			if avail == len(data) {
				return elems, cut, next
			}
			avail = min(len(data), avail+chunk)
		default:
			return elems, invalid, next
		}
	}
}

// checkFramer fails t unless the framer, given data chunk bytes at a time, reads what
// encoding/json reads. The one difference allowed: a string or literal element that ends the
// data is not reported (the framer waits for the byte after it; see Framer.Next), while the
// Decoder takes it at the end of its input.
func checkFramer(t *testing.T, data []byte, chunk int) {
	t.Helper()
	if i := skipSpace(data, 0); i == len(data) || data[i] != '[' || nearDepthLimit(data) {
		return // not the framer's (its caller reads up to the '['), or where Go versions differ
	}
	want, wantEnd := refFrames(data)
	got, end, at := frameElements(data, chunk)
	heldBack := end == cut && len(got) == len(want)-1
	if end != wantEnd || len(got) != len(want) && !heldBack {
		t.Fatalf("chunk %d: framer %s after %d elements, encoding/json %s after %d, in %q", chunk, end, len(got), wantEnd, len(want), data)
	}
	for k := range got {
		if !bytes.Equal(got[k], want[k]) {
			t.Fatalf("element %d: framer %q, encoding/json %q, in %q", k, got[k], want[k], data)
		}
	}
	if end != invalid {
		return
	}
	if _, before := refFrames(data[:at]); before != cut {
		t.Fatalf("chunk %d: the offending byte is at %d, but encoding/json finds the bytes before it %s: %q", chunk, at, before, data)
	}
	if _, upTo := refFrames(data[:at+1]); upTo != invalid {
		t.Fatalf("chunk %d: the offending byte is at %d, but encoding/json finds the bytes up to it %s: %q", chunk, at, upTo, data)
	}
}

// nearDepthLimit reports whether data may nest as deep as MaxDepth.
func nearDepthLimit(data []byte) bool {
	return bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) >= MaxDepth
}

var framerCases = []string{
	`[]`, ` [ ] `, `[1]`, `[1,2]`, `[1 2]`, `[1,]`, `[,1]`, `[`, `[1`, `[1,`, `["a"`, `[{}`, `[{}]`,
	`[{},{}]`, `[{}{}]`, `[{}}`, `[{]}`, `[[]]`, `[[1,[2,[3]]],{"a":{"b":[]}}]`, `[-0,0.5,1e5,-1.5E-3]`,
	`[01]`, `[-]`, `[1.]`, `[.5]`, `[1e]`, `[1e+]`, `[true,false,null]`, `[tru]`, `[truex]`, `[nul]`,
	`["\u0041\n\"\\\/\b\f\r\t"]`, `["\x"]`, `["\u00G1"]`, "[\"\x01\"]", "[\"\xff\"]", `[{"a":1,"b":[1,2]}]`,
	`[{"a" 1}]`, `[{"a":}]`, `[{1:2}]`, `[{"a":1,}]`, `[{"a":1"b":2}]`, `[1]x`, `[1] `, `[]]`,
	`["a\"b"]`, `["a\\"]`, `["a\\\"b"]`, `[{"a":"}"}]`, `[{"a":"]"}]`, "[\t\n\r 1 \t\n\r]",
	`[12345678901234567890.123456789e-123456789]`, `[0e0,0E+0,-0.0e-0,1E9]`, `[00]`, `[-01]`, `[0.e1]`,
	`[1.5e]`, `[1e+-1]`, `[{"a\u00e9\"":[{"b":{}}]}]`, `[{"":""}]`, `[{"a":1}x]`, `[{"a"`, `[{"a":`,
	`[` + strings.Repeat(`[`, 200) + strings.Repeat(`]`, 200) + `]`,
	`[` + strings.Repeat(`{"a":[`, 100) + strings.Repeat(`]}`, 100) + `]`,
	`[` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 99) + `}]`,
	`[` + strings.Repeat(`[`, MaxDepth+5) + strings.Repeat(`]`, MaxDepth+5) + `]`,
}

func TestFramer(t *testing.T) {
	for _, c := range framerCases {
		for _, chunk := range []int{1, 2, 3, 7, 64, 1 << 20} {
			checkFramer(t, []byte(c), chunk)
		}
	}
	data := sample.Array(200, 5)
	for _, chunk := range []int{1, 13, 1000, 4096, 1 << 20} {
		checkFramer(t, data, chunk)
	}
}

// TestFramerTooDeep: an element nested deeper than MaxDepth ends the array at the bracket that
// goes past it, as encoding/json refuses it.
func TestFramerTooDeep(t *testing.T) {
	data := []byte(`[{},` + strings.Repeat(`[`, MaxDepth+1) + strings.Repeat(`]`, MaxDepth+1) + `]`)
	for _, chunk := range []int{1, 100, 1 << 20} {
		elems, end, at := frameElements(data, chunk)
		if len(elems) != 1 || end != invalid || at != len(`[{},`)+MaxDepth {
			t.Errorf("chunk %d: %d elements, %s at %d; want 1, invalid at %d", chunk, len(elems), end, at, len(`[{},`)+MaxDepth)
		}
	}
	if _, end := refFrames(data); end != invalid {
		t.Errorf("encoding/json reads it to the end: %s", end)
	}
}

func FuzzFramer(f *testing.F) {
	for i, c := range framerCases {
		f.Add([]byte(c), uint16(i))
	}
	for _, s := range seedEntries() {
		f.Add([]byte("["+s+","+s+"]"), uint16(len(s)))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16) {
		checkFramer(t, data, int(chunk%512)+1)
	})
}

func BenchmarkFramer(b *testing.B) {
	data := sample.Array(1000, 1)
	b.SetBytes(int64(len(data)))
	var f Framer
	start := cpuTime()
	for b.Loop() {
		f.Reset()
		for i := 1; ; {
			ev, _, next := f.Next(data, i)
			i = next
			if ev != Element {
				break
			}
		}
	}
	reportCPU(b, start)
}
