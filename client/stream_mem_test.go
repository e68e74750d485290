package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/fanfare-go/fanfare/gen"
	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// repeatReader serves a JSON array of n realistic entries, cycling through a few rendered
// beforehand: as long a body as wanted, in constant memory and at little cost.
type repeatReader struct {
	entries [][]byte
	n, next int
	pending []byte
	closed  bool
}

func newRepeatReader(n int) *repeatReader {
	r := &repeatReader{n: n, pending: []byte("[")}
	for i := range 64 {
		r.entries = append(r.entries, sample.Entry(nil, i, 21))
	}
	return r
}

func (r *repeatReader) Read(p []byte) (int, error) {
	total := 0
	for total < len(p) {
		if len(r.pending) == 0 {
			switch {
			case r.next < r.n:
				if r.next > 0 {
					r.pending = append(r.pending[:0], ',')
				}
				r.pending = append(r.pending, r.entries[r.next%len(r.entries)]...)
				r.next++
			case !r.closed:
				r.pending, r.closed = []byte("]"), true
			default:
				if total == 0 {
					return 0, io.EOF
				}
				return total, nil
			}
		}
		k := copy(p[total:], r.pending)
		r.pending = r.pending[k:]
		total += k
	}
	return total, nil
}

// streamMemory iterates n entries with decodeEntries and returns the peak of the live heap
// (after a collection, sampled ten times along the way) above what it was before.
func streamMemory(t *testing.T, n int) (peak uint64) {
	t.Helper()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	every := n / 10
	seen := 0
	err := decodeEntries(newRepeatReader(n), func(i int, _ []byte, _ *WaitlistConsumer, err error) bool {
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		seen++
		if i%every == every-1 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base {
				peak = max(peak, ms.HeapAlloc-base)
			}
		}
		return true
	})
	if err != nil || seen != n {
		t.Fatalf("%d of %d entries, error %v", seen, n, err)
	}
	return peak
}

// TestStreamMemoryFlat: streaming never holds the list. 20,000 entries are about 38 MiB of
// body; the live heap stays under 8 MiB (it is a few hundred KiB: a few batches), which holding
// even a fifth of the list would break. The exact figures, and their flatness from 20,000 to
// 200,000 entries, are make bench's peak RSS (tools/bench/cmd/peakrss), not this test's.
func TestStreamMemoryFlat(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 5000
	}
	streamMemory(t, n/10) // warm the pools
	peak := streamMemory(t, n)
	t.Logf("peak live heap streaming %d entries: %d KiB", n, peak>>10)
	if peak > 8<<20 {
		t.Errorf("streaming %d entries keeps %d KiB live", n, peak>>10)
	}
}

// allocatedBy returns the bytes allocated while f runs.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestListAllocatesLessThanNaive: ListWaitlistConsumers allocates at most 0.6 times what the
// naive path (oapi-codegen's client: the whole body read, then unmarshalled) allocates.
func TestListAllocatesLessThanNaive(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 500
	}
	body := sample.Array(n, 5)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	ctx := context.Background()

	c, err := New(WithSecretKey("sk_test_mem"), WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	naive, err := gen.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	list := func() {
		entries, err := c.ListWaitlistConsumers(ctx, "seq")
		if err != nil || len(entries) != n {
			t.Fatalf("list: %d entries, %v", len(entries), err)
		}
	}
	naiveList := func() {
		resp, err := naive.ListWaitlistConsumersWithResponse(ctx, "seq")
		if err != nil || resp.JSON200 == nil || len(*resp.JSON200) != n {
			t.Fatalf("naive: %v", err)
		}
	}
	list()
	naiveList()
	sdkBytes, naiveBytes := allocatedBy(list), allocatedBy(naiveList)
	ratio := float64(sdkBytes) / float64(naiveBytes)
	t.Logf("%d entries: ListWaitlistConsumers %d KiB, naive %d KiB (%.2f×)", n, sdkBytes>>10, naiveBytes>>10, ratio)
	if ratio > 0.6 {
		t.Errorf("ListWaitlistConsumers allocates %.2f× the naive path's bytes, want ≤ 0.6×", ratio)
	}
}
