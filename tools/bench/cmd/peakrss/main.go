// Command peakrss measures the peak memory (resident set, VmHWM) of reading a whole waitlist
// along each path of package bench: the SDK's iterator and list, the naive oapi-codegen
// client and ogen's client, for 20,000 and 200,000 entries by default.
//
// Each case runs in a child process of its own (this program, run again), so that its peak
// is its own; the parent serves the waitlists over loopback, rendered as they are sent, and
// prints a Markdown table. Linux only (/proc/self/status).
//
//	go run ./bench/cmd/peakrss [-n 20000,200000] [-paths sdk-iter,sdk-list,naive,ogen]
//
// With -fake, the lists come from the SDK's fake (client/clienttest) instead, as a bare array,
// or with -page-size N in Fanfare's page envelope, N entries a page (the SDK's paths only: the
// others read one array).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client/clienttest"
	"github.com/fanfare-go/fanfare/tools/bench"
)

func main() {
	counts := flag.String("n", "20000,200000", "list lengths, comma-separated")
	paths := flag.String("paths", "sdk-iter,sdk-list,naive,ogen", "paths, comma-separated (see package bench)")
	child := flag.String("child", "", "internal: run one case: path,baseURL,sequenceID")
	flag.BoolVar(&fake, "fake", false, "serve the lists from client/clienttest")
	flag.IntVar(&pageSize, "page-size", 0, "with -fake, serve pages of this many entries (0: a bare array)")
	flag.Parse()
	if *child != "" {
		if err := runChild(*child); err != nil {
			fmt.Fprintln(os.Stderr, "peakrss child:", err)
			os.Exit(1)
		}
		return
	}
	if err := runParent(strings.Split(*counts, ","), strings.Split(*paths, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(1)
	}
}

// The parent's flags for the server.
var (
	fake     bool
	pageSize int
)

// serve starts the server the children read from and returns its base URL.
func serve(counts []string) (string, func(), error) {
	if !fake {
		srv := bench.NewServer()
		return srv.URL, srv.Close, nil
	}
	opts := []clienttest.ServerOption{clienttest.WithSecretKey(bench.Key), clienttest.WithRateLimit(1<<30, time.Minute)}
	if pageSize > 0 {
		opts = append(opts, clienttest.WithPages(pageSize))
	}
	srv := clienttest.NewServer(opts...)
	for _, n := range counts {
		k, err := strconv.Atoi(n)
		if err != nil {
			srv.Close()
			return "", nil, err
		}
		srv.AddSyntheticWaitlist("fly-"+n, k, bench.Seed)
	}
	return srv.URL, srv.Close, nil
}

func runParent(counts, paths []string) error {
	url, closeServer, err := serve(counts)
	if err != nil {
		return err
	}
	defer closeServer()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	peaks := map[string]map[string]int{} // path → n → KiB
	for _, p := range paths {
		if _, ok := bench.PathNamed(p); !ok {
			return fmt.Errorf("no path %q", p)
		}
		peaks[p] = map[string]int{}
		for _, n := range counts {
			child := exec.CommandContext(context.Background(), self, "-child", strings.Join([]string{p, url, "fly-" + n}, ",")) //nolint:gosec // G204: this program itself
			out, err := child.Output()
			if err != nil {
				return fmt.Errorf("%s, %s entries: %w", p, n, err)
			}
			kib, err := strconv.Atoi(strings.TrimSpace(string(out)))
			if err != nil {
				return fmt.Errorf("%s, %s entries: child said %q", p, n, out)
			}
			peaks[p][n] = kib
			fmt.Fprintf(os.Stderr, "peakrss: %-8s %7s entries: %7.1f MiB\n", p, n, float64(kib)/1024)
		}
	}
	fmt.Printf("| path |")
	for _, n := range counts {
		fmt.Printf(" peak RSS, %s entries |", n)
	}
	if len(counts) == 2 {
		fmt.Printf(" %s / %s |", counts[1], counts[0])
	}
	fmt.Printf("\n|---|")
	for range counts {
		fmt.Printf("---:|")
	}
	if len(counts) == 2 {
		fmt.Printf("---:|")
	}
	fmt.Println()
	for _, p := range paths {
		fmt.Printf("| %s |", p)
		for _, n := range counts {
			fmt.Printf(" %.1f MiB |", float64(peaks[p][n])/1024)
		}
		if len(counts) == 2 {
			fmt.Printf(" %.2f× |", float64(peaks[p][counts[1]])/float64(peaks[p][counts[0]]))
		}
		fmt.Println()
	}
	return nil
}

// runChild reads one waitlist along one path and prints its peak RSS in KiB.
func runChild(spec string) error {
	parts := strings.Split(spec, ",")
	if len(parts) != 3 {
		return fmt.Errorf("bad case %q", spec)
	}
	p, ok := bench.PathNamed(parts[0])
	if !ok {
		return fmt.Errorf("no path %q", parts[0])
	}
	want, err := strconv.Atoi(strings.TrimPrefix(parts[2], "fly-"))
	if err != nil {
		return err
	}
	n, err := p.Run(context.Background(), &http.Client{}, parts[1], parts[2])
	if err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("%s read %d entries, want %d", p.Name, n, want)
	}
	kib, err := vmHWM()
	if err != nil {
		return err
	}
	fmt.Println(kib)
	return nil
}

// vmHWM reads this process's peak resident set size, in KiB.
func vmHWM() (int, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
