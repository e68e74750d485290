package client

// entryChunks, which collects ListWaitlistConsumers' entries: every entry in order, in one slice
// of exactly their number.

import (
	"strconv"
	"testing"
)

func TestEntryChunksKeepOrderAndExactLength(t *testing.T) {
	for _, n := range []int{0, 1, 16, 17, 5000, 20000} {
		var c entryChunks
		for i := range n {
			c.add(&WaitlistConsumer{ID: strconv.Itoa(i)})
		}
		got := c.slice()
		if got == nil || len(got) != n || cap(got) != n && n > 16 {
			t.Fatalf("n=%d: len %d cap %d (nil %v)", n, len(got), cap(got), got == nil)
		}
		for i, e := range got {
			if e.ID != strconv.Itoa(i) {
				t.Fatalf("n=%d: entry %d has id %q", n, i, e.ID)
			}
		}
	}
}
