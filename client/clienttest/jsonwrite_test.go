package clienttest

// The fake's JSON writer: strings and floats that decode to what was written, nulls and explicit
// zeros where the presence says, unknown members written as they are, and bad ones refused.

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

var trickyStrings = []string{
	"", "plain", `quote " and backslash \`, "newline\nreturn\rtab\t", "\x00\x01\x1f\x7f",
	"Zoë Müller", "東京都", "محمد", "🎉👟", "<script>&amp;</script>", "line\u2028sep\u2029para",
	"bad utf8 \xff\xfe end", "\xc3", "O'Brien, \"Jr.\"",
}

func TestAppendStringDecodesToTheSameString(t *testing.T) {
	for _, s := range trickyStrings {
		checkString(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

// checkString asserts that appendString(s) is valid JSON decoding to s, or for invalid UTF-8,
// to what encoding/json makes of it.
func checkString(t *testing.T, s string) {
	raw := appendString(nil, s)
	var got string
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%q: %s does not decode: %v", s, raw, err)
	}
	want := s
	if !utf8.ValidString(s) {
		want = strings.ToValidUTF8(s, "\ufffd")
		ref, _ := json.Marshal(s)
		_ = json.Unmarshal(ref, &want)
	}
	if got != want {
		t.Fatalf("%q: %s decodes to %q", s, raw, got)
	}
}

func TestAppendFloatDecodesToTheSameFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.1, 42.5, 129.9, 1e20, 1e21, 1.5e21, 1e-6, 1e-7, 1.5e-7,
		math.MaxFloat64, math.SmallestNonzeroFloat64, -123456.789, 9007199254740993} {
		raw := appendFloat(nil, f)
		var got float64
		if err := json.Unmarshal(raw, &got); err != nil || got != f {
			t.Errorf("%v: %s decodes to %v (%v)", f, raw, got, err)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := string(appendFloat(nil, f)); got != "null" {
			t.Errorf("%v written as %s, want null", f, got)
		}
	}
}

// eachField calls fn with every field of the object o describes, held in v (a struct) and sent
// as m, and with the fields of the objects within it that were sent.
func eachField(o *schema.Object, v reflect.Value, m map[string]any, fn func(f *schema.Field, gv reflect.Value, wire any, sent bool)) {
	for i := range o.Fields {
		f := &o.Fields[i]
		gv := v.FieldByName(f.Go)
		w, sent := m[f.JSON]
		fn(f, gv, w, sent)
		sub, _ := w.(map[string]any)
		if f.Object == nil || sub == nil {
			continue
		}
		if gv.Kind() == reflect.Pointer {
			gv = gv.Elem()
		}
		eachField(f.Object, gv, sub, fn)
	}
}

// isEmpty reports whether gv, field f's Go value, is nil or, held plainly, its default (or zero).
func isEmpty(f *schema.Field, gv reflect.Value) bool {
	if !plain(f) {
		return gv.IsNil()
	}
	d := reflect.New(gv.Type())
	if f.HasDefault {
		_ = json.Unmarshal([]byte(f.Default), d.Interface())
	}
	return reflect.DeepEqual(gv.Interface(), d.Elem().Interface())
}

// writeAndCheck writes e with presence p, checks that it decodes to e, and calls fn with each of
// its empty optional fields and what was sent of it.
func writeAndCheck(t *testing.T, e *client.WaitlistConsumer, p *presence, fn func(f *schema.Field, wire any, sent bool)) {
	t.Helper()
	raw := appendEntry(nil, e, p)
	var back client.WaitlistConsumer
	if err := json.Unmarshal(raw, &back); err != nil || !reflect.DeepEqual(&back, e) {
		t.Fatalf("%s decodes to another entry (%v):\n%+v\n%+v", raw, err, back, *e)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	n := 0
	eachField(schema.WaitlistConsumer, reflect.ValueOf(e).Elem(), m, func(f *schema.Field, gv reflect.Value, wire any, sent bool) {
		if !f.Required && isEmpty(f, gv) {
			n++
			fn(f, wire, sent)
		}
	})
	if n == 0 {
		t.Fatal("no empty optional field")
	}
}

// emptyEntry is an entry whose optional fields are all empty (synthetic entry 2).
func emptyEntry() client.WaitlistConsumer { return SyntheticEntry(1, 2) }

func TestZeroPresenceWritesNullsAndLeavesOutDefaults(t *testing.T) {
	e := emptyEntry()
	writeAndCheck(t, &e, &presence{}, func(f *schema.Field, wire any, sent bool) {
		if want := f.Nullable && !plain(f); sent != want || wire != nil {
			t.Errorf("%s: sent %v (%v), want sent %v as null", f.JSON, sent, wire, want)
		}
	})
}

func TestPresenceFlipsEachEmptyField(t *testing.T) {
	e := emptyEntry()
	var all presence
	for i := range all {
		all[i] = ^uint64(0)
	}
	writeAndCheck(t, &e, &all, func(f *schema.Field, wire any, sent bool) {
		if sent != plain(f) {
			t.Errorf("%s: sent %v (%v), want it sent only when a plain default", f.JSON, sent, wire)
		}
	})
}

func TestExplicitPresenceWritesEveryField(t *testing.T) {
	e := emptyEntry()
	e.Status = "someday" // an enum value the spec does not know
	writeAndCheck(t, &e, &explicit, func(f *schema.Field, wire any, sent bool) {
		if want := f.Nullable || plain(f); sent != want {
			t.Errorf("%s: sent %v (%v), want %v", f.JSON, sent, wire, want)
		}
	})
	raw := string(appendEntry(nil, &e, &explicit))
	if !strings.Contains(raw, `"status":"someday"`) {
		t.Errorf("the unknown status is not sent as it is: %s", raw)
	}
}

func TestAppendEntryWritesTimesAndMetadataExactly(t *testing.T) {
	e := emptyEntry()
	e.Consumer.CreatedAt = time.Date(2024, 2, 3, 4, 5, 6, 7, time.UTC)
	e.Consumer.Metadata = client.Metadata{"n": 3, "nested": map[string]any{"a": 1}, "s": "x"}
	var m map[string]any
	if err := json.Unmarshal(appendEntry(nil, &e, &presence{}), &m); err != nil {
		t.Fatal(err)
	}
	k := m["consumer"].(map[string]any)
	if k["createdAt"] != "2024-02-03T04:05:06.000000007Z" {
		t.Errorf("createdAt %v, want full precision", k["createdAt"])
	}
	md := k["metadata"].(map[string]any)
	if md["n"] != 3.0 || !reflect.DeepEqual(md["nested"], map[string]any{"a": 1.0}) {
		t.Errorf("metadata of other Go types: %v", md)
	}
}

func TestUnknownMembersAreWrittenAsTheyAre(t *testing.T) {
	e := SyntheticEntry(3, 0, WithUnknownMembers())
	raw := appendEntry(nil, &e, &explicit)
	var back client.WaitlistConsumer
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	if len(e.AdditionalProperties) == 0 || len(e.Consumer.AdditionalProperties) == 0 || len(e.Consumer.LastGeoCoordinates.AdditionalProperties) == 0 {
		t.Fatalf("entry 0 has no unknown members on every level: %+v", e)
	}
	if !reflect.DeepEqual(back, e) {
		t.Errorf("decoded entry differs:\n%+v\n%+v", back, e)
	}
}

func TestAddWaitlistRefusesBadUnknownMembers(t *testing.T) {
	s := NewServer()
	defer s.Close()
	for name, members := range map[string]map[string]json.RawMessage{
		"not JSON":        {"x": json.RawMessage(`{nope`)},
		"a field's name":  {"status": json.RawMessage(`"left"`)},
		"empty raw value": {"x": nil},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "AdditionalProperties") {
					t.Errorf("AddWaitlist did not panic with a message naming AdditionalProperties: %v", r)
				}
			}()
			s.AddWaitlist("seq", []client.WaitlistConsumer{{ID: "e", AdditionalProperties: members}})
		})
	}
}
