package changes

import (
	"fmt"
	"math"
)

// MinRemovalAllowance is how many removals a fractional bound ([WithMaxRemovedFraction], and
// the default) always allows, however short the previous list: two, so that a list of three
// can lose two of its entries and a list of one or two can empty. On so short a list half of it
// is no signal of a short read (one person leaving a test drop is 50%), and what a wrongly
// reported removal could cost is at most two entries downstream.
const MinRemovalAllowance = 2

// DefaultMaxRemovedFraction is the default bound on removals: a read that would remove more
// than half of the previous state's entries is refused, as rclone bisync refuses by default to
// delete more than 50% of the files (beyond [MinRemovalAllowance]).
const DefaultMaxRemovedFraction = 0.5

// Option configures a [Diff].
type Option func(*Diff)

// WithMaxRemoved bounds the removals of a read by a count: a read that would remove more than n
// of the previous state's entries is refused (n = 0 refuses any removal). A negative n allows
// any removal.
func WithMaxRemoved(n int) Option {
	return func(d *Diff) {
		if n < 0 {
			d.limit = removalLimit{fraction: 1, fractional: true}
			return
		}
		d.limit = removalLimit{count: n}
	}
}

// WithMaxRemovedFraction bounds the removals of a read by a share of the previous state's
// entries, from 0 to 1: a read that would remove more than f of them (rounded down, and never
// fewer than [MinRemovalAllowance]) is refused. 1 allows any removal; the default is
// [DefaultMaxRemovedFraction]. A value outside [0, 1] (or NaN) is taken as the nearest bound.
func WithMaxRemovedFraction(f float64) Option {
	return func(d *Diff) {
		switch {
		case math.IsNaN(f), f < 0:
			f = 0
		case f > 1:
			f = 1
		}
		d.limit = removalLimit{fraction: f, fractional: true}
	}
}

// removalLimit is a Diff's bound on removals: a count, or a fraction of the previous entries.
type removalLimit struct {
	count      int
	fraction   float64
	fractional bool
}

var defaultRemovalLimit = removalLimit{fraction: DefaultMaxRemovedFraction, fractional: true}

// max returns the most removals allowed from a state of prev entries.
func (l removalLimit) max(prev int) int {
	if !l.fractional {
		return l.count
	}
	if l.fraction >= 1 {
		return prev
	}
	// The 1e-9 keeps a product such as 0.29 × 100 (28.999…) from losing an entry to rounding.
	return max(MinRemovalAllowance, int(math.Floor(float64(prev)*l.fraction+1e-9)))
}

// String says the bound for people: "50%" or "10".
func (l removalLimit) String() string {
	if !l.fractional {
		return fmt.Sprint(l.count)
	}
	return fmt.Sprintf("%g%%", l.fraction*100)
}
