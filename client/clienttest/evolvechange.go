package clienttest

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// What changes in an entry from one version to the next is a small table keyed by JSON name (a
// path from the entry, as "consumer.lastEngagedAt"), looked up in the generated description of
// the schema when the package loads: it names no Go field, and a row whose field the spec does
// not declare (or declares as an object) is skipped. The rows draw from one generator in turn,
// so a row skipped shifts the draws of the rows after it (still deterministically per seed).

// evolve applies version v of entry i's changes to e, which holds the entry as made at first:
// the table's rows in turn, each drawing from one generator of (seed, i, v), then a change of
// some other field when none of the rows changed anything, then the unknown member.
func (ev evolution) evolve(i, v int, e *client.WaitlistConsumer, unknown bool) {
	if v == 0 {
		return
	}
	x := editPool.Get().(*edit)
	defer editPool.Put(x)
	x.src.Seed(ev.seed, evolveStream+uint64(i)<<8+uint64(v)) //nolint:gosec // deterministic test data
	r := x.story.r
	x.story = story{r: r, entered: syntheticLaunch.Add(14*24*time.Hour + time.Duration(v)*time.Hour)}
	x.v, x.status, x.upd = v, "", time.Time{}
	x.c = filler{d: &x.story, strs: make([]string, len(ev.changes)+1), times: make([]time.Time, len(ev.changes)+1)}
	base, changed := unsafe.Pointer(e), false //nolint:gosec // its fields are reached at the schema's offsets
	for _, ch := range ev.changes {
		if ch.oneIn > 1 && r.IntN(ch.oneIn) != 0 {
			continue
		}
		changed = x.apply(ch.at, base, ch.make) || changed
	}
	if !changed && len(fallbacks) > 0 {
		x.apply(fallbacks[r.IntN(len(fallbacks))], base, nil)
	}
	if unknown && positionUnknown && r.IntN(4) == 0 {
		if m := *(*map[string]json.RawMessage)(unsafe.Add(base, schema.WaitlistConsumer.Extra)); m != nil {
			m["position"] = json.RawMessage(strconv.Itoa(v*1000 + r.IntN(1000)))
		}
	}
}

// change is one row of the table: the field at path changes in one version in oneIn (1: in
// every version), to the value make gives (vNone: it stays as it is; a value of a kind the
// field cannot hold is replaced by one from its schema).
type change struct {
	path  string
	oneIn int
	make  func(x *edit, f *schema.Field, v unsafe.Pointer) value
}

var changeTable = []change{
	{"status", 1, func(x *edit, f *schema.Field, _ unsafe.Pointer) value {
		if len(statuses) == 0 {
			return x.c.fromSchema(f)
		}
		x.status = status(x.story.r, fixedStatuses)
		return str(x.status)
	}},
	{"updatedAt", 1, func(x *edit, _ *schema.Field, _ unsafe.Pointer) value { return at(x.updated()) }},
	{"notifiedAt", 1, func(x *edit, f *schema.Field, v unsafe.Pointer) value {
		if x.status != "notified" || !reflect.NewAt(f.Type, v).Elem().IsZero() {
			return value{}
		}
		return at(x.updated())
	}},
	{"consumer.lastEngagedAt", 3, func(x *edit, _ *schema.Field, _ unsafe.Pointer) value {
		return at(x.updated().Add(-time.Duration(x.story.r.IntN(60)) * time.Minute))
	}},
	{"consumer.metadata", 4, func(x *edit, f *schema.Field, v unsafe.Pointer) value {
		m := client.Metadata{}
		if f.Rep == schema.RepMap && *(*client.Metadata)(v) != nil {
			m = *(*client.Metadata)(v)
		}
		m["visits"] = json.Number(strconv.Itoa(x.v + x.story.r.IntN(100)))
		return meta(m)
	}},
}

// edit is what one version of an entry's changes is made with.
type edit struct {
	src    rand.PCG
	story  story  // the generator (on src), and the version's instant (entered) for values from a schema
	c      filler // stores values, and makes them from a field's schema
	v      int
	status string    // the status the entry takes in this version, "" if it has none
	upd    time.Time // the entry's updatedAt in this version, once drawn
}

var editPool = sync.Pool{New: func() any {
	x := new(edit)
	x.story.r = rand.New(&x.src) //nolint:gosec // deterministic test data
	return x
}}

// updated is the instant of the entry's change in this version, drawn the first time it is asked for.
func (x *edit) updated() time.Time {
	if x.upd.IsZero() {
		x.upd = x.story.entered.Add(time.Duration(x.story.r.IntN(3_600_000)) * time.Millisecond)
	}
	return x.upd
}

// apply changes the field at t in the entry at base to the value mk gives (nil: one from its
// schema), and reports whether it did.
func (x *edit) apply(t target, base unsafe.Pointer, mk func(*edit, *schema.Field, unsafe.Pointer) value) bool {
	f, v := t[len(t)-1], t.addr(base)
	if v == nil {
		return false
	}
	var val value
	if mk != nil {
		if val = mk(x, f, v); val.kind == vNone {
			return false
		}
	}
	if mk == nil || !suits(f, val) {
		val = x.c.fromSchema(f)
	}
	x.c.set(f, v, val)
	return true
}

// suits reports whether field f's Go value can hold val.
func suits(f *schema.Field, val value) bool {
	switch val.kind {
	case vString:
		return f.Rep == schema.RepString || f.Rep == schema.RepPtrString
	case vTime:
		return f.Rep == schema.RepString || f.Rep == schema.RepPtrString || f.Rep == schema.RepTime || f.Rep == schema.RepPtrTime
	case vNumber:
		return f.Rep == schema.RepInt || f.Rep == schema.RepPtrInt || f.Rep == schema.RepFloat || f.Rep == schema.RepPtrFloat
	case vBool:
		return f.Rep == schema.RepBool || f.Rep == schema.RepPtrBool
	case vMeta:
		return f.Rep == schema.RepMap
	case vJSON:
		return f.Rep == schema.RepOther
	}
	return false
}

// target is where a field is in an entry: the fields from the entry's down to it.
type target []*schema.Field

// addr returns the address of the field's Go value in the entry at base, nil when an object on
// the way is nil.
func (t target) addr(base unsafe.Pointer) unsafe.Pointer {
	for _, f := range t[:len(t)-1] {
		if base = f.Nested(base); base == nil {
			return nil
		}
	}
	return unsafe.Add(base, t[len(t)-1].Offset)
}

// lookup finds the field at path (JSON names, dot-separated, from the entry), nil when the
// schema declares none there or it is an object (which a change does not replace).
func lookup(path string) target {
	var t target
	o := schema.WaitlistConsumer
	for name := range strings.SplitSeq(path, ".") {
		i := -1
		if o != nil {
			i = slices.IndexFunc(o.Fields, func(f schema.Field) bool { return f.JSON == name })
		}
		if i < 0 {
			return nil
		}
		t, o = append(t, &o.Fields[i]), o.Fields[i].Object
	}
	if f := t[len(t)-1]; f.Rep == schema.RepStruct || f.Rep == schema.RepPtrStruct {
		return nil
	}
	return t
}

// resolved is a row of the table whose field the schema declares.
type resolved struct {
	at    target
	oneIn int
	make  func(*edit, *schema.Field, unsafe.Pointer) value
}

// resolve looks the table's fields up, skipping those the schema does not declare.
func resolve(table []change) (out []resolved) {
	for _, ch := range table {
		if t := lookup(ch.path); t != nil {
			out = append(out, resolved{t, max(ch.oneIn, 1), ch.make})
		}
	}
	return out
}

var (
	// changes are the table's rows the spec has fields for.
	changes = resolve(changeTable)

	// fallbacks are the fields one of which changes, to a value from its schema, in a version
	// where none of the table's rows changed anything: every optional field of the entry and of
	// the objects it always holds, objects excepted.
	fallbacks = func() (out []target) {
		var walk func(o *schema.Object, above target, depth int)
		walk = func(o *schema.Object, above target, depth int) {
			for i := range o.Fields {
				f := &o.Fields[i]
				t := append(above[:len(above):len(above)], f)
				switch {
				case f.Rep == schema.RepStruct && depth < 3:
					walk(f.Object, t, depth+1)
				case !f.Required && f.Rep != schema.RepStruct && f.Rep != schema.RepPtrStruct:
					out = append(out, t)
				}
			}
		}
		walk(schema.WaitlistConsumer, nil, 0)
		return out
	}()

	// positionUnknown says whether an entry keeps unknown members and "position" is not a field.
	positionUnknown = schema.WaitlistConsumer.HasExtra &&
		!slices.ContainsFunc(schema.WaitlistConsumer.Fields, func(f schema.Field) bool { return f.JSON == "position" })
)
