package main

import (
	"fmt"
	"io"
	"time"
)

const (
	// progressAfter is how long an export runs before progress is shown: short ones stay quiet.
	progressAfter = time.Second
	// progressEvery is how often the progress line is redrawn.
	progressEvery = 250 * time.Millisecond
)

// progress shows the count of entries read and the rate on stderr, redrawing one line.
type progress struct {
	w       io.Writer
	enabled bool
	after   time.Duration // how long to stay quiet
	start   time.Time
	last    time.Time
	n       int
	shown   bool
	now     func() time.Time
}

// newProgress returns the progress of one export. mode decides whether it is shown: "always"
// (from the start), "never", or "auto": when stderr is a terminal and stdout is not (an export
// to a file or a pipe, watched from a terminal) and the export runs for more than a second.
func newProgress(mode string, e env) *progress {
	p := &progress{w: e.stderr, now: time.Now, after: progressAfter}
	switch mode {
	case "always":
		p.enabled, p.after = true, 0
	case "auto":
		p.enabled = e.stderrIsTerminal && !e.stdoutIsTerminal
	}
	p.start = p.now()
	return p
}

// add counts one entry and redraws the line when due.
func (p *progress) add() {
	p.n++
	if !p.enabled || p.n%64 != 0 {
		return
	}
	now := p.now()
	if now.Sub(p.start) < p.after || now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	p.shown = true
	fmt.Fprintf(p.w, "\r%s (%s/s)\x1b[K", plural(p.n, "entry", "entries"), thousands(int(p.rate(now))))
}

// done ends the progress line with the final count, if it was shown.
func (p *progress) done() {
	if !p.shown {
		return
	}
	now := p.now()
	fmt.Fprintf(p.w, "\r%s in %s (%s/s)\x1b[K\n", plural(p.n, "entry", "entries"), now.Sub(p.start).Round(100*time.Millisecond), thousands(int(p.rate(now))))
}

func (p *progress) rate(now time.Time) float64 {
	secs := now.Sub(p.start).Seconds()
	if secs <= 0 {
		return 0
	}
	return float64(p.n) / secs
}

// thousands writes n with comma separators: 1234567 → "1,234,567".
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
