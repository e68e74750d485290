package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fanfare-go/fanfare/client/changes"
)

// maxRemovedFlag is --max-removed: a count ("10") or a share of the last read's entries
// ("50%", "12.5%"), as the changes package bounds removals.
type maxRemovedFlag struct {
	text string
	opt  changes.Option
}

// defaultMaxRemoved is the flag's default, the changes package's own.
const defaultMaxRemoved = "50%"

// String returns the flag as given.
func (f *maxRemovedFlag) String() string {
	if f.text == "" {
		return defaultMaxRemoved
	}
	return f.text
}

// Set parses N or P%.
func (f *maxRemovedFlag) Set(s string) error {
	if pct, ok := strings.CutSuffix(s, "%"); ok {
		p, err := strconv.ParseFloat(pct, 64)
		if err != nil || p < 0 || p > 100 {
			return errors.New("want a percentage from 0% to 100%, or a count")
		}
		f.text, f.opt = s, changes.WithMaxRemovedFraction(p/100)
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a count (0 or more) or a percentage such as 50%")
	}
	f.text, f.opt = s, changes.WithMaxRemoved(n)
	return nil
}

// options returns the diff's options for the flag.
func (f *maxRemovedFlag) options() []changes.Option {
	if f.opt == nil {
		return nil // the package's default, which is the flag's
	}
	return []changes.Option{f.opt}
}

// refusedRemovals explains a read refused for removing too many entries, in one line.
func refusedRemovals(e *changes.RemovalLimitError) string {
	return fmt.Sprintf("refused: this read would remove %d of the %d entries of the last read (--max-removed %s allows %d); "+
		"nothing was written as removed and the state file was kept; if the list really shrank, run again with --max-removed %d (or 100%%)",
		e.Removed, e.Previous, e.Limit, e.Max, e.Removed)
}
