package codec

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// refElements splits data as encoding/json's Decoder does: the elements it reads, in order,
// and whether it then read the array's end.
func refElements(data []byte) (elems [][]byte, ended bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, false
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return elems, false
		}
		elems = append(elems, raw)
	}
	_, err := dec.Token()
	return elems, err == nil
}

// frameElements runs the framer over data, revealing it chunk bytes at a time.
func frameElements(data []byte, chunk int) (elems [][]byte, ended, gaveUp bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, false, true
	}
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
			return elems, true, false
		case SyntaxError:
			return elems, false, true
		case NeedMore:
			if avail == len(data) {
				return elems, false, true
			}
			avail = min(len(data), avail+chunk)
		}
	}
}

// checkFramer fails t unless the framer's elements are encoding/json's (a prefix of them, when
// the framer gives up), and unless it reads a valid array to its end.
func checkFramer(t *testing.T, data []byte, chunk int) {
	t.Helper()
	want, wantEnded := refElements(data)
	got, ended, gaveUp := frameElements(data, chunk)
	if len(got) > len(want) {
		t.Fatalf("framer found %d elements, encoding/json %d, in %q", len(got), len(want), data)
	}
	for k := range got {
		if !bytes.Equal(got[k], want[k]) {
			t.Fatalf("element %d: framer %q, encoding/json %q, in %q", k, got[k], want[k], data)
		}
	}
	if ended && (!wantEnded || len(got) != len(want)) {
		t.Fatalf("framer read the whole array, encoding/json did not (%d of %d elements, ended %v): %q",
			len(got), len(want), wantEnded, data)
	}
	if gaveUp && wantEnded && !tooDeep(data) {
		t.Fatalf("framer gave up on a valid array after %d of %d elements (chunk %d): %q", len(got), len(want), chunk, data)
	}
}

// tooDeep reports whether data might nest deeper than the framer goes.
func tooDeep(data []byte) bool {
	return bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) > MaxDepth
}

var framerCases = []string{
	`[]`, ` [ ] `, `[1]`, `[1,2]`, `[1 2]`, `[1,]`, `[,1]`, `[`, `[1`, `[1,`, `["a"`, `[{}`, `[{}]`,
	`[{},{}]`, `[{}{}]`, `[{}}`, `[{]}`, `[[]]`, `[[1,[2,[3]]],{"a":{"b":[]}}]`, `[-0,0.5,1e5,-1.5E-3]`,
	`[01]`, `[-]`, `[1.]`, `[.5]`, `[1e]`, `[1e+]`, `[true,false,null]`, `[tru]`, `[truex]`, `[nul]`,
	`["\u0041\n\"\\\/\b\f\r\t"]`, `["\x"]`, `["\u00G1"]`, "[\"\x01\"]", "[\"\xff\"]", `[{"a":1,"b":[1,2]}]`,
	`[{"a" 1}]`, `[{"a":}]`, `[{1:2}]`, `[{"a":1,}]`, `[{"a":1"b":2}]`, `[1]x`, `[1] `, `[]]`,
	`["a\"b"]`, `["a\\"]`, `["a\\\"b"]`, `[{"a":"}"}]`, `[{"a":"]"}]`, "[\t\n\r 1 \t\n\r]",
	`[` + strings.Repeat(`[`, MaxDepth+5) + strings.Repeat(`]`, MaxDepth+5) + `]`,
	`[` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100) + `]`,
}

func TestFramer(t *testing.T) {
	for _, c := range framerCases {
		for _, chunk := range []int{1, 2, 3, 7, 64, 1 << 20} {
			checkFramer(t, []byte(c), chunk)
		}
	}
	data := sample.Array(200, 5)
	for _, chunk := range []int{1, 13, 1000, 4096, 1 << 20} {
		got, ended, _ := frameElements(data, chunk)
		if !ended || len(got) != 200 {
			t.Fatalf("chunk %d: %d elements, ended %v", chunk, len(got), ended)
		}
		checkFramer(t, data, chunk)
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
