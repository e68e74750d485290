package main

import (
	"strings"
	"testing"
)

// TestDescribeCoversEveryField: every JSON field of gen's entry types is described, with its
// schema's facets, and the description and the aliases are valid Go.
func TestDescribeCoversEveryField(t *testing.T) {
	doc, err := load("../../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Describe(doc, root)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*field{}
	for _, o := range d.objects {
		for _, f := range o.fields {
			names[o.name+"."+f.json] = f
		}
	}
	for name, check := range map[string]func(f *field) bool{
		"WaitlistConsumer.status":     func(f *field) bool { return f.required && len(f.enum) > 1 && f.rep == "RepString" },
		"WaitlistConsumer.notifiedAt": func(f *field) bool { return f.nullable && f.rep == "RepPtrString" },
		"WaitlistConsumer.consumer":   func(f *field) bool { return f.object != nil && f.rep == "RepStruct" },
		"Consumer.aov":                func(f *field) bool { return f.hasDefault && f.def == `"0"` && f.pattern != "" },
		"Consumer.activityRank":       func(f *field) bool { return f.min != nil && f.max != nil && *f.max == 5 },
		"Consumer.email":              func(f *field) bool { return f.format == "email" },
		"Consumer.metadata":           func(f *field) bool { return f.rep == "RepMap" && f.nullable },
		"Consumer.lastGeoCoordinates": func(f *field) bool { return f.rep == "RepPtrStruct" && f.object.name == "GeoCoordinates" },
	} {
		if f := names[name]; f == nil || !check(f) {
			t.Errorf("%s: described as %+v", name, f)
		}
	}
	if _, err := d.Source(); err != nil {
		t.Fatal(err)
	}
	src, err := Aliases(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"type WaitlistConsumer = gen.WaitlistConsumer", "WaitlistConsumerStatusWaitlisted = gen.WaitlistConsumerStatusWaitlisted",
		"func WaitlistConsumerStatuses() []WaitlistConsumerStatus", "func ConsumerStatuses() []ConsumerStatus"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the aliases lack %q", want)
		}
	}
	if strings.Contains(string(src), "type Error = ") {
		t.Error("the aliases declare Error, which client/types.go declares as ErrorBody")
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"One entry on a sequence's waitlist, with the record.": "one entry on a sequence's waitlist, with the record.",
		"A consumer's record (52 fields). Optional fields …":   "a consumer's record (52 fields).",
		"URL of it": "URL of it.",
		"":          "a type of the spec.",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
