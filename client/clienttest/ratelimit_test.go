package clienttest

// The fake's rate limit: aligned fixed windows, counted requests, 429 with Retry-After once a
// window is spent, and a client that paces itself on the headers without earning a 429.

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

func TestLimiterWindowsAreAlignedAndCounted(t *testing.T) {
	l := &limiter{limit: 2, window: time.Second}
	t0 := time.Unix(1_700_000_000, 250_000_000) // a quarter into a second

	st, ok := l.take(t0)
	if !ok || st.remaining != 1 || st.limit != 2 || st.resetUnix() != 1_700_000_001 {
		t.Fatalf("first take: %+v ok=%v reset=%d", st, ok, st.resetUnix())
	}
	if st := l.peek(t0); st.remaining != 1 {
		t.Fatalf("peek counted a request: %+v", st)
	}
	if _, ok := l.take(t0.Add(100 * time.Millisecond)); !ok {
		t.Fatal("second take refused")
	}
	st, ok = l.take(t0.Add(700 * time.Millisecond))
	if ok || st.remaining != 0 {
		t.Fatalf("third take in the window: ok=%v %+v", ok, st)
	}
	if got := st.retryAfterSeconds(t0.Add(700 * time.Millisecond)); got != 1 {
		t.Errorf("Retry-After with 50ms left: %d, want 1", got)
	}
	st, ok = l.take(t0.Add(750 * time.Millisecond)) // exactly the next second
	if !ok || st.remaining != 1 || st.resetUnix() != 1_700_000_002 {
		t.Fatalf("next window: ok=%v %+v", ok, st)
	}

	m := &limiter{limit: 1000, window: time.Minute}
	st = m.peek(time.Unix(1_700_000_030, 0))
	if st.resetUnix()%60 != 0 || st.resetUnix() <= 1_700_000_030 || st.resetUnix()-1_700_000_030 > 60 {
		t.Errorf("minute window resets at %d, want the next whole minute", st.resetUnix())
	}
	if got := (windowState{end: time.Unix(100, 1)}).resetUnix(); got != 101 {
		t.Errorf("a window ending just after second 100 resets at %d, want 101 (rounded up)", got)
	}
	if got := (windowState{end: time.Unix(100, 0)}).resetUnix(); got != 100 {
		t.Errorf("a window ending on second 100 resets at %d, want 100", got)
	}
}

func TestServerEnforcesItsRateLimit(t *testing.T) {
	s := Start(t, WithRateLimit(2, time.Second))
	s.AddWaitlist("seq", nil)

	// Three requests in one one-second window: on a loaded machine they may straddle a window's
	// end, which the equal X-RateLimit-Reset values tell; then try again.
	for try := 0; ; try++ {
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
		var resps []*http.Response
		for range 3 {
			resp, _ := mustGet(t, s, "seq", bearer(s))
			resps = append(resps, resp)
		}
		answered := time.Now()
		reset := resps[0].Header.Get("X-RateLimit-Reset")
		if resps[2].Header.Get("X-RateLimit-Reset") != reset {
			if try == 5 {
				t.Fatal("never managed three requests within one second")
			}
			continue
		}
		for i, want := range []int{200, 200, 429} {
			if resps[i].StatusCode != want {
				t.Fatalf("request %d: %d, want %d", i, resps[i].StatusCode, want)
			}
		}
		h := resps[2].Header
		if h.Get("Retry-After") != "1" || h.Get("X-RateLimit-Remaining") != "0" {
			t.Fatalf("past the limit: Retry-After %q, Remaining %q", h.Get("Retry-After"), h.Get("X-RateLimit-Remaining"))
		}
		// The end of the one-second window the requests came in: after the first arrived, at
		// most a second after the last was answered.
		resetUnix, _ := strconv.ParseInt(reset, 10, 64)
		reqs := s.Requests()
		first := reqs[len(reqs)-3].Time
		if at := time.Unix(resetUnix, 0); !at.After(first) || at.After(answered.Add(time.Second)) {
			t.Fatalf("X-RateLimit-Reset is %v, want the end of the window of the request at %v", at, first)
		}
		time.Sleep(time.Until(time.Unix(resetUnix, 0)))
		break
	}
	if resp, _ := mustGet(t, s, "seq", bearer(s)); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the reset: %d", resp.StatusCode)
	}
}

func TestClientPacesItselfOnTheServersHeaders(t *testing.T) {
	s := Start(t, WithRateLimit(3, time.Second))
	s.AddWaitlist("seq", Synthetic(2, 1))
	c := s.Client(client.WithMaxRetries(0)) // a 429 would be an error
	ctx, cancel := context.WithTimeout(t.Context(), callDeadline)
	defer cancel()
	// Five calls take two windows at least: the pacer waits for a reset it was told of.
	var told []client.RateLimit // what each call's response said
	for i := range 5 {
		var resp client.Response
		if _, err := c.ListWaitlistConsumers(ctx, "seq", client.WithResponseInto(&resp)); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		told = append(told, resp.RateLimit)
	}
	reqs := s.Requests()
	if len(reqs) != len(told) {
		t.Fatalf("%d requests for %d calls", len(reqs), len(told))
	}
	for i, r := range reqs {
		if r.Status != 200 {
			t.Errorf("request %d answered %d: the client did not wait for the reset", r.N, r.Status)
		}
		if i == 0 {
			continue
		}
		if rl := told[i-1]; rl.Known && rl.Remaining == 0 && r.Time.Before(rl.Reset) {
			t.Errorf("request %d came %v before the reset the answer before it told", r.N, rl.Reset.Sub(r.Time))
		}
	}
}
