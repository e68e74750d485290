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

func TestAppendEntryWritesNullsAndLeavesOutZeroDefaults(t *testing.T) {
	e := client.WaitlistConsumer{
		ID: "e1", OrganizationID: "o", ConsumerID: "c", WaitlistID: "w", Status: client.WaitlistConsumerStatusLeft,
		EnteredAt: "2025-01-01T00:00:00Z",
		Consumer: client.Consumer{
			ID: "c", OrganizationID: "o", CreatedAt: time.Date(2024, 2, 3, 4, 5, 6, 7, time.UTC), CreatedBy: "x",
			Status: client.ConsumerStatusActive,
			Aov:    "0", Ltv: "0", // their defaults
			Metadata: client.Metadata{"n": 3, "nested": map[string]any{"a": 1}, "s": "x"},
		},
	}
	raw := appendEntry(nil, &e, 0)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	if v, ok := m["notifiedAt"]; !ok || v != nil {
		t.Errorf("notifiedAt: %v present=%v, want null", v, ok)
	}
	k := m["consumer"].(map[string]any)
	for _, name := range []string{"email", "lastGeoCoordinates", "verificationCode"} {
		if v, ok := k[name]; !ok || v != nil {
			t.Errorf("%s: %v present=%v, want null", name, v, ok)
		}
	}
	for _, name := range []string{"aov", "ltv", "activityRank", "smsOptOut", "totalOrders"} {
		if _, ok := k[name]; ok {
			t.Errorf("%s sent for a zero value", name)
		}
	}
	if k["createdAt"] != "2024-02-03T04:05:06.000000007Z" {
		t.Errorf("createdAt %v, want full precision", k["createdAt"])
	}
	md := k["metadata"].(map[string]any)
	if md["n"] != 3.0 || !reflect.DeepEqual(md["nested"], map[string]any{"a": 1.0}) {
		t.Errorf("metadata of other Go types: %v", md)
	}

	var back client.WaitlistConsumer
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	back.Consumer.Metadata, e.Consumer.Metadata = nil, nil
	if !reflect.DeepEqual(back, e) {
		t.Errorf("decoded entry differs:\n%+v\n%+v", back, e)
	}
}

func TestPresenceLeavesOutNilsAndWritesZeroDefaults(t *testing.T) {
	e := client.WaitlistConsumer{ID: "e", Consumer: client.Consumer{ID: "c"}}
	var p presence
	p.set(fNotifiedAt)
	p.set(fEmail)
	p.set(fActivityRank)
	p.set(fSmsOptOut)
	var m map[string]any
	if err := json.Unmarshal(appendEntry(nil, &e, p), &m); err != nil {
		t.Fatal(err)
	}
	k := m["consumer"].(map[string]any)
	if _, ok := m["notifiedAt"]; ok {
		t.Error("notifiedAt sent although left out")
	}
	if _, ok := k["email"]; ok {
		t.Error("email sent although left out")
	}
	if v, ok := m["updatedAt"]; !ok || v != nil {
		t.Error("updatedAt not null")
	}
	if k["activityRank"] != 0.0 || k["smsOptOut"] != false {
		t.Errorf("explicit zeros: activityRank %v smsOptOut %v", k["activityRank"], k["smsOptOut"])
	}
	if _, ok := k["monetaryRank"]; ok {
		t.Error("monetaryRank sent although zero and not explicit")
	}
}

func TestExplicitPresenceWritesEveryField(t *testing.T) {
	e := client.WaitlistConsumer{
		ID: "e", Status: "someday", // an enum value the spec does not know
		Consumer: client.Consumer{ID: "c", Metadata: client.Metadata{}, LastGeoCoordinates: &client.GeoCoordinates{}},
	}
	raw := appendEntry(nil, &e, explicit)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	k := m["consumer"].(map[string]any)
	for name, want := range map[string]any{
		"aov": "", "ltv": "", "activityRank": 0.0, "smsOptOut": false, "totalReturns": 0.0, "email": nil,
		"metadata": map[string]any{}, "lastGeoCoordinates": map[string]any{"latitude": 0.0, "longitude": 0.0},
	} {
		if v, ok := k[name]; !ok || !reflect.DeepEqual(v, want) {
			t.Errorf("%s: %v (present %v), want %v", name, v, ok, want)
		}
	}
	if v, ok := m["notifiedAt"]; !ok || v != nil {
		t.Errorf("notifiedAt: %v (present %v), want null", v, ok)
	}
	var back client.WaitlistConsumer
	if err := json.Unmarshal(raw, &back); err != nil || !reflect.DeepEqual(back, e) {
		t.Errorf("decoded entry differs (%v):\n%+v\n%+v", err, back, e)
	}
}

func TestUnknownMembersAreWrittenAsTheyAre(t *testing.T) {
	e := SyntheticEntry(3, 0, WithUnknownMembers())
	raw := appendEntry(nil, &e, explicit)
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
