package client_test

// The checks that run after every test of the package (internal and external alike): no
// goroutine outlives the tests, no connection of the fault suite's transports is left open,
// and no error string or log line the suite produced carries the secret key.

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// suiteKey is the secret key of the fault suite and the load test: distinctive, so that the
// scan below can find it (or a piece of it) wherever it leaked to.
const suiteKey = "sk_test_FaultSuiteCanary_q7Zx9Lw3Mp5Vn2Kd"

// wrongKey is a key the fake refuses (for the 401 scenarios); it must not leak either.
const wrongKey = "sk_test_WrongKeyCanary_Hj4Rt8Ys1Bc6"

// leakNeedles are what must appear in no output: the keys, and the distinctive tails of them
// (a key cut or partly masked would still show one).
var leakNeedles = []string{suiteKey, wrongKey, "FaultSuiteCanary_q7Zx9Lw3Mp5Vn2Kd", "q7Zx9Lw3Mp5Vn2Kd", "WrongKeyCanary_Hj4Rt8Ys1Bc6", "Hj4Rt8Ys1Bc6"}

// sink collects every error string and log line the suite produces, for the secret scan.
var sink outputSink

type outputSink struct {
	mu    sync.Mutex
	lines []string
}

// add records s.
func (o *outputSink) add(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lines = append(o.lines, s)
}

// addErr records err in every form a user might print it.
func (o *outputSink) addErr(err error) {
	if err == nil {
		return
	}
	o.add(err.Error())
	o.add(fmt.Sprintf("%v", err))
	o.add(fmt.Sprintf("%+v", err))
	o.add(fmt.Sprintf("%#v", err))
	o.add(fmt.Sprintf("%q", err))
}

// addValue records v as %v, %+v and %#v.
func (o *outputSink) addValue(v any) {
	o.add(fmt.Sprintf("%v", v))
	o.add(fmt.Sprintf("%+v", v))
	o.add(fmt.Sprintf("%#v", v))
}

// Write makes the sink an io.Writer for the suite's slog handler: one call per log line.
func (o *outputSink) Write(p []byte) (int, error) {
	o.add(string(p))
	return len(p), nil
}

func (o *outputSink) snapshot() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.lines...)
}

// suiteLogger logs at debug level (every attempt and every retry) into the sink.
var suiteLogger = slog.New(slog.NewTextHandler(&sink, &slog.HandlerOptions{Level: slog.LevelDebug}))

// faultSuiteRan is set by the fault suite and the load test, so that the scan knows it has
// something to look at.
var faultSuiteRan atomic.Bool

// conns tracks every connection the suite's transports dial.
var conns connTracker

type connTracker struct {
	dials atomic.Int64
	open  atomic.Int64

	mu         sync.Mutex
	transports []*http.Transport
}

// trackedConn counts itself closed once.
type trackedConn struct {
	net.Conn
	t    *connTracker
	once sync.Once
	dial *atomic.Int64 // the owning transport's own open count
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.t.open.Add(-1)
		c.dial.Add(-1)
	})
	return c.Conn.Close()
}

// trackedTransport is a fresh transport (a clone of http.DefaultTransport, so keep-alives and
// transparent gzip as users have them) whose connections are counted: dials is every dial,
// open the connections not yet closed.
type trackedTransport struct {
	*http.Transport
	dials atomic.Int64
	open  atomic.Int64
}

func newTrackedTransport(edit ...func(*http.Transport)) *trackedTransport {
	tt := &trackedTransport{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	// A loopback dial or handshake that takes long is the machine's load, not a fault under test:
	// a timeout here would be retried and fail a scenario that counts attempts.
	tt.TLSHandshakeTimeout = 60 * time.Second
	d := &net.Dialer{Timeout: 60 * time.Second}
	tt.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		tt.dials.Add(1)
		conns.dials.Add(1)
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		tt.open.Add(1)
		conns.open.Add(1)
		return &trackedConn{Conn: c, t: &conns, dial: &tt.open}, nil
	}
	for _, e := range edit {
		e(tt.Transport)
	}
	conns.mu.Lock()
	conns.transports = append(conns.transports, tt.Transport)
	conns.mu.Unlock()
	return tt
}

// settleConns closes the idle connections and waits up to d for open to reach 0. A connection
// still open then is held by a response body nobody closed.
func settleConns(tr interface{ CloseIdleConnections() }, open *atomic.Int64, d time.Duration) int64 {
	deadline := time.Now().Add(d)
	for {
		tr.CloseIdleConnections()
		n := open.Load()
		if n == 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	fuzzing := flagSet("test.fuzz") || flagSet("test.fuzzworker")
	// The fault suite's scenarios mostly wait (for a Retry-After, a timeout, a window): run
	// more of them at once than the default GOMAXPROCS, unless -parallel says otherwise.
	// (Not when fuzzing: there -parallel is the number of fuzzing processes.)
	if !fuzzing && !flagGiven("test.parallel") {
		_ = flag.Set("test.parallel", strconv.Itoa(max(runtime.GOMAXPROCS(0), suiteParallel)))
	}
	baseline := runtime.NumGoroutine()

	code := m.Run()
	if fuzzing {
		os.Exit(code)
	}
	if !checkConnections() || !checkGoroutines(baseline) || !scanForKey() {
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// suiteParallel is how many parallel scenarios run at once by default.
const suiteParallel = 8

// flagGiven reports whether the flag name was given on the command line.
func flagGiven(name string) bool {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// flagSet reports whether the testing flag name has a non-default value.
func flagSet(name string) bool {
	f := flag.Lookup(name)
	return f != nil && f.Value.String() != "" && f.Value.String() != "false"
}

// checkConnections closes every tracked transport's idle connections: then none may be open.
func checkConnections() bool {
	conns.mu.Lock()
	trs := append([]*http.Transport(nil), conns.transports...)
	conns.mu.Unlock()
	closeAll := closeIdlers(trs)
	if n := settleConns(closeAll, &conns.open, 3*time.Second); n != 0 {
		fmt.Fprintf(os.Stderr, "connection leak: %d of the %d connections the suite dialled are still open "+
			"after closing every idle one (a response body was not closed)\n", n, conns.dials.Load())
		return false
	}
	if testing.Verbose() && conns.dials.Load() > 0 {
		fmt.Fprintf(os.Stderr, "leak check: all %d connections the fault suite dialled are closed\n", conns.dials.Load())
	}
	return true
}

type closeIdlers []*http.Transport

func (cs closeIdlers) CloseIdleConnections() {
	for _, t := range cs {
		t.CloseIdleConnections()
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
}

// benignGoroutines are goroutines that may outlive the tests by design.
var benignGoroutines = []string{
	"os/signal.signal_recv", "os/signal.loop", "runtime.ensureSigM",
	"testing.(*M).startAlarm", "testing.runFuzzing", "testing.runFuzzTests",
}

// checkGoroutines waits up to 5 s for the goroutine count to settle back to what it was before
// the tests; if it does not, it prints the stacks of the goroutines still there.
func checkGoroutines(baseline int) bool {
	deadline := time.Now().Add(5 * time.Second)
	for {
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		extra := leftoverGoroutines()
		if runtime.NumGoroutine() <= baseline || len(extra) == 0 {
			if testing.Verbose() {
				fmt.Fprintf(os.Stderr, "leak check: %d goroutines, %d before the tests\n", runtime.NumGoroutine(), baseline)
			}
			return true
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "goroutine leak: %d goroutines after the tests, %d before; still running:\n\n%s\n",
				runtime.NumGoroutine(), baseline, strings.Join(extra, "\n\n"))
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leftoverGoroutines returns the stacks of every goroutine but this one and the benign ones.
func leftoverGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	blocks := bytes.Split(buf, []byte("\n\n"))
	var out []string
	for i, b := range blocks {
		if i == 0 { // the current goroutine comes first
			continue
		}
		s := strings.TrimSpace(string(b))
		if s == "" || containsAny(s, benignGoroutines) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// scanForKey looks for the secret keys in everything the sink collected.
func scanForKey() bool {
	lines := sink.snapshot()
	ok := true
	for _, l := range lines {
		for _, needle := range leakNeedles {
			if strings.Contains(l, needle) {
				fmt.Fprintf(os.Stderr, "secret leak: %q found in output of the suite: %s\n", needle, l)
				ok = false
			}
		}
	}
	if faultSuiteRan.Load() && !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "msg=\"fanfare request\"") }) {
		fmt.Fprintf(os.Stderr, "secret scan: none of the %d lines collected is a log line; the suite's logs are not reaching the sink\n", len(lines))
		ok = false
	}
	if ok && testing.Verbose() && len(lines) > 0 {
		fmt.Fprintf(os.Stderr, "secret scan: %d error strings and log lines, no key in any\n", len(lines))
	}
	return ok
}
