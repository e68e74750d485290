package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestPageBodyGivesTheDataArray: whatever the member order, the spacing, the strings that hold
// brackets and how the body's reads are cut, the stream gets exactly the data array's elements
// and the endCursor is found.
func TestPageBodyGivesTheDataArray(t *testing.T) {
	data := `[{"id":"a","note":"]}[{\"\\"},{"id":"b","m":{"x":[1,2,{"y":"}"}]}} , {"id":"c"}]`
	var want []json.RawMessage
	if err := json.Unmarshal([]byte(data), &want); err != nil {
		t.Fatal(err)
	}
	info := `{"startCursor":null,"endCursor":"n+x/=="}`
	bodies := []string{
		`{"data":` + data + `,"pageInfo":` + info + `}`,
		` {"pageInfo":` + info + `,"data":` + data + `}` + "\n",
		"{\n \"other\": [\"]\", {\"data\": 1}],\t\"pageInfo\" : " + info + " ,\"data\" :" + data + ", \"more\":null }",
		`{"d\u0061ta":` + data + `,"pageInfo":` + info + `}`,
	}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for i, body := range bodies {
		for name, wrap := range readers {
			for _, cfg := range append([]streamConfig{pipelined, defaultStreamConfig}, smallStreams...) {
				t.Run(fmt.Sprintf("body %d, %s reads, buffer %d", i, name, cfg.bufSize), func(t *testing.T) {
					pb := &pageBody{r: wrap(strings.NewReader(body))}
					var got []json.RawMessage
					err := decodeEntriesConfig(pb, func(_ int, raw []byte, _ *WaitlistConsumer, _ error) bool {
						got = append(got, bytes.Clone(raw))
						return true
					}, cfg)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != len(want) {
						t.Fatalf("%d elements, want %d", len(got), len(want))
					}
					for k := range want {
						if !bytes.Equal(got[k], want[k]) {
							t.Fatalf("element %d: %s, want %s", k, got[k], want[k])
						}
					}
					if !pb.hasCursor || pb.cursor != "n+x/==" {
						t.Fatalf("cursor %q (%v)", pb.cursor, pb.hasCursor)
					}
				})
			}
		}
	}
}

// TestPageBodyOffsetsAreTheBody's: a syntax error names its offset in the body, inside data or
// in the envelope around it.
func TestPageBodyOffsetsAreTheBodys(t *testing.T) {
	for _, body := range []string{
		`  {"pageInfo":{"endCursor":null}, "data":[{"id":"a"},x]}`,
		`{"data":[{"id":"a"}] x}`,
		`{"data":[{"id":"a"}],"pageInfo":{"endCursor":7}}`,
	} {
		pb := &pageBody{r: iotest.HalfReader(strings.NewReader(body))}
		err := decodeEntries(pb, func(int, []byte, *WaitlistConsumer, error) bool { return true })
		pb.offsets(err)
		var syn *SyntaxError
		if !errors.As(err, &syn) {
			t.Fatalf("%s: error %v, want a *SyntaxError", body, err)
		}
		if at := strings.LastIndex(body, "x"); at >= 0 && syn.Offset != int64(at) {
			t.Fatalf("%s: offset %d, want %d (%v)", body, syn.Offset, at, err)
		}
		if syn.Offset < 0 || syn.Offset > int64(len(body)) {
			t.Fatalf("%s: offset %d outside the body", body, syn.Offset)
		}
	}
}
