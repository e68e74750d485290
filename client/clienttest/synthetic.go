package clienttest

import (
	"hash/fnv"
	"math/rand/v2"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// syntheticLaunch is the instant synthetic waitlists open: every synthetic entry entered the
// waitlist on one of the 14 days from it, most of them on the first.
var syntheticLaunch = time.Date(2025, time.November, 3, 9, 0, 0, 0, time.UTC)

// Synthetic returns n realistic waitlist entries, made up deterministically from seed: the same
// (n, seed) always gives the same entries, and entry i depends only on (seed, i), so
// Synthetic(m, seed) is a prefix of Synthetic(n, seed) for m < n. It is cheap enough for
// hundreds of thousands of entries.
//
// Every field the spec declares is exercised, the ones it gains included: the fake walks the
// schema, and a field its small table of realistic values does not know gets values its schema
// allows (type, format, enum, pattern, bounds, default). The first entries have the entry
// statuses (notified, waitlisted, entered, converted, expired, left, then any others the spec
// lists) and after them statuses follow a drop's usual mix. Entry 0 has every optional field set;
// entry 1 has every nullable field null (and every defaulted field sent as its default); entry 2
// leaves every optional field out; later entries mix the three. Names and places use many
// scripts, quotes, apostrophes and commas; metadata holds strings, numbers (fractional,
// negative, exponent-sized), booleans, nulls and arrays of those. Timestamps are UTC with
// millisecond precision. A few entries (entry 7 always) carry an enteredAt or notifiedAt that
// is not RFC 3339, as the API's plain-string fields allow.
//
// Served by a [Server] ([Server.AddWaitlist] or, for lists too big to hold,
// [Server.AddSyntheticWaitlist]), the entries decode to exactly these values; on the wire a nil
// field is sometimes null and sometimes absent.
//
// With [Evolving], n is the length of generation 0 and Synthetic returns the generation
// [AtGeneration] selects (0 by default), whose length differs.
func Synthetic(n int, seed int64, opts ...SyntheticOption) []client.WaitlistConsumer {
	g := newSynth(seed, opts)
	if g.cfg.evolving {
		gen := newGeneration(g, newEvolution(g.cfg.evolveSeed, max(n, 0)), g.cfg.generation)
		out := make([]client.WaitlistConsumer, gen.size())
		for i := range out {
			var p presence
			gen.entry(i, &out[i], &p)
		}
		return out
	}
	if n <= 0 {
		return []client.WaitlistConsumer{}
	}
	out := make([]client.WaitlistConsumer, n)
	var p presence
	for i := range out {
		g.entry(i, &out[i], &p)
	}
	return out
}

// SyntheticEntry returns entry i of Synthetic(n, seed), for any n > i, without making the others:
// use it to check a huge synthetic waitlist entry by entry. An evolving list's entries depend on
// its length: SyntheticEntry panics when opts include [Evolving].
func SyntheticEntry(seed int64, i int, opts ...SyntheticOption) client.WaitlistConsumer {
	g := newSynth(seed, opts)
	if g.cfg.evolving {
		panic("clienttest: SyntheticEntry of an evolving list: use Synthetic(n, seed, opts...)")
	}
	var e client.WaitlistConsumer
	var p presence
	g.entry(i, &e, &p)
	return e
}

// synth makes the entries of one seed.
type synth struct {
	seed       uint64
	org        string
	waitlistID string
	cfg        syntheticConfig
}

// streamIDs is a PCG stream no entry index reaches, for the values shared by a seed's entries.
const streamIDs = 1 << 63

func newSynth(seed int64, opts []SyntheticOption) *synth {
	r := rand.New(rand.NewPCG(uint64(seed), streamIDs)) //nolint:gosec // deterministic test data from the seed's bits
	return &synth{
		seed:       uint64(seed), //nolint:gosec // the seed's bits, reinterpreted on purpose
		org:        uuid(r),
		waitlistID: uuid(r),
		cfg:        newSyntheticConfig(opts),
	}
}

// entry fills e with entry i, and p with how its empty fields go on the wire.
func (g *synth) entry(i int, e *client.WaitlistConsumer, p *presence) {
	g.fill(i, e, p, nil)
}

// fill is entry, with the pointer fields of e pointing into blk when it is not nil: e is then
// only good until blk is used again (to be written, not handed out).
func (g *synth) fill(i int, e *client.WaitlistConsumer, p *presence, blk *blocks) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.story.draw(g, i, &sc.src)
	*p = presence{}
	c := filler{d: &sc.story, p: p}
	if blk != nil {
		c.strs, c.times = blk.strs, blk.times
		clear(c.strs)
		clear(c.times)
	}
	*e = client.WaitlistConsumer{}
	c.object(schema.WaitlistConsumer, unsafe.Pointer(e)) //nolint:gosec // G103: fields are read at the offsets the generated description gives for this struct
	if g.cfg.unknown {
		addUnknownMembers(g.seed, i, e)
	}
}

// scratch is what making an entry needs and does not hand out: its story and random source.
type scratch struct {
	src   rand.PCG
	story story
}

var scratchPool = sync.Pool{New: func() any {
	sc := new(scratch)
	sc.story.r = rand.New(&sc.src) //nolint:gosec // deterministic test data, not secrets
	return sc
}}

// blocks are what an entry's *string and *time.Time fields point to, reused from one entry to
// the next while a list is written.
type blocks struct {
	strs  []string
	times []time.Time
}

var blocksPool = sync.Pool{New: func() any {
	return &blocks{strs: make([]string, ptrFields.strs), times: make([]time.Time, ptrFields.times)}
}}

// appendSynthetic appends the JSON of entry i of g, made in e and forgotten.
func (g *synth) appendSynthetic(b []byte, i int, e *client.WaitlistConsumer, then func(e *client.WaitlistConsumer)) []byte {
	blk := blocksPool.Get().(*blocks)
	defer blocksPool.Put(blk)
	var p presence
	g.fill(i, e, &p, blk)
	if then != nil {
		then(e)
	}
	return appendEntry(b, e, &p)
}

// filler fills an entry's fields, walking the schema: each from the realism table when it has
// an entry for the field, else from the field's schema.
type filler struct {
	d     *story
	p     *presence
	strs  []string    // what the entry's *string fields point to: one allocation for them all
	times []time.Time // what its *time.Time fields point to
}

// object fills the struct at base, described by o.
func (c *filler) object(o *schema.Object, base unsafe.Pointer) {
	for i := range o.Fields {
		c.field(&o.Fields[i], unsafe.Add(base, o.Fields[i].Offset))
	}
}

// field fills field f, whose Go value is at v: a required field always, an optional one with
// the probability its realism gives (always on row 0, never on rows 1 and 2).
//
// Each field draws from a random stream of its own (from the seed, the row and the field's
// name), so that a field the spec gains or loses changes no other field's values.
func (c *filler) field(f *schema.Field, v unsafe.Pointer) {
	c.d.src.Seed(c.d.g.seed^fieldStreams[f.Bit], uint64(c.d.row)) //nolint:gosec // deterministic test data
	re := &realisms[f.Bit]
	if f.Required || f.Rep == schema.RepStruct || c.want(re.prob) {
		val := value{}
		if re.make != nil {
			val = re.make(c.d, f)
		} else {
			val = c.fromSchema(f)
		}
		if val.kind == vNone && f.Required {
			val = c.fromSchema(f)
		}
		if val.kind != vNone {
			c.set(f, v, val)
			return
		}
	}
	c.empty(f, v)
}

// want reports whether an optional field gets a value, with probability prob after row 2.
func (c *filler) want(prob float64) bool {
	switch row := c.d.row; {
	case row == 0:
		return true
	case row <= 2:
		return false
	}
	return c.d.r.Float64() < prob
}

// empty leaves field f without a value, deciding how it goes on the wire: written (null, or its
// default) on rows 0 and 1, left out on row 2, either on later rows.
func (c *filler) empty(f *schema.Field, v unsafe.Pointer) {
	written := c.d.row < 2 || (c.d.row > 2 && c.d.r.IntN(3) != 0)
	if plain(f) {
		setDefault(f, v)
		if written {
			c.p.set(f.Bit)
		}
		return
	}
	if f.Nullable && !written {
		c.p.set(f.Bit)
	}
}

// set stores val in field f, whose Go value is at v.
func (c *filler) set(f *schema.Field, v unsafe.Pointer, val value) {
	switch f.Rep {
	case schema.RepString:
		*(*string)(v) = c.text(val)
	case schema.RepPtrString:
		if len(c.strs) == 0 {
			c.strs = make([]string, ptrFields.strs)
		}
		s := &c.strs[0]
		c.strs = c.strs[1:]
		*s = c.text(val)
		*(**string)(v) = s
	case schema.RepInt:
		*(*int)(v) = int(val.n)
	case schema.RepPtrInt:
		n := int(val.n)
		*(**int)(v) = &n
	case schema.RepFloat:
		*(*float64)(v) = val.n
	case schema.RepPtrFloat:
		n := val.n
		*(**float64)(v) = &n
	case schema.RepBool:
		*(*bool)(v) = val.b
	case schema.RepPtrBool:
		b := val.b
		*(**bool)(v) = &b
	case schema.RepTime:
		*(*time.Time)(v) = val.t
	case schema.RepPtrTime:
		if len(c.times) == 0 {
			c.times = make([]time.Time, ptrFields.times)
		}
		t := &c.times[0]
		c.times = c.times[1:]
		*t = val.t
		*(**time.Time)(v) = t
	case schema.RepStruct:
		c.object(f.Object, v)
	case schema.RepPtrStruct:
		o := reflect.New(f.Object.Type).UnsafePointer()
		c.object(f.Object, o)
		*(*unsafe.Pointer)(v) = o
	case schema.RepMap:
		*(*client.Metadata)(v) = val.m
	default:
		setJSON(f, v, val.s)
	}
}

// text is val as a string field holds it: a time as JavaScript's toISOString writes it.
func (c *filler) text(val value) string {
	if val.kind == vTime {
		return jsTime(c.d.r, val.t)
	}
	return val.s
}

// fieldStreams are the fields' random streams, by Bit: a hash of "Object.name".
var fieldStreams = func() (out [schema.Bits]uint64) {
	schema.WaitlistConsumer.Walk(func(o *schema.Object, f *schema.Field) {
		h := fnv.New64a()
		h.Write([]byte(o.Name + "." + f.JSON))
		out[f.Bit] = h.Sum64()
	})
	return out
}()

// ptrFields counts the fields held as *string and *time.Time: the sizes of a filler's blocks.
var ptrFields = func() (n struct{ strs, times int }) {
	schema.WaitlistConsumer.Walk(func(_ *schema.Object, f *schema.Field) {
		switch f.Rep {
		case schema.RepPtrString:
			n.strs++
		case schema.RepPtrTime:
			n.times++
		}
	})
	return n
}()
