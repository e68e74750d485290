package clienttest

import (
	"math"
	"sync"

	"github.com/fanfare-go/fanfare/client"
)

// Evolving makes a synthetic waitlist change from one generation to the next, deterministically
// from seed, as a waitlist does during a drop: in each generation after the first, some entries
// leave, new ones join at the end, and some change: their status, their updatedAt, and now and
// then another member (the consumer's lastEngagedAt, a metadata value, and with
// [WithUnknownMembers] an unknown member). Generation 0 is the list made without the option.
// Those members are named by JSON name and looked up in the spec: one it does not declare is
// skipped, and when it declares none of them, an entry changes in another optional member, to a
// value its schema allows.
//
// Served by [Server.AddSyntheticWaitlist], the list moves on by one generation with each read
// answered with it: the first read gets generation 0 (or the one [AtGeneration] names), the
// next one the following generation, and so on. [Synthetic] returns the entries of one
// generation, for a test to compare with what it read.
//
// In each generation about one entry in 50 leaves, as many join (n/50, at least one, for a list
// of n entries at generation 0), and about one in 12 changes. An entry that does not change
// keeps its exact bytes on the wire.
func Evolving(seed int64) SyntheticOption {
	return func(c *syntheticConfig) {
		c.evolving = true
		c.evolveSeed = uint64(seed) //nolint:gosec // the seed's bits, reinterpreted on purpose
	}
}

// AtGeneration selects generation k (from 0) of a list made with [Evolving]: the entries
// [Synthetic] returns, or the first generation [Server.AddSyntheticWaitlist] serves. It has no
// effect without Evolving.
func AtGeneration(k int) SyntheticOption {
	return func(c *syntheticConfig) { c.generation = max(k, 0) }
}

// Lifetimes and change periods, in generations.
const (
	leaveChance           = 1.0 / 50 // per generation: the entry leaves
	joinDivisor           = 50       // n/joinDivisor entries join in each generation
	minPeriod, spanPeriod = 6, 16    // an entry changes every minPeriod..minPeriod+spanPeriod-1 generations
	evolveStream          = 1 << 61  // the PCG stream of the changes, apart from the entries' own
)

// evolution is how the list of one (seed, n) changes between generations. Entry i, the i-th
// entry ever made (SyntheticEntry's i), is on the list in the generations [joins(i), leaves(i)).
type evolution struct {
	seed    uint64
	n       int        // the length of generation 0
	perJoin int        // entries joining in each later generation
	changes []resolved // what changes in an entry: the table's rows the spec has fields for
}

func newEvolution(seed uint64, n int) evolution {
	return evolution{seed: seed, n: n, perJoin: max(1, n/joinDivisor), changes: changes}
}

// total is how many entries have been made by generation k: those that joined until then.
func (ev evolution) total(k int) int { return ev.n + k*ev.perJoin }

// joins is the generation in which entry i joined.
func (ev evolution) joins(i int) int {
	if i < ev.n {
		return 0
	}
	return 1 + (i-ev.n)/ev.perJoin
}

// mix is SplitMix64's finaliser: the entry's draws without a generator's allocation.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// draw is entry i's k-th draw, uniform over uint64.
func (ev evolution) draw(i, k int) uint64 {
	return mix(ev.seed ^ mix(uint64(i)<<3|uint64(k))) //nolint:gosec // i and k are small and non-negative
}

// leaves is the first generation entry i is no longer on the list: its lifetime is geometric.
func (ev evolution) leaves(i int) int {
	u := (float64(ev.draw(i, 0)>>11) + 0.5) / (1 << 53)
	life := 1 + math.Floor(math.Log(u)/math.Log1p(-leaveChance))
	return ev.joins(i) + int(min(life, 1<<30))
}

// present reports whether entry i is on the list in generation k.
func (ev evolution) present(i, k int) bool {
	return ev.joins(i) <= k && k < ev.leaves(i)
}

// version is how many times entry i has changed since it joined, by generation k: it changes in
// the generations g > joins(i) where (g+phase) is a multiple of its period.
func (ev evolution) version(i, k int) int {
	d := ev.draw(i, 1)
	period := minPeriod + int(d%spanPeriod)
	phase := int(d >> 32 % uint64(period)) //nolint:gosec // period is small
	return (k+phase)/period - (ev.joins(i)+phase)/period
}

// generation is one generation of an evolving synthetic list: its entries in order, made as
// they are asked for. It remembers where the last one asked for was, so that a response, which
// asks for them in order, finds each in constant time. It is not safe for concurrent use: each
// read gets its own.
type generation struct {
	g   *synth
	ev  evolution
	k   int
	len int

	pos, next int // entry next is the first on the list at or after position pos
}

func newGeneration(g *synth, ev evolution, k int) *generation {
	gen := &generation{g: g, ev: ev, k: k}
	for i := range ev.total(k) {
		if ev.present(i, k) {
			gen.len++
		}
	}
	return gen
}

func (gen *generation) size() int { return gen.len }

// index returns the entry (SyntheticEntry's i) at position pos of the list.
func (gen *generation) index(pos int) int {
	if pos < gen.pos {
		gen.pos, gen.next = 0, 0
	}
	for i := gen.next; ; i++ {
		if !gen.ev.present(i, gen.k) {
			continue
		}
		if gen.pos == pos {
			gen.pos, gen.next = pos+1, i+1
			return i
		}
		gen.pos++
	}
}

// entry fills e with the entry at position pos, and p with how its empty fields go on the wire.
func (gen *generation) entry(pos int, e *client.WaitlistConsumer, p *presence) {
	i := gen.index(pos)
	gen.g.entry(i, e, p)
	gen.ev.evolve(i, gen.ev.version(i, gen.k), e, gen.g.cfg.unknown)
}

func (gen *generation) appendEntry(b []byte, pos int, scratch *client.WaitlistConsumer) []byte {
	i := gen.index(pos)
	return gen.g.appendSynthetic(b, i, scratch, func(e *client.WaitlistConsumer) {
		gen.ev.evolve(i, gen.ev.version(i, gen.k), e, gen.g.cfg.unknown)
	})
}

// evolvingWaitlist is a synthetic list that serves its next generation to each read.
type evolvingWaitlist struct {
	g  *synth
	ev evolution

	mu    sync.Mutex
	reads int // answered so far
}

// read returns the generation this read gets, and counts the read.
func (l *evolvingWaitlist) read() waitlist {
	l.mu.Lock()
	k := l.g.cfg.generation + l.reads
	l.reads++
	l.mu.Unlock()
	return newGeneration(l.g, l.ev, k)
}
