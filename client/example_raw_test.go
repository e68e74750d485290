package client_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// A member the spec does not know yet (a field Fanfare adds after this SDK was released) is kept
// in the AdditionalProperties of the entry, of its consumer record or of the coordinates, as
// the exact JSON the API sent, and json.Marshal writes it back: storing or forwarding entries
// loses nothing, false, 0 and {} included.
func Example_forwardCompatibility() {
	s := clienttest.NewServer()
	defer s.Close()
	e := clienttest.SyntheticEntry(42, 1) // every nullable field null, every default written
	e.AdditionalProperties = map[string]json.RawMessage{"priority": json.RawMessage(`3`)}
	e.Consumer.AdditionalProperties = map[string]json.RawMessage{"loyaltyTier": json.RawMessage(`{"name":"gold","since":2023}`)}
	s.AddWaitlist("seq_launch", []client.WaitlistConsumer{e})

	entries, err := s.Client().ListWaitlistConsumers(context.Background(), "seq_launch")
	if err != nil {
		fmt.Println(err)
		return
	}
	got := entries[0]
	priority, _ := got.Get("priority") // or got.AdditionalProperties["priority"]
	tier, _ := got.Consumer.Get("loyaltyTier")
	fmt.Printf("priority %s, loyalty tier %s\n", priority, tier)

	out, _ := json.Marshal(got)
	var back map[string]any
	_ = json.Unmarshal(out, &back)
	consumer := back["consumer"].(map[string]any)
	fmt.Println("re-encoded:", back["priority"], consumer["loyaltyTier"], consumer["smsOptOut"], consumer["monetaryRank"], consumer["aov"])
	// Output:
	// priority 3, loyalty tier {"name":"gold","since":2023}
	// re-encoded: 3 map[name:gold since:2023] false 0 0
}

// Each entry's exact bytes, for storing them as the API sent them: RawWaitlistConsumers yields
// them beside the decoded entry.
func ExampleClient_RawWaitlistConsumers() {
	s := clienttest.NewServer()
	defer s.Close()
	s.Enqueue(clienttest.Fault{Body: []byte(`[ {"id":"e1", "status":"notified", "consumer":{"id":"c1","smsOptOut":false}, "rank":7},
		{"id":"e2","status":5}, null ]`)})

	for r, err := range s.Client().RawWaitlistConsumers(context.Background(), "seq_launch") {
		if err != nil {
			fmt.Printf("entry %d: %s: %v\n", r.Index, r.JSON, err)
			continue
		}
		fmt.Printf("entry %d: %s (%q, %d field errors)\n", r.Index, r.JSON, r.Entry.Status, len(client.FieldErrors(r.Entry)))
	}
	// Output:
	// entry 0: {"id":"e1", "status":"notified", "consumer":{"id":"c1","smsOptOut":false}, "rank":7} ("notified", 0 field errors)
	// entry 1: {"id":"e2","status":5} ("", 1 field errors)
	// entry 2: null: fanfare: waitlist entry 2: entry is null
}
