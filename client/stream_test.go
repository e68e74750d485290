package client

// Differential tests of the stream decoder: decodeEntries against encoding/json's Decoder
// (decodeEntriesStd) on bodies good and bad, under every way a reader may split its reads and
// every size of the stream's machinery, and the offsets its errors give.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/internal/codec"
	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// errBoom is a transport error that the differential tests' readers end with.
var errBoom = errors.New("boom: connection reset")

// chunkReader serves data at most chunk bytes per Read, then ends with end (io.EOF or an
// error); with withData, the last bytes come with the end. With rng, each Read serves 1 to
// chunk bytes, at random; with empties, an empty (0, nil) read comes before every other one,
// the end included.
type chunkReader struct {
	data     []byte
	chunk    int
	end      error
	withData bool
	rng      *rand.Rand
	empties  bool
	emptied  bool
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.empties && !r.emptied {
		r.emptied = true
		return 0, nil
	}
	r.emptied = false
	if len(r.data) == 0 {
		return 0, r.end
	}
	size := r.chunk
	if r.rng != nil {
		size = 1 + r.rng.IntN(r.chunk)
	}
	n := copy(p[:min(len(p), size)], r.data)
	r.data = r.data[n:]
	if len(r.data) == 0 && r.withData {
		return n, r.end
	}
	return n, nil
}

// transcript is everything a stream decoder told its sink, and what it returned.
type transcript struct {
	events []string
	err    error
}

// record runs decode over a fresh reader of the case, stopping the sink after stopAfter
// elements (never, when negative).
func record(decode func(io.Reader, entrySink) error, newReader func() io.Reader, stopAfter int) transcript {
	var t transcript
	t.err = decode(newReader(), func(i int, raw []byte, e *WaitlistConsumer, err error) bool {
		entry, _ := json.Marshal(e)
		if err != nil {
			t.events = append(t.events, fmt.Sprintf("%d: error %v (entry %s) raw %q", i, err, entry, raw))
		} else {
			t.events = append(t.events, fmt.Sprintf("%d: %s raw %q", i, entry, raw))
		}
		return stopAfter < 0 || len(t.events) < stopAfter
	})
	return t
}

// errClass says what kind of final error err is, as the contract distinguishes them.
func errClass(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, errBoom):
		return "reader error"
	case errors.Is(err, ErrMalformedResponse) && errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed (truncated)"
	case errors.Is(err, ErrMalformedResponse):
		return "malformed"
	}
	return "other: " + err.Error()
}

// smallStreams makes the machinery tiny, so that short inputs go through batches, rotations,
// buffer growth and the workers.
var smallStreams = []streamConfig{
	{bufSize: 64, minRead: 16, seqEntries: 1, workers: 2},
	{bufSize: 256, minRead: 32, seqEntries: 3, workers: 3},
	{bufSize: 4096, minRead: 1024, seqEntries: 2, workers: 2},
}

// readShape is how a reader splits its reads: at most chunk bytes each (1 to chunk at random,
// with random), an empty read before every other one (empties), the last bytes with the end
// (withData).
type readShape struct {
	chunk                     int
	random, empties, withData bool
}

// readShapes are the read patterns every stream is compared under: the whole body in one
// read, one byte at a time, random splits, empty reads, the data returned with the end.
var readShapes = []readShape{
	{chunk: 1 << 20}, {chunk: 1}, {chunk: 3}, {chunk: 64},
	{chunk: 97, random: true}, {chunk: 5000, random: true},
	{chunk: 1, empties: true}, {chunk: 300, random: true, empties: true},
	{chunk: 1 << 20, withData: true}, {chunk: 7, random: true, withData: true, empties: true},
}

// reader serves data in the shape's reads, then ends with end.
func (s readShape) reader(data []byte, end error) io.Reader {
	chunk := max(s.chunk, 1)
	r := &chunkReader{data: data, chunk: chunk, end: end, withData: s.withData, empties: s.empties}
	if s.random {
		r.rng = rand.New(rand.NewPCG(uint64(len(data)), uint64(chunk)))
	}
	return r
}

// streamConfigs are the sizes of the stream's machinery every body is decoded with.
var streamConfigs = append([]streamConfig{defaultStreamConfig}, smallStreams...)

// checkShape compares decodeEntries with decodeEntriesStd on data read in the given shape (the
// same reads for both) and ended by end, the sink stopping after stopAfter elements (never,
// when negative): the same elements delivered, then an error of the same class, whose offset
// is where encoding/json finds the body going wrong.
func checkShape(t *testing.T, data []byte, shape readShape, end error, stopAfter int) {
	t.Helper()
	newReader := func() io.Reader { return shape.reader(data, end) }
	want := record(decodeEntriesStd, newReader, stopAfter)
	for _, cfg := range streamConfigs {
		got := record(func(r io.Reader, sink entrySink) error { return decodeEntriesConfig(r, sink, cfg) }, newReader, stopAfter)
		if len(got.events) != len(want.events) {
			t.Fatalf("config %+v, reads %+v, end %v, stop %d: %d elements, encoding/json %d\ndata %q\ngot  %q\nwant %q",
				cfg, shape, end, stopAfter, len(got.events), len(want.events), clip(data), clipAll(got.events), clipAll(want.events))
		}
		for i := range got.events {
			if got.events[i] != want.events[i] {
				t.Fatalf("config %+v, reads %+v: element %d differs\ndata %q\ngot  %s\nwant %s", cfg, shape, i, clip(data), got.events[i], want.events[i])
			}
		}
		if errClass(got.err) != errClass(want.err) {
			t.Fatalf("config %+v, reads %+v, end %v, stop %d: error %v (%s), encoding/json %v (%s)\ndata %q",
				cfg, shape, end, stopAfter, got.err, errClass(got.err), want.err, errClass(want.err), clip(data))
		}
		if msg := offsetProblem(data, got.err); msg != "" {
			t.Fatalf("config %+v, reads %+v, end %v: %v: %s\ndata %q", cfg, shape, end, got.err, msg, clip(data))
		}
	}
}

// offsetProblem says what is wrong with the offset of err, if it is a *SyntaxError for data
// (the whole body), judged by encoding/json alone: "" when nothing is. Bodies that may nest
// near encoding/json's depth limit are not judged (Go versions count it differently).
func offsetProblem(data []byte, err error) string {
	var se *SyntaxError
	if !errors.As(err, &se) || bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) >= codec.MaxDepth {
		return ""
	}
	at := se.Offset
	lead := int64(codec.SkipSpace(data, 0))
	dec := json.NewDecoder(bytes.NewReader(data[lead:]))
	var array json.RawMessage
	switch {
	case lead == int64(len(data)) || data[lead] != '[': // not an array: its first byte
		if at != lead {
			return fmt.Sprintf("the body's first byte other than white space is at %d", lead)
		}
	case dec.Decode(&array) == nil: // data after the array: its first byte
		if after := int64(codec.SkipSpace(data, int(lead)+len(array))); at != after {
			return fmt.Sprintf("the array ends at %d, the data after it starts at %d", lead+int64(len(array)), after)
		}
	case errors.Is(err, io.ErrUnexpectedEOF): // cut inside the array: its length
		if at != int64(len(data)) {
			return fmt.Sprintf("the body is %d bytes long", len(data))
		}
	case at >= int64(len(data)):
		return "past the body's end"
	default: // the first byte that no array can go on with
		if c := refClass(data[:at]); c != "malformed (truncated)" {
			return fmt.Sprintf("encoding/json finds the bytes before the offset %s, not an array cut short", c)
		}
		if c := refClass(data[:at+1]); c != "malformed" {
			return fmt.Sprintf("encoding/json finds the bytes up to the offset %s, not malformed", c)
		}
	}
	return ""
}

// refClass is the class of encoding/json's error on the body data.
func refClass(data []byte) string {
	return errClass(decodeEntriesStd(bytes.NewReader(data), func(int, []byte, *WaitlistConsumer, error) bool { return true }))
}

func clip(b []byte) []byte {
	if len(b) > 600 {
		return append(append([]byte(nil), b[:300]...), append([]byte(" … "), b[len(b)-300:]...)...)
	}
	return b
}

func clipAll(events []string) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(clip([]byte(e)))
	}
	return out
}

// streamCases are whole bodies: arrays good and bad, and what is not an array.
var streamCases = []string{
	``, ` `, `[]`, ` [ ] `, "[]\n", `[] `, `[]x`, `[] []`, `[] 1`, `[]]`, `[] "a`, `{}`, `null`, `"x"`, `1`,
	`x`, `[`, `[ `, `[1`, `[1,`, `[0,""`, `[""`, `["a" `, `[true`, `[null`, `[{}`, `[[]`, `[{},`, `[{}]`, `[{},{}]`, `[{}{}]`, `[{},]`, `[,{}]`, `[{}}`,
	`[{]}`, `[null]`, `[null,{}]`, `[1,"a",true,[],{}]`, `[{"id":"a"},{"id":1},{"id":"c"}]`,
	`[{"id":"a"} {"id":"b"}]`, `[{"id":"a"},{"id":"b"`, `[{"id":"a"},{"id":"b"}] x`, `[{"id":"a"},{"id":}]`,
	`[{"consumer":{"createdAt":"bad"}},{"id":"ok"}]`, `[truex]`, `[1 2]`, `[-]`, `[01]`, "\ufeff[]",
	`[{"id":"` + strings.Repeat("long ", 100) + `"}]`,
	`[` + strings.Repeat(`[`, 600) + strings.Repeat(`]`, 600) + `]`,
	`[{},` + strings.Repeat(`[`, 600) + strings.Repeat(`]`, 600) + `,{"id":"after"}]`,
	`[{"id":"abc","id":""},{"status":"left","status":""},{"consumer":{"email":"a@b","email":"","fullName":"x","fullName":null}}]`,
	`[{"ID":"upper","Id":"mixed","\u0069d":"escaped"},{"__proto__":{"x":1},"consumer":{"EMAIL":"e"}}]`,
	"[{\"id\":\"bad \xff\xfe utf8\"},{\"id\":\"\\ud800 lone\"},{\"id\":\"\\u0000\"}]",
	`[{"consumer":{"activityScore":1e400}},{"consumer":{"activityRank":1.0}},{"consumer":{"activityScore":-0,"engagedCount":5e-324}}]`,
	`[{},` + strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001) + `]`,
	`[0,{}]`, `[{} , {} ,{}]`, "[\n\t{ \"id\" : \"spaced\" }\r\n]",
	`[{"id":"m","consumer":{"metadata":{"big":12345678901234567891,"inf":1e400,"negz":-0,"e":1.5e-07},"totalOrders":"7"},"x":[1e400,-0]}]`,
	`[{"id":"g","consumer":{"lastGeoCoordinates":{"latitude":"1","longitude":[]},"createdAt":"2025-01-01 00:00:00"},"status":{}}]`,
}

// TestDecodeEntriesMatchesStd compares every stream case under every read pattern, ended by
// io.EOF or by a reader error, read to the end or stopped after two elements.
func TestDecodeEntriesMatchesStd(t *testing.T) {
	for _, c := range streamCases {
		for _, shape := range readShapes {
			for _, end := range []error{io.EOF, errBoom} {
				checkShape(t, []byte(c), shape, end, -1)
				checkShape(t, []byte(c), shape, end, 2)
			}
		}
	}
}

// TestDecodeEntriesRealistic compares long realistic streams, whole, cut, damaged and
// stopped, through the parallel phase.
func TestDecodeEntriesRealistic(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	data := sample.Array(400, 11)
	for _, shape := range readShapes[4:] { // the shapes that are not a byte or a few at a time
		checkShape(t, data, shape, io.EOF, -1)
	}
	checkShape(t, data, readShape{chunk: 4000, withData: true}, io.EOF, -1)
	checkShape(t, data, readShape{chunk: 1 << 20}, io.EOF, 100)
	for range 12 {
		cut := r.IntN(len(data))
		checkShape(t, data[:cut], readShape{chunk: 1 + r.IntN(70000), withData: r.IntN(2) == 0}, []error{io.EOF, errBoom}[r.IntN(2)], -1)
		damaged := append([]byte(nil), data...)
		damaged[r.IntN(len(damaged))] = "x{}[],:\"\\0 "[r.IntN(11)]
		checkShape(t, damaged, readShape{chunk: 1 + r.IntN(70000)}, io.EOF, -1)
	}
}

// TestStreamErrorOffsets: a malformed body's *SyntaxError gives the offset of the byte where
// the body goes wrong (its length, for a body cut short inside the array), whatever the reads
// and the machinery's sizes, however far into the body it is.
func TestStreamErrorOffsets(t *testing.T) {
	long := sample.Array(300, 12)
	third := `[{"id":"a"},{"id":"b"},{"id":"c","status" "left"}]`
	badString := bytes.Clone(long)
	at := bytes.Index(badString[len(long)*4/5:], []byte(`"id":"`)) + len(long)*4/5 + len(`"id":"`)
	badString[at] = 0x01 // a control byte inside a string
	deep := `[{},` + strings.Repeat(`[`, codec.MaxDepth+1) + strings.Repeat(`]`, codec.MaxDepth+1) + `]`
	spaces := strings.Repeat(" ", 3*defaultBufSize)
	for _, tc := range []struct {
		name      string
		body      string
		at        int
		truncated bool
	}{
		{"not an array: its first byte after the white space", " \n {\"id\":\"x\"}", 3, false},
		{"white space past a buffer, then HTML: its first byte", spaces + "<html>", len(spaces), false},
		{"a value cut short where the array should be: its first byte", ` "[{\"id\"`, 1, true},
		{"white space only: its length", "  \t", 3, false},
		{"garbage after the array: its first byte", `[{"id":"a"}]  x`, len(`[{"id":"a"}]  `), false},
		{"a second array after the array: its first byte", `[] []`, 3, false},
		{"a bad byte inside the third element", third, strings.Index(third, `"left"`), false},
		{"a control byte in a string far into a long body", string(badString), at, false},
		{"a bracket nesting past encoding/json's limit", deep, len(`[{},`) + codec.MaxDepth, false},
		{"the body cut inside the array: its length", `[{"id":"a"},{"id":"b"`, len(`[{"id":"a"},{"id":"b"`), true},
		{"a long body cut inside an element: its length", string(long[:len(long)*2/3]), len(long) * 2 / 3, true},
	} {
		for _, shape := range readShapes {
			for _, cfg := range streamConfigs {
				err := decodeEntriesConfig(shape.reader([]byte(tc.body), io.EOF), func(int, []byte, *WaitlistConsumer, error) bool { return true }, cfg)
				var se *SyntaxError
				if !errors.As(err, &se) || se.Offset != int64(tc.at) || errors.Is(err, io.ErrUnexpectedEOF) != tc.truncated {
					t.Fatalf("%s: reads %+v, config %+v: error %v; want a *SyntaxError at %d (truncated: %v)", tc.name, shape, cfg, err, tc.at, tc.truncated)
				}
			}
		}
	}
}

func FuzzDecodeEntries(f *testing.F) {
	for i, c := range streamCases {
		f.Add([]byte(c), uint16(i), uint8(i))
	}
	for i := range 3 {
		f.Add(sample.Array(i+2, uint64(i)), uint16(100*i+7), uint8(4*i))
	}
	for i, shape := range readShapes {
		f.Add([]byte(streamCases[(7*i)%len(streamCases)]), shape.fuzzChunk(), uint8(i))
	}
	// chunk's low 14 bits are the reads' size; bit 15 makes the sizes random (1 to it), bit 14
	// puts an empty read before every other one. mode: bit 0 ends with a reader error instead
	// of io.EOF, bit 1 returns the last bytes with the end, bit 2 stops the sink after mode>>3
	// elements.
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16, mode uint8) {
		end := io.EOF
		if mode&1 != 0 {
			end = errBoom
		}
		stop := -1
		if mode&4 != 0 {
			stop = int(mode >> 3)
		}
		shape := readShape{chunk: int(chunk & 0x3fff), random: chunk&0x8000 != 0, empties: chunk&0x4000 != 0, withData: mode&2 != 0}
		checkShape(t, data, shape, end, stop)
	})
}

// fuzzChunk is the shape as FuzzDecodeEntries's chunk argument.
func (s readShape) fuzzChunk() uint16 {
	c := uint16(min(s.chunk, 0x3fff))
	if s.random {
		c |= 0x8000
	}
	if s.empties {
		c |= 0x4000
	}
	return c
}

// TestWriteStreamCorpus writes streamCases into testdata/fuzz/FuzzDecodeEntries when
// FANFARE_WRITE_CORPUS is set, so that the seeds are committed with the fuzz target.
func TestWriteStreamCorpus(t *testing.T) {
	if os.Getenv("FANFARE_WRITE_CORPUS") == "" {
		t.Skip("set FANFARE_WRITE_CORPUS=1 to rewrite testdata/fuzz/FuzzDecodeEntries")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeEntries")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, c := range streamCases {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nuint16(%d)\nuint8(%d)\n", c, 1+i*7%64, i%64)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%03d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The same cases under the random and empty-read patterns.
	for i, c := range streamCases {
		shape := readShapes[4+i%(len(readShapes)-4)]
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nuint16(%d)\nuint8(%d)\n", c, shape.fuzzChunk(), (i*5)%64)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("shape-%03d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
