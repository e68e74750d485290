package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// An entry whose member does not fit its type is still an entry: every other member is decoded,
// FieldErrors names the member (the entry's id, the path, the value as sent), and json.Marshal
// writes the value back as sent. A number in metadata is a json.Number: its text, every digit
// as sent, whatever float64 would make of it. Only an element that is not an object at all is an *EntryError.
func ExampleFieldErrors() {
	s := clienttest.NewServer()
	defer s.Close()
	s.Enqueue(clienttest.Fault{Body: []byte(`[
		{"id":"e1","status":"notified","consumer":{"createdAt":"2025-01-01 00:00:00","totalOrders":"7"}},
		{"id":"e2","status":"waitlisted","consumer":{"metadata":{"shopifyId":12345678901234567891}}},
		null]`)})

	for e, err := range s.Client().WaitlistConsumers(context.Background(), "seq_launch") {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println("entry", e.ID, e.Status)
		for _, fe := range client.FieldErrors(e) {
			back, _ := e.Consumer.Get(strings.TrimPrefix(fe.Path, "consumer."))
			fmt.Printf("  %s = %s kept as sent; Get gives %s\n", fe.Path, fe.Value, back)
		}
		if n, ok := e.Consumer.Metadata["shopifyId"].(json.Number); ok {
			f, _ := n.Float64()
			fmt.Printf("  metadata shopifyId = %s (as a float64: %g)\n", n, f)
		}
		out, _ := json.Marshal(e)
		fmt.Println("  json.Marshal keeps it:", bytes.Contains(out, []byte(`"totalOrders":"7"`)) || bytes.Contains(out, []byte(`12345678901234567891`)))
	}
	// Output:
	// entry e1 notified
	//   consumer.createdAt = "2025-01-01 00:00:00" kept as sent; Get gives "2025-01-01 00:00:00"
	//   consumer.totalOrders = "7" kept as sent; Get gives "7"
	//   json.Marshal keeps it: true
	// entry e2 waitlisted
	//   metadata shopifyId = 12345678901234567891 (as a float64: 1.2345678901234567e+19)
	//   json.Marshal keeps it: true
	// skipped: fanfare: waitlist entry 2: entry is null
}
