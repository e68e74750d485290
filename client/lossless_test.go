package client_test

// Re-encoding is lossless: for every entry the SDK yields, json.Marshal gives back every member
// of the JSON it was decoded from with an equal value (false, 0, "", {} and [] included, unknown
// members and enum values as sent, date-times as the same instant). A member that was absent or
// null comes back absent, null, or (for a field that json.Marshal always writes: a required one,
// or one with a default) as its default or Go zero value; no other member appears.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// level describes one object of an entry for the check: its generated schema description.
type level struct{ o *schema.Object }

var entryLevel = level{schema.WaitlistConsumer}

// field returns the description of the field of JSON name k, if the spec knows it.
func (l level) field(k string) (*schema.Field, bool) {
	for i := range l.o.Fields {
		if l.o.Fields[i].JSON == k {
			return &l.o.Fields[i], true
		}
	}
	return nil, false
}

// child is the level of the known object member k.
func (l level) child(k string) (level, bool) {
	if f, ok := l.field(k); ok && f.Object != nil {
		return level{f.Object}, true
	}
	return level{}, false
}

// alwaysWritten reports whether json.Marshal writes field k even when it was absent: a field
// that is not a pointer, map or slice (a required one, or one with a default).
func (l level) alwaysWritten(k string) bool {
	f, ok := l.field(k)
	if !ok {
		return false
	}
	switch f.Type.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		return false
	}
	return true
}

// mayFill reports whether v may stand in the re-encoding for member k where the API sent null
// or nothing: null itself, or a default or zero value that json.Marshal always writes.
func (l level) mayFill(k string, v any) bool {
	if v == nil {
		return true
	}
	if !l.alwaysWritten(k) {
		return false
	}
	f, _ := l.field(k)
	def, err := parseJSON([]byte(f.Default))
	return isZeroish(v) || (f.HasDefault && err == nil && sameValue(def, v, false))
}

// isTime reports whether field k is a date-time (compared as instants).
func (l level) isTime(k string) bool {
	f, ok := l.field(k)
	return ok && (f.Type == reflect.TypeFor[time.Time]() || f.Type == reflect.TypeFor[*time.Time]())
}

// parseJSON decodes raw keeping numbers as written.
func parseJSON(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// checkLossless reports how json.Marshal(e) fails to give back raw, the JSON e was decoded from.
func checkLossless(raw []byte, e *client.WaitlistConsumer) error {
	out, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("json.Marshal: %w", err)
	}
	orig, err := parseJSON(raw)
	if err != nil {
		return fmt.Errorf("the input: %w", err)
	}
	back, err := parseJSON(out)
	if err != nil {
		return fmt.Errorf("the re-encoding %s: %w", out, err)
	}
	o, _ := orig.(map[string]any)
	b, _ := back.(map[string]any)
	if err := sameObject(entryLevel, "", o, b); err != nil {
		return fmt.Errorf("%w\n  sent:        %s\n  re-encoded:  %s", err, raw, out)
	}
	return nil
}

// sameObject compares one object of the entry as sent (o) and as re-encoded (b).
func sameObject(l level, path string, o, b map[string]any) error {
	for k, ov := range o {
		bv, present := b[k]
		switch child, known := l.child(k); {
		case ov == nil:
			if present && !l.mayFill(k, bv) {
				return fmt.Errorf("%s%s: sent null, re-encoded as %v", path, k, bv)
			}
		case !present:
			return fmt.Errorf("%s%s: sent %v, missing from the re-encoding", path, k, ov)
		case known && isObject(ov):
			bm, ok := bv.(map[string]any)
			if !ok {
				return fmt.Errorf("%s%s: sent %v, re-encoded as %v", path, k, ov, bv)
			}
			if err := sameObject(child, path+k+".", ov.(map[string]any), bm); err != nil {
				return err
			}
		case !sameValue(ov, bv, l.isTime(k)):
			return fmt.Errorf("%s%s: sent %v, re-encoded as %v", path, k, ov, bv)
		}
	}
	for k, bv := range b {
		if _, sent := o[k]; !sent && !l.mayFill(k, bv) {
			return fmt.Errorf("%s%s: not sent, re-encoded as %v", path, k, bv)
		}
	}
	return nil
}

// isObject reports whether v is a decoded JSON object (a known object member may hold anything
// else, kept as sent: it is then compared as a value).
func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// isZeroish reports whether v is what json.Marshal writes for a field the API left out: its
// default ("0" for money) or its Go zero value, an object of those included.
func isZeroish(v any) bool {
	switch v := v.(type) {
	case string:
		return v == "" || v == "0" || v == "0001-01-01T00:00:00Z"
	case json.Number:
		return v == "0"
	case bool:
		return !v
	case map[string]any:
		for _, x := range v {
			if x != nil && !isZeroish(x) {
				return false
			}
		}
		return true
	}
	return v == nil
}

// sameValue compares two decoded JSON values: numbers by value, date-times (when asTime) as
// instants, everything else exactly.
func sameValue(a, b any, asTime bool) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		af, err1 := a.Float64()
		bf, err2 := bn.Float64()
		return a == bn || (err1 == nil && err2 == nil && af == bf)
	case string:
		bs, ok := b.(string)
		if ok && asTime && a != bs {
			at, err1 := time.Parse(time.RFC3339Nano, a)
			bt, err2 := time.Parse(time.RFC3339Nano, bs)
			return err1 == nil && err2 == nil && at.Equal(bt)
		}
		return ok && a == bs
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, av := range a {
			if bv, ok := bm[k]; !ok || !sameValue(av, bv, false) {
				return false
			}
		}
		return true
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], bs[i], false) {
				return false
			}
		}
		return true
	}
	return a == b
}

// TestReencodingIsLossless: over the fake, for many seeds, with members the spec does not know,
// every entry's re-encoding gives back what was sent, and the bytes RawWaitlistConsumers yields
// decode with encoding/json to exactly the entry beside them.
func TestReencodingIsLossless(t *testing.T) {
	s := clienttest.Start(t)
	c := s.Client()
	for seed := range int64(12) {
		var opts []clienttest.SyntheticOption
		if seed%2 == 1 {
			opts = append(opts, clienttest.WithUnknownMembers())
		}
		s.AddSyntheticWaitlist("synthetic", 400, seed, opts...)
		s.AddWaitlist("given", clienttest.Synthetic(100, seed, opts...)) // every field sent
		for _, seq := range []string{"synthetic", "given"} {
			n := 0
			for r, err := range c.RawWaitlistConsumers(t.Context(), seq) {
				if err != nil {
					t.Fatalf("seed %d, %s: %v", seed, seq, err)
				}
				n++
				if err := checkLossless(r.JSON, &r.Entry); err != nil {
					t.Fatalf("seed %d, %s, entry %d: %v", seed, seq, r.Index, err)
				}
				var want client.WaitlistConsumer
				if err := json.Unmarshal(r.JSON, &want); err != nil || !reflect.DeepEqual(want, r.Entry) {
					t.Fatalf("seed %d, %s, entry %d: its bytes decode to another entry (%v)", seed, seq, r.Index, err)
				}
			}
			if n == 0 {
				t.Fatalf("seed %d, %s: no entries", seed, seq)
			}
		}
	}
}

// losslessCases are entries as Fanfare's two sources show them, and corners of the rule.
var losslessCases = []string{
	// The reference page's example (status left out, "<string>" placeholders).
	`{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","organizationId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","consumerId":"<string>","waitlistId":"<string>","enteredAt":"<string>","notifiedAt":"<string>","updatedAt":"<string>","consumer":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","organizationId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","createdAt":"2023-11-07T05:31:56Z","createdBy":"<string>","archived":true,"emailVerified":true,"phoneVerified":true,"activityRank":123,"activityScore":123,"activityScoreUpdatedAt":"2023-11-07T05:31:56Z","aov":"0","email":"jsmith@example.com","engagedCount":123,"fullName":"<string>","lastGeoCoordinates":{"latitude":123,"longitude":123},"metadata":{},"smsOptOut":false,"ltv":"0","verificationCodeExpiresAt":"<string>"}}`,
	`{"id":"e","consumer":{"smsOptOut":false,"monetaryRank":0,"metadata":{},"aov":"","createdBy":"","totalOrders":0.0,"activityScore":-0,"lastGeoCoordinates":{"latitude":0,"longitude":0}}}`,
	`{"id":"e","status":"someday","consumer":{"status":"SUSPENDED","createdAt":"2025-11-20T09:00:00.690+01:00","metadata":{"a":[],"b":null,"c":[null,1.50,"x"]}}}`,
	`{"id":"e","future":{"nested":[1,{"x":null}]},"ID":"case","consumer":{"big":12345678901234567890,"lastGeoCoordinates":{"latitude":1,"longitude":2,"alt":null}}}`,
	`{"id":"e","notifiedAt":null,"consumer":{"email":null,"metadata":null,"lastGeoCoordinates":null,"aov":null}}`,
	// Objects sent as other values, kept as sent (found by FuzzReencodingIsLossless).
	`{"00":0.000,"consumer":""}`,
	`{"id":"e","consumer":{"lastGeoCoordinates":[1,2],"metadata":"x"}}`,
}

func TestReencodingIsLosslessOnCorners(t *testing.T) {
	for _, raw := range losslessCases {
		var e client.WaitlistConsumer
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if err := checkLossless([]byte(raw), &e); err != nil {
			t.Error(err)
		}
	}
}

// TestCheckLosslessCanFail: the check refuses a re-encoding that drops, changes or adds a member.
func TestCheckLosslessCanFail(t *testing.T) {
	var e client.WaitlistConsumer
	_ = json.Unmarshal([]byte(`{"id":"e","consumer":{"smsOptOut":true,"email":"a@b.c"}}`), &e)
	for name, raw := range map[string]string{
		"a member dropped":      `{"id":"e","gone":1,"consumer":{"smsOptOut":true,"email":"a@b.c"}}`,
		"a value changed":       `{"id":"e","consumer":{"smsOptOut":false,"email":"a@b.c"}}`,
		"a member appeared":     `{"id":"e","consumer":{"smsOptOut":true}}`,
		"a null became a value": `{"id":"e","consumer":{"smsOptOut":true,"email":null}}`,
	} {
		if checkLossless([]byte(raw), &e) == nil {
			t.Errorf("%s: passed", name)
		}
	}
}

// FuzzReencodingIsLossless: whatever object decodes into an entry re-encodes losslessly.
func FuzzReencodingIsLossless(f *testing.F) {
	for _, raw := range losslessCases {
		f.Add([]byte(raw))
	}
	entries := clienttest.Synthetic(8, 3, clienttest.WithUnknownMembers())
	for i := range entries {
		raw, _ := json.Marshal(&entries[i])
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var e client.WaitlistConsumer
		if json.Unmarshal(raw, &e) != nil || bytes.TrimSpace(raw)[0] != '{' {
			return
		}
		if err := checkLossless(raw, &e); err != nil {
			t.Fatal(err)
		}
	})
}
