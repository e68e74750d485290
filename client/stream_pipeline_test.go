package client

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// waitGoroutines waits (a little) for the number of goroutines to come back to n.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

var pipelined = streamConfig{bufSize: 8 << 10, minRead: 2 << 10, seqEntries: 2, workers: 3}

// TestPipelineStops: a sink that stops ends the call at once, with nil, whatever is still in
// flight, and leaves no goroutine behind.
func TestPipelineStops(t *testing.T) {
	data := sample.Array(500, 3)
	before := runtime.NumGoroutine()
	for _, stop := range []int{1, 2, 3, 17, 100, 499, 500} {
		seen := 0
		err := decodeEntriesConfig(bytes.NewReader(data), func(i int, _ []byte, _ *WaitlistConsumer, err error) bool {
			if i != seen || err != nil {
				t.Fatalf("element %d (expected %d): %v", i, seen, err)
			}
			seen++
			return seen < stop
		}, pipelined)
		if err != nil || seen != stop {
			t.Fatalf("stop at %d: saw %d, error %v", stop, seen, err)
		}
		waitGoroutines(t, before)
	}
}

// TestPipelineSinkPanics: a panic in the sink (in user code, through the iterator) goes up to
// the caller, and the workers still end.
func TestPipelineSinkPanics(t *testing.T) {
	data := sample.Array(300, 4)
	before := runtime.NumGoroutine()
	func() {
		defer func() {
			if recover() != "boom" {
				t.Error("the sink's panic did not come through")
			}
		}()
		_ = decodeEntriesConfig(bytes.NewReader(data), func(i int, _ []byte, _ *WaitlistConsumer, _ error) bool {
			if i == 150 {
				panic("boom")
			}
			return true
		}, pipelined)
	}()
	waitGoroutines(t, before)
}

// TestPipelineBrokenStream: a stream that breaks mid-way delivers every complete entry before
// the error, and stops its workers.
func TestPipelineBrokenStream(t *testing.T) {
	data := sample.Array(300, 5)
	before := runtime.NumGoroutine()
	cut := len(data) * 2 / 3
	seen := 0
	err := decodeEntriesConfig(&chunkReader{data: data[:cut], chunk: 1000, end: errBoom}, func(int, []byte, *WaitlistConsumer, error) bool {
		seen++
		return true
	}, pipelined)
	if !errors.Is(err, errBoom) {
		t.Fatalf("error %v, want the reader's", err)
	}
	if seen < 150 || seen >= 300 {
		t.Errorf("%d entries before the break", seen)
	}
	waitGoroutines(t, before)
}

// TestSmallListsStartNoGoroutine: a list shorter than seqEntries is decoded on the caller's
// goroutine alone.
func TestSmallListsStartNoGoroutine(t *testing.T) {
	data := sample.Array(defaultStreamConfig.seqEntries, 6)
	before := runtime.NumGoroutine()
	most := 0
	err := decodeEntries(bytes.NewReader(data), func(int, []byte, *WaitlistConsumer, error) bool {
		most = max(most, runtime.NumGoroutine())
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if most > before {
		t.Errorf("%d goroutines while decoding %d entries, %d before", most, defaultStreamConfig.seqEntries, before)
	}
}

// TestArrivedEntriesAreNotHeldBack: while a read waits for more of the body, every entry whose
// bytes have arrived is delivered, and in the end every entry is, in order. The reader does
// not return until the sink has seen all the entries it has served (within a deadline, so
// that holding one back fails the test instead of hanging it).
func TestArrivedEntriesAreNotHeldBack(t *testing.T) {
	data := sample.Array(120, 7)
	arrivedBy := func(served int) int64 {
		n := int64(0)
		_ = decodeEntriesStd(bytes.NewReader(data[:served]), func(int, []byte, *WaitlistConsumer, error) bool {
			n++
			return true
		})
		return n
	}
	for _, cfg := range append([]streamConfig{pipelined, defaultStreamConfig}, smallStreams...) {
		var seen atomic.Int64
		var failed atomic.Bool
		r := &pausingReader{data: data, piece: 5000, wait: func(served int) {
			arrived := arrivedBy(served)
			deadline := time.Now().Add(10 * time.Second)
			for seen.Load() < arrived && !failed.Load() {
				if time.Now().After(deadline) {
					failed.Store(true)
					t.Errorf("config %+v: a read waits with %d entries arrived, %d delivered", cfg, arrived, seen.Load())
				}
				time.Sleep(time.Millisecond)
			}
		}}
		err := decodeEntriesConfig(r, func(i int, _ []byte, _ *WaitlistConsumer, err error) bool {
			if int64(i) != seen.Load() || err != nil {
				t.Fatalf("entry %d (expected %d): %v", i, seen.Load(), err)
			}
			seen.Add(1)
			return true
		}, cfg)
		if err != nil || seen.Load() != 120 {
			t.Fatalf("config %+v: %d entries, error %v", cfg, seen.Load(), err)
		}
	}
}

// pausingReader serves piece bytes per Read; before serving more it calls wait with how much
// it has served so far, as a body does that waits for the network.
type pausingReader struct {
	data   []byte
	piece  int
	served int
	wait   func(served int)
}

func (r *pausingReader) Read(p []byte) (int, error) {
	if r.served == len(r.data) {
		return 0, io.EOF
	}
	if r.served > 0 {
		r.wait(r.served)
	}
	n := copy(p, r.data[r.served:min(len(r.data), r.served+r.piece)])
	r.served += n
	return n, nil
}
