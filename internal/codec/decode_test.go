package codec

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/gen"
	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// checkDecode decodes raw with the fast decoder and with encoding/json and fails t when the
// fast decoder claims a result that encoding/json does not give. It reports whether the fast
// decoder decoded raw (rather than giving up).
func checkDecode(t *testing.T, d *Decoder, raw []byte) bool {
	t.Helper()
	var want gen.WaitlistConsumer
	wantErr := json.Unmarshal(raw, &want)
	var got gen.WaitlistConsumer
	if !d.DecodeWaitlistConsumer(raw, &got) {
		return false
	}
	if wantErr != nil {
		t.Fatalf("fast decoder accepted what encoding/json refuses (%v):\n%q", wantErr, raw)
	}
	if !json.Valid(raw) {
		t.Fatalf("fast decoder accepted invalid JSON:\n%q", raw)
	}
	if !sameValue(got, want) {
		t.Fatalf("fast decoder differs from encoding/json on\n%q\ngot  %s\nwant %s", raw, dump(got), dump(want))
	}
	return true
}

// sameValue compares decoded values deeply and, through their JSON, to the bit (-0 vs 0).
func sameValue(a, b any) bool {
	return reflect.DeepEqual(a, b) && dump(a) == dump(b)
}

func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}

func TestDecodeSeeds(t *testing.T) {
	var d Decoder
	decoded := 0
	for _, s := range seedEntries() {
		if checkDecode(t, &d, []byte(s)) {
			decoded++
		}
	}
	// Most of the seeds are for the fast path, not around it.
	if decoded < len(edgeEntries)/3 {
		t.Errorf("the fast path decoded only %d of %d seeds", decoded, len(seedEntries()))
	}
}

// TestMisfitsStayOnTheFastPath: an entry whose members have values their fields cannot hold is
// decoded by the fast path, exactly as encoding/json decodes it (those members kept in
// AdditionalProperties).
func TestMisfitsStayOnTheFastPath(t *testing.T) {
	var d Decoder
	for _, s := range misfitEntries {
		if !checkDecode(t, &d, []byte(s)) {
			t.Errorf("left to encoding/json: %s", s)
		}
	}
}

// TestDecodeRealistic: realistic entries, escapes and all, never leave the fast path.
func TestDecodeRealistic(t *testing.T) {
	var d Decoder
	for i := range 3000 {
		raw := sample.Entry(nil, i, 3)
		if !checkDecode(t, &d, raw) {
			t.Fatalf("the fast path gave up on a realistic entry:\n%s", raw)
		}
	}
}

// TestUnknownMembersAndDefaults: members the spec does not know are kept, as their exact bytes,
// whatever their case (a key is a field's only when it matches exactly), and a left-out or null
// aov or ltv reads as its default "0": on the fast path, as encoding/json with the generated
// UnmarshalJSON does.
func TestUnknownMembersAndDefaults(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		check func(e *gen.WaitlistConsumer) bool
	}{
		{`{"id":"a","future":{ "a" : [1, null] },"ID":"x"}`, func(e *gen.WaitlistConsumer) bool {
			return e.ID == "a" && string(e.AdditionalProperties["future"]) == `{ "a" : [1, null] }` && string(e.AdditionalProperties["ID"]) == `"x"`
		}},
		{`{"consumer":{"id":"c","big":12345678901234567890,"esc":"\u00e9\"","lastGeoCoordinates":{"latitude":1,"longitude":2,"alt":null}}}`, func(e *gen.WaitlistConsumer) bool {
			k := &e.Consumer
			return string(k.AdditionalProperties["big"]) == `12345678901234567890` && string(k.AdditionalProperties["esc"]) == `"\u00e9\""` &&
				string(k.LastGeoCoordinates.AdditionalProperties["alt"]) == `null` && e.AdditionalProperties == nil
		}},
		{`{"consumer":{}}`, func(e *gen.WaitlistConsumer) bool { return e.Consumer.Aov == "0" && e.Consumer.Ltv == "0" }},
		{`{"consumer":null}`, func(e *gen.WaitlistConsumer) bool { return e.Consumer.Aov == "0" && e.Consumer.Ltv == "0" }},
		{`{"consumer":{"aov":null,"ltv":""}}`, func(e *gen.WaitlistConsumer) bool { return e.Consumer.Aov == "0" && e.Consumer.Ltv == "" }},
		{`{}`, func(e *gen.WaitlistConsumer) bool { return e.Consumer.Aov == "" && e.AdditionalProperties == nil }},
	} {
		var d Decoder
		if !checkDecode(t, &d, []byte(tc.raw)) {
			t.Errorf("the fast path gave up on %s", tc.raw)
			continue
		}
		var e gen.WaitlistConsumer
		d.DecodeWaitlistConsumer([]byte(tc.raw), &e)
		if !tc.check(&e) {
			t.Errorf("%s decoded to %s", tc.raw, dump(e))
		}
	}
}

// TestDecodeReusesNothing: decoded strings do not alias the input or the decoder's scratch.
func TestDecodeReusesNothing(t *testing.T) {
	var d Decoder
	raw := sample.Entry(nil, 1, 1)
	var a gen.WaitlistConsumer
	if !d.DecodeWaitlistConsumer(raw, &a) {
		t.Fatal("gave up")
	}
	before := dump(a)
	for i := range raw {
		raw[i] = 'X'
	}
	var b gen.WaitlistConsumer
	d.DecodeWaitlistConsumer(sample.Entry(nil, 2, 1), &b)
	if dump(a) != before {
		t.Fatal("a decoded entry changed when the input and the decoder were reused")
	}
}

// TestNumbers compares the number parsers with strconv on random and tricky numbers.
func TestNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var nums []string
	for range 200000 {
		var s string
		switch r.IntN(5) {
		case 0:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(40)-20)), 'g', -1, 64)
		case 1:
			s = strconv.FormatInt(r.Int64()>>r.IntN(63), 10)
		case 2:
			s = strconv.Itoa(r.IntN(1000000)) + "." + strconv.Itoa(r.IntN(1000000))
		case 3:
			s = strconv.FormatFloat(math.Float64frombits(r.Uint64()), 'e', r.IntN(20), 64)
		default:
			s = strconv.Itoa(r.IntN(100)) + "e" + strconv.Itoa(r.IntN(50)-25)
		}
		if r.IntN(2) == 0 && s[0] != '-' {
			s = "-" + s
		}
		nums = append(nums, s)
	}
	nums = append(nums, "0", "-0", "-0.0", "1e22", "1e23", "9007199254740993", "123456789012345",
		"1234567890123456", "0.1", "1.7976931348623157e308", "2e308", "5e-324", "1e-400",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"999999999999999999", "-999999999999999999", "1000000000000000000", "0e5", "0.000e-3")
	var d Decoder
	for _, s := range nums {
		if !json.Valid([]byte(s)) || s == "NaN" || s == "+Inf" || s == "-Inf" {
			continue
		}
		d.start([]byte(s))
		f, ok := d.float64()
		want, err := strconv.ParseFloat(s, 64)
		if ok != (err == nil) || ok && math.Float64bits(f) != math.Float64bits(want) {
			t.Fatalf("float64(%s) = %v, %v; strconv: %v, %v", s, f, ok, want, err)
		}
		d.start([]byte(s))
		n, ok := d.int64()
		wantN, err := strconv.ParseInt(s, 10, 64)
		if ok != (err == nil) || ok && n != wantN {
			t.Fatalf("int64(%s) = %v, %v; strconv: %v, %v", s, n, ok, wantN, err)
		}
	}
}

func FuzzDecodeWaitlistConsumer(f *testing.F) {
	for _, s := range seedEntries() {
		f.Add([]byte(s))
	}
	var d Decoder
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkDecode(t, &d, raw)
	})
}

// benchEntries returns 1,000 realistic entries, each changed by edit, after setting b's bytes
// per op to their total length.
func benchEntries(b *testing.B, edit func(e []byte)) [][]byte {
	var entries [][]byte
	size := 0
	for i := range 1000 {
		e := sample.Entry(nil, i, 1)
		edit(e)
		entries = append(entries, e)
		size += len(e)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	return entries
}

func BenchmarkDecode(b *testing.B) {
	entries := benchEntries(b, func([]byte) {})
	var d Decoder
	vs := make([]gen.WaitlistConsumer, 1)
	start := cpuTime()
	for b.Loop() {
		for _, e := range entries {
			vs[0] = gen.WaitlistConsumer{}
			d.DecodeWaitlistConsumer(e, &vs[0])
		}
	}
	reportCPU(b, start)
}

func BenchmarkUnmarshal(b *testing.B) {
	raw := sample.Array(1000, 1)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		var v []gen.WaitlistConsumer
		if err := json.Unmarshal(raw, &v); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkDecodeOdd decodes 1,000 realistic entries that each have one member its field cannot
// hold (the consumer's createdAt not in RFC 3339) as the client does: the fast path, and
// encoding/json when the fast path gives up.
func BenchmarkDecodeOdd(b *testing.B) {
	entries := benchEntries(b, func(e []byte) {
		at := bytes.Index(e, []byte(`"createdAt":"`)) + len(`"createdAt":"`)
		e[at+10] = ' ' // 2025-11-24T18:41:43Z becomes 2025-11-24 18:41:43Z
	})
	var d Decoder
	vs := make([]gen.WaitlistConsumer, 1)
	start := cpuTime()
	for b.Loop() {
		for _, e := range entries {
			vs[0] = gen.WaitlistConsumer{}
			if !d.DecodeWaitlistConsumer(e, &vs[0]) {
				vs[0] = gen.WaitlistConsumer{}
				if err := json.Unmarshal(e, &vs[0]); err != nil {
					b.Fatal(err)
				}
			}
			if vs[0].Consumer.AdditionalProperties["createdAt"] == nil {
				b.Fatal("createdAt not kept")
			}
		}
	}
	reportCPU(b, start)
}

// TestDepthCountsFromTheElement: a member's value nests toward MaxDepth from the element's top,
// as encoding/json counts, whether it is an unknown member, a value its field cannot hold or
// metadata; past the limit the fast path leaves the element to encoding/json, which refuses it.
func TestDepthCountsFromTheElement(t *testing.T) {
	var d Decoder
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, n := range []int{MaxDepth - 3, MaxDepth - 2, MaxDepth - 1, MaxDepth} {
		for _, raw := range []string{
			`{"x":` + deep(n) + `}`,
			`{"consumer":{"createdAt":` + deep(n) + `}}`,
			`{"consumer":{"lastGeoCoordinates":{"latitude":` + deep(n) + `}}}`,
			`{"consumer":{"metadata":{"a":` + deep(n) + `}}}`,
		} {
			checkDecode(t, &d, []byte(raw)) // fails when the fast path accepts what encoding/json refuses
		}
	}
}
