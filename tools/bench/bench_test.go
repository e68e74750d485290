package bench

import (
	"context"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWaitlist reads whole waitlists over loopback HTTP along each path. Its names are
// src=pre|fly/n=N/path=P, so that benchstat -col /path compares the paths side by side.
func BenchmarkWaitlist(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	hc := &http.Client{}
	for _, src := range []string{"pre", "fly"} {
		for _, n := range []int{1000, 20000} {
			size := int64(srv.Size(n))
			id := fmt.Sprintf("%s-%d", src, n)
			for _, p := range Paths {
				b.Run(fmt.Sprintf("src=%s/n=%d/path=%s", src, n, p.Name), func(b *testing.B) {
					b.SetBytes(size)
					b.ReportAllocs()
					run(b, p, hc, srv.URL, id, n)
				})
			}
		}
	}
}

// BenchmarkSmall is a call for a 1-entry waitlist: the SDK's fixed costs against net/http and
// encoding/json's.
func BenchmarkSmall(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	hc := &http.Client{}
	for _, name := range []string{"stdlib", "naive", "sdk-list", "sdk-iter"} {
		p, _ := PathNamed(name)
		b.Run("src=pre/n=1/path="+name, func(b *testing.B) {
			b.ReportAllocs()
			run(b, p, hc, srv.URL, "pre-1", 1)
		})
	}
}

func run(b *testing.B, p Path, hc *http.Client, baseURL, id string, want int) {
	ctx := context.Background()
	start := cpuTime()
	defer func() {
		// CPU time of the whole process (the server's share included) per read: how much
		// work each path costs, as opposed to how long it takes with every core to help.
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}()
	for b.Loop() {
		n, err := p.Run(ctx, hc, baseURL, id)
		if err != nil {
			b.Fatal(err)
		}
		if p.Name != "floor" && n != want {
			b.Fatalf("%s read %d entries, want %d", p.Name, n, want)
		}
	}
}

// TestPaths checks that every path reads the same waitlist, from both kinds of source.
func TestPaths(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for _, src := range []string{"pre", "fly"} {
		for _, p := range Paths {
			n, err := p.Run(context.Background(), &http.Client{}, srv.URL, src+"-300")
			if err != nil {
				t.Fatalf("%s on %s: %v", p.Name, src, err)
			}
			want := 300
			if p.Name == "floor" {
				want = srv.Size(300)
			}
			if n != want {
				t.Errorf("%s on %s: got %d, want %d", p.Name, src, n, want)
			}
		}
	}
}
