package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// checkStream compares decodeEntries, in its default configuration and in small ones, with
// decodeEntriesStd on data served chunk bytes at a time and ended by end.
func checkStream(t *testing.T, data []byte, chunk int, end error, withData bool, stopAfter int) {
	t.Helper()
	checkShape(t, data, readShape{chunk: chunk, withData: withData}, end, stopAfter)
}

// checkShape compares decodeEntries with decodeEntriesStd on data read in the given shape (the
// same reads for both) and ended by end.
func checkShape(t *testing.T, data []byte, shape readShape, end error, stopAfter int) {
	t.Helper()
	chunk := max(shape.chunk, 1)
	newReader := func() io.Reader {
		r := &chunkReader{data: data, chunk: chunk, end: end, withData: shape.withData, empties: shape.empties}
		if shape.random {
			r.rng = rand.New(rand.NewPCG(uint64(len(data)), uint64(chunk)))
		}
		return r
	}
	want := record(decodeEntriesStd, newReader, stopAfter)
	for _, cfg := range append([]streamConfig{defaultStreamConfig}, smallStreams...) {
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
		if got.err != nil && got.err.Error() != want.err.Error() {
			t.Errorf("config %+v, reads %+v: error message %q, encoding/json %q\ndata %q", cfg, shape, got.err, want.err, clip(data))
		}
	}
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
	checkStream(t, data, 4000, io.EOF, true, -1)
	checkStream(t, data, 1<<20, io.EOF, false, 100)
	for range 12 {
		cut := r.IntN(len(data))
		checkStream(t, data[:cut], 1+r.IntN(70000), []error{io.EOF, errBoom}[r.IntN(2)], r.IntN(2) == 0, -1)
		damaged := append([]byte(nil), data...)
		damaged[r.IntN(len(damaged))] = "x{}[],:\"\\0 "[r.IntN(11)]
		checkStream(t, damaged, 1+r.IntN(70000), io.EOF, false, -1)
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
