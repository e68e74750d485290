package sample_test

import (
	"encoding/json"
	"testing"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/codec/sample"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// TestEntriesHaveEveryFieldOfTheSpec: the entries carry every member the spec declares (a field
// the spec gains included), each with a value its Go field holds.
func TestEntriesHaveEveryFieldOfTheSpec(t *testing.T) {
	seen := map[*schema.Field]bool{}
	for i := range 300 {
		raw := sample.Entry(nil, i, 3)
		var e client.WaitlistConsumer
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatalf("entry %d: %v\n%s", i, err, raw)
		}
		if fes := client.FieldErrors(e); fes != nil {
			t.Fatalf("entry %d: field errors %v", i, fes)
		}
		if len(e.AdditionalProperties) != 0 || len(e.Consumer.AdditionalProperties) != 0 {
			t.Fatalf("entry %d has members the spec does not know: %s", i, raw)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatal(err)
		}
		markPresent(schema.WaitlistConsumer, obj, seen)
	}
	schema.WaitlistConsumer.Walk(func(o *schema.Object, f *schema.Field) {
		if !seen[f] {
			t.Errorf("no entry has %s.%s", o.Name, f.JSON)
		}
	})
}

// markPresent marks the fields of o that obj has a member for, and those of the objects in it.
func markPresent(o *schema.Object, obj map[string]json.RawMessage, seen map[*schema.Field]bool) {
	for i := range o.Fields {
		f := &o.Fields[i]
		raw, ok := obj[f.JSON]
		if !ok {
			continue
		}
		seen[f] = true
		var sub map[string]json.RawMessage
		if f.Object != nil && json.Unmarshal(raw, &sub) == nil && sub != nil {
			markPresent(f.Object, sub, seen)
		}
	}
}

// TestArrayGivesEveryEntryItsOwnID: entries cycle through 256 templates, each with an id of its
// own.
func TestArrayGivesEveryEntryItsOwnID(t *testing.T) {
	var entries []struct{ ID string }
	if err := json.Unmarshal(sample.Array(600, 3), &entries); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range entries {
		ids[e.ID] = true
	}
	if len(entries) != 600 || len(ids) != 600 {
		t.Fatalf("%d entries, %d distinct ids", len(entries), len(ids))
	}
}
