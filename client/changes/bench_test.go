package changes_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// BenchmarkDiff reads a 200,000-entry waitlist from the fake and compares it with the state of
// the read before (about one entry in 12 changed, one in 50 added, one in 50 removed), and
// reports the size of the state file per entry. Run it with
//
//	go test -run '^$' -bench Diff -benchmem ./client/changes
//
// (BENCHMARKS.md has the figures and the measurement of the command as a whole.)
func BenchmarkDiff(b *testing.B) {
	const n = 200_000
	s := clienttest.NewServer()
	defer s.Close()
	s.AddSyntheticWaitlist("seq", n, 1, clienttest.Evolving(1))
	c := s.Client()
	ctx := context.Background()
	read := func(prev *changes.State) (*changes.State, int) {
		d := changes.NewDiff(prev)
		count := 0
		for _, err := range d.Read(ctx, c) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		next, err := d.Next()
		if err != nil {
			b.Fatal(err)
		}
		return next, count
	}
	state, _ := read(changes.NewState("seq"))
	var file bytes.Buffer
	if err := state.Save(&file); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	total := 0
	for range b.N {
		var count int
		state, count = read(state)
		total += count
	}
	b.ReportMetric(float64(total)/float64(b.N), "changes/op")
	b.ReportMetric(float64(file.Len())/float64(n), "state-B/entry")
}

// BenchmarkFingerprint walks synthetic entries as the server sends them.
func BenchmarkFingerprint(b *testing.B) {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddSyntheticWaitlist("seq", 2000, 1, clienttest.WithUnknownMembers())
	var entries [][]byte
	size := 0
	for r, err := range s.Client().RawWaitlistConsumers(context.Background(), "seq") {
		if err != nil {
			b.Fatal(err)
		}
		entries = append(entries, r.JSON)
		size += len(r.JSON)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for range b.N {
		if err := changes.FingerprintAll(entries); err != nil {
			b.Fatal(err)
		}
	}
}
