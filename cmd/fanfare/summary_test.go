package main

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// expectedSummary computes, independently of the command, what its summary of entries says.
type expectedSummary struct {
	byStatus              map[string]int
	waits                 []float64 // seconds, sorted
	badEntered            int
	badNotified           int
	notifiedBeforeEntered int
	perDay                map[string]int
}

func expect(entries []client.WaitlistConsumer) expectedSummary {
	x := expectedSummary{byStatus: map[string]int{}, perDay: map[string]int{}}
	for i := range entries {
		e := &entries[i]
		x.byStatus[string(e.Status)]++
		entered, err := time.Parse(time.RFC3339Nano, e.EnteredAt)
		if err != nil {
			x.badEntered++
		} else {
			x.perDay[entered.UTC().Format("2006-01-02")]++
		}
		if e.NotifiedAt == nil {
			continue
		}
		notified, errN := time.Parse(time.RFC3339Nano, *e.NotifiedAt)
		switch {
		case errN != nil:
			x.badNotified++
		case err != nil:
		case notified.Before(entered):
			x.notifiedBeforeEntered++
		default:
			x.waits = append(x.waits, notified.Sub(entered).Seconds())
		}
	}
	slices.Sort(x.waits)
	return x
}

// quantile interpolates linearly between the closest ranks, as numpy's default does.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo, hi := math.Floor(pos), math.Ceil(pos)
	return sorted[int(lo)] + (sorted[int(hi)]-sorted[int(lo)])*(pos-lo)
}

func TestSummaryJSONMatchesTheSeededData(t *testing.T) {
	const n, seed = 800, 3
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("launch", n, seed)
	r := cli(t, against(s), "waitlist", "summary", "launch", "--format", "json")
	wantCode(t, r, 0)
	var got summaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	x := expect(clienttest.Synthetic(n, seed))

	if got.SequenceID != "launch" || got.Entries != n {
		t.Errorf("sequence %q, %d entries", got.SequenceID, got.Entries)
	}
	total := 0
	for _, sc := range got.ByStatus {
		if sc.Count != x.byStatus[sc.Status] {
			t.Errorf("status %s: %d, want %d", sc.Status, sc.Count, x.byStatus[sc.Status])
		}
		total += sc.Count
	}
	if total != n || len(got.ByStatus) != len(client.WaitlistConsumerStatuses()) {
		t.Errorf("statuses %v add up to %d", got.ByStatus, total)
	}
	w := got.EnteredToNotified
	if w.Count != len(x.waits) || w.Count < 100 {
		t.Fatalf("%d waits, want %d", w.Count, len(x.waits))
	}
	if med := quantile(x.waits, 0.5); math.Abs(w.MedianSeconds-med) > 0.001 {
		t.Errorf("median %v s, want %v s", w.MedianSeconds, med)
	}
	if p90 := quantile(x.waits, 0.9); math.Abs(w.P90Seconds-p90) > 0.001 {
		t.Errorf("p90 %v s, want %v s", w.P90Seconds, p90)
	}
	u := got.Unparseable
	if u.EnteredAt != x.badEntered || u.NotifiedAt != x.badNotified || x.badEntered == 0 || x.badNotified == 0 {
		t.Errorf("unparseable %d enteredAt and %d notifiedAt, want %d and %d", u.EnteredAt, u.NotifiedAt, x.badEntered, x.badNotified)
	}
	if len(u.Examples) == 0 || u.Examples[0].Index != 7 || u.Examples[0].Field != "enteredAt" {
		t.Errorf("examples %+v, want entry 7's enteredAt first", u.Examples)
	}
	if got.NotifiedBeforeEntered != x.notifiedBeforeEntered {
		t.Errorf("notified before entered: %d, want %d", got.NotifiedBeforeEntered, x.notifiedBeforeEntered)
	}
	days := 0
	for _, d := range got.PerDay {
		if d.Entries != x.perDay[d.Date] {
			t.Errorf("%s: %d entries, want %d", d.Date, d.Entries, x.perDay[d.Date])
		}
		days += d.Entries
	}
	if days != n-x.badEntered || got.PerDay[0].Date != "2025-11-03" {
		t.Errorf("per-day counts add up to %d, want %d; first day %s", days, n-x.badEntered, got.PerDay[0].Date)
	}
}

func TestSummaryText(t *testing.T) {
	const n, seed = 500, 9
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("launch", n, seed)
	r := cli(t, against(s), "waitlist", "summary", "launch")
	wantCode(t, r, 0)
	x := expect(clienttest.Synthetic(n, seed))
	out := r.stdout

	if !strings.Contains(out, "Waitlist of sequence launch: 500 entries") {
		t.Errorf("no title:\n%s", out)
	}
	for _, st := range client.WaitlistConsumerStatuses() {
		c := x.byStatus[string(st)]
		line := fmt.Sprintf("%-12s %9d %6.1f%%", st, c, 100*float64(c)/n)
		if !strings.Contains(out, line) {
			t.Errorf("no line %q:\n%s", line, out)
		}
	}
	med := time.Duration(quantile(x.waits, 0.5) * float64(time.Second))
	p90 := time.Duration(quantile(x.waits, 0.9) * float64(time.Second))
	for _, want := range []string{
		fmt.Sprintf("(%d entries with both times)", len(x.waits)),
		"median  " + humanDuration(med), "p90     " + humanDuration(p90),
		fmt.Sprintf("not RFC 3339 (left out): %d enteredAt, %d notifiedAt", x.badEntered, x.badNotified),
		"Entries per day (UTC, by enteredAt)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	for day, c := range x.perDay {
		found := false
		for line := range strings.Lines(out) {
			if strings.HasPrefix(line, "  "+day+"  ") && strings.HasSuffix(strings.TrimRight(line, "\n"), fmt.Sprintf(" %d", c)) {
				found = true
				if c > 0 && !strings.ContainsAny(line, "█▏▎▍▌▋▊▉") {
					t.Errorf("day %s has %d entries but no bar: %q", day, c, line)
				}
			}
		}
		if !found {
			t.Errorf("no chart line for %s with %d entries", day, c)
		}
	}
}

func TestSummaryOfTheDemo(t *testing.T) {
	r := cli(t, nil, "waitlist", "summary", "demo", "--demo", "--format", "json")
	wantCode(t, r, 0)
	var got summaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Entries != 240 {
		t.Fatalf("demo summary: %d entries (%v)", got.Entries, err)
	}
	x := expect(clienttest.Synthetic(240, 1))
	for _, sc := range got.ByStatus {
		if sc.Count != x.byStatus[sc.Status] {
			t.Errorf("demo status %s: %d, want %d", sc.Status, sc.Count, x.byStatus[sc.Status])
		}
	}
}

func TestSummaryOfAnEmptyOrOddWaitlist(t *testing.T) {
	s := clienttest.Start(t)
	s.AddWaitlist("empty", nil)
	r := cli(t, against(s), "waitlist", "summary", "empty")
	wantCode(t, r, 0)
	for _, want := range []string{"0 entries", "no entry has both times", "no entry has an RFC 3339 enteredAt"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("empty waitlist: no %q in\n%s", want, r.stdout)
		}
	}

	odd := clienttest.Synthetic(3, 1)
	odd[0].Status = ""
	odd[1].Status = "archived"
	early := "2025-11-01T00:00:00Z"
	odd[2].NotifiedAt = &early
	s.AddWaitlist("odd", odd)
	r = cli(t, against(s), "waitlist", "summary", "odd", "--format", "json")
	wantCode(t, r, 0)
	var got summaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, sc := range got.ByStatus {
		counts[sc.Status] = sc.Count
	}
	if counts["(none)"] != 1 || counts["archived"] != 1 || len(got.ByStatus) != len(client.WaitlistConsumerStatuses())+2 {
		t.Errorf("statuses %v, want (none) and archived listed after the known ones", got.ByStatus)
	}
	if got.NotifiedBeforeEntered != 1 {
		t.Errorf("notified before entered: %d, want 1", got.NotifiedBeforeEntered)
	}
}

func TestPercentileInterpolates(t *testing.T) {
	d := []time.Duration{1 * time.Second, 2 * time.Second, 3 * time.Second, 10 * time.Second}
	if got := percentile(d, 0.5); got != 2500*time.Millisecond {
		t.Errorf("median of an even count = %v, want 2.5s", got)
	}
	if got := percentile(d, 0.9); got != 7900*time.Millisecond {
		t.Errorf("p90 = %v, want 7.9s", got)
	}
	if got := percentile(d[:1], 0.9); got != time.Second {
		t.Errorf("p90 of one value = %v", got)
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("median of nothing = %v", got)
	}
}

func TestHumanDurationAndThousands(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45s", 12*time.Minute + 5*time.Second: "12m05s", 4*time.Hour + 12*time.Minute: "4h12m",
		54*time.Hour + 15*time.Minute: "2d06h15m", 1499 * time.Millisecond: "1s",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
