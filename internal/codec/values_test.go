package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// unmarshalUseNumber is json.Unmarshal with numbers in `any` values as json.Number, as gen's
// UnmarshalJSON decodes them (UseNumber changes nothing for typed values).
func unmarshalUseNumber(raw []byte, p any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(p); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the value")
	}
	return nil
}

// checkValue decodes raw into a fresh copy of *start with dec and with encoding/json, and fails
// t when dec claims a result that encoding/json does not give.
func checkValue[T any](t *testing.T, raw string, start T, dec func(*Decoder, *T) bool) {
	t.Helper()
	want := start
	wantErr := unmarshalUseNumber([]byte(raw), &want)
	got := start
	var d Decoder
	d.start([]byte(raw))
	d.i = skipSpace(d.b, 0)
	ok := d.i < len(d.b) && dec(&d, &got) && d.end()
	if !ok {
		return // giving up is always allowed
	}
	d.alloc.finish()
	if wantErr != nil {
		t.Fatalf("%T from %s: decoded %v where encoding/json fails: %v", start, raw, dump(got), wantErr)
	}
	if !sameValue(got, want) {
		t.Fatalf("%T from %s: %s, encoding/json %s", start, raw, dump(got), dump(want))
	}
}

// TestValueDecoders covers the decoders the generator uses for kinds of fields the waitlist's
// types may come to have (pointers to bools and numbers, `any`, types left to encoding/json).
func TestValueDecoders(t *testing.T) {
	one, yes, half := 1, true, 0.5
	raws := []string{`true`, `false`, `null`, `1`, `-3`, `300`, `1.5`, `1e2`, `1e400`, `"x"`, `"\u00e9"`,
		`[]`, `[1,"a",null,[true]]`, `{}`, `{"a":1,"a":{"b":[]}}`, `99999999999999999999`, `tru`, `[1,]`, `{"a"}`}
	for _, raw := range raws {
		checkValue(t, raw, (*bool)(nil), decBoolPtr[bool])
		checkValue(t, raw, &yes, decBoolPtr[bool])
		checkValue(t, raw, (*int)(nil), decIntPtr[int])
		checkValue(t, raw, &one, decIntPtr[int])
		checkValue(t, raw, int8(0), decInt[int8])
		checkValue(t, raw, (*float64)(nil), decFloat64Ptr[float64])
		checkValue(t, raw, &half, decFloat64Ptr[float64])
		checkValue(t, raw, any(nil), decAny)
		checkValue(t, raw, any("before"), decAny)
		checkValue(t, raw, map[string]any(nil), decMap[map[string]any])
		checkValue(t, raw, map[string]any{"keep": 1.0}, decMap[map[string]any])
		checkValue(t, raw, []string(nil), func(d *Decoder, p *[]string) bool { return d.unmarshal(p) })
		checkValue(t, raw, map[string]int{"keep": 1}, func(d *Decoder, p *map[string]int) bool { return d.unmarshal(p) })
	}
	// The decoders must not give up on what they are for.
	var d Decoder
	var p *int
	d.start([]byte(`42`))
	if !decIntPtr(&d, &p) || p == nil || *p != 42 {
		t.Errorf("decIntPtr gave up on 42")
	}
	var s []string
	d.start([]byte(`["a","b"]`))
	if !d.unmarshal(&s) || !reflect.DeepEqual(s, []string{"a", "b"}) {
		t.Errorf("unmarshal gave up on a []string")
	}
}

// TestAnyDepthUnwindsAfterGivingUp: metadata nested past maxAnyDepth is decoded by keep with
// encoding/json, and the decoder's depth of `any` values is back at 0 for what follows.
func TestAnyDepthUnwindsAfterGivingUp(t *testing.T) {
	n := maxAnyDepth + 1
	raw := `{"consumer":{"metadata":{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `},"email":"a@b.c"}}`
	var d Decoder
	if !checkDecode(t, &d, []byte(raw)) {
		t.Fatal("left to encoding/json")
	}
	if d.depth != 0 {
		t.Fatalf("depth %d after the entry, want 0", d.depth)
	}
}
