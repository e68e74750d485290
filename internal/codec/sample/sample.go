// Package sample renders realistic waitlist responses deterministically, for the SDK's tests
// and benchmarks: about 1.9 KB of JSON per entry, every field of the spec (walked in
// internal/schema: a field the spec gains gets a value from its schema), optional fields
// sometimes null, names and cities outside ASCII, escapes, time offsets, metadata.
//
// It renders the bytes itself (not with encoding/json) so that what the decoders meet is what a
// server may send: keys in any order, escapes encoding/json would not write. Entry renders any
// entry; Reader and Array cycle through 256 of them, fast enough for benchmarks.
package sample

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/fanfare-go/fanfare/internal/schema"
)

var (
	firstNames = []string{"Ada", "Grace", "Alan", "Zoë", "José", "Małgorzata", "Søren", "Chloé", "Kwame", "Aiko", "Nikolaj", "Fatima", "Oğuz", "Li", "Sean", "Björk"}
	lastNames  = []string{"Lovelace", "Hopper", "Turing", "Müller", "García", "Kowalska", "Kierkegaard", "O'Brien", "Mensah", "Tanaka", "Ødegaard", "Haddad", "Yılmaz", "Wei", "Ó Súilleabháin", "Guðmundsdóttir"}
	cities     = []struct{ city, country, region, tz, postal string }{
		{"London", "GB", "England", "Europe/London", "EC1A 1BB"},
		{"São Paulo", "BR", "São Paulo", "America/Sao_Paulo", "01310-100"},
		{"Zürich", "CH", "Zürich", "Europe/Zurich", "8001"},
		{"New York", "US", "New York", "America/New_York", "10001"},
		{"Tōkyō", "JP", "Tokyo", "Asia/Tokyo", "100-0001"},
		{"Kraków", "PL", "Lesser Poland", "Europe/Warsaw", "31-000"},
		{"Reykjavík", "IS", "Capital Region", "Atlantic/Reykjavik", "101"},
		{"Lagos", "NG", "Lagos", "Africa/Lagos", "100001"},
	}
	vendors  = []string{"shopify", "bigcommerce", "woocommerce", "klaviyo"}
	statuses = []string{"entered", "waitlisted", "notified", "converted", "expired", "left"}
	tiers    = []string{"bronze", "silver", "gold", "platinum"}
)

// Entry appends the JSON of entry number i of the waitlist made from seed to dst. The members
// are the spec's (internal/schema): those entryMembers and consumerMembers make realistic come
// first, in their order; any other field the spec has gets a value from its schema.
func Entry(dst []byte, i int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(i))) //nolint:gosec // G404: test data, made to be reproducible
	w := &writer{b: dst, r: r}
	p := &person{i: i, seed: seed}
	p.first, p.last = pick(r, firstNames), pick(r, lastNames)
	p.place = cities[r.IntN(len(cities))]
	p.org = w.uuid()
	p.consumerID = w.uuid()
	p.base = int64(1_760_000_000) + int64(r.IntN(10_000_000))
	w.object(schema.WaitlistConsumer, p, entryMembers)
	return w.b
}

// person is what the members of one entry share.
type person struct {
	i               int
	seed            uint64
	first, last     string
	place           struct{ city, country, region, tz, postal string }
	org, consumerID string
	base            int64 // Unix seconds the entry's timestamps are drawn around
}

// member writes one member's value realistically.
type member struct {
	name  string
	write func(w *writer, p *person)
}

// timeAt writes a timestamp offset seconds from the entry's base, maybe null when nullable.
func timeAt(offset int64, ms, nullable bool) func(*writer, *person) {
	return func(w *writer, p *person) {
		if nullable {
			w.maybe(func() { w.time(p.base+offset, ms) })
			return
		}
		w.time(p.base+offset, ms)
	}
}

// timeWithin writes a nullable timestamp up to span seconds before the entry's base.
func timeWithin(span int) func(*writer, *person) {
	return func(w *writer, p *person) {
		w.maybe(func() { w.time(p.base-int64(w.r.IntN(span)), false) })
	}
}

func intUpTo(n int) func(*writer, *person) {
	return func(w *writer, _ *person) { w.int(w.r.IntN(n)) }
}

func score(w *writer, _ *person) { w.float(w.r) }

func maybeStr(s func(w *writer, p *person) string) func(*writer, *person) {
	return func(w *writer, p *person) { w.maybe(func() { w.str(s(w, p)) }) }
}

var entryMembers = []member{
	{"id", func(w *writer, _ *person) { w.str(w.uuid()) }},
	{"organizationId", func(w *writer, p *person) { w.str(p.org) }},
	{"consumerId", func(w *writer, p *person) { w.str(p.consumerID) }},
	{"waitlistId", func(w *writer, p *person) { w.b = fmt.Appendf(w.b, `"wl_%08x"`, p.seed&0xffffffff) }},
	{"status", func(w *writer, _ *person) { w.str(pick(w.r, statuses)) }},
	{"enteredAt", timeAt(0, true, false)},
	{"notifiedAt", timeAt(3600, true, true)},
	{"updatedAt", timeAt(7200, true, false)},
	{"consumer", func(w *writer, p *person) { w.nested(schema.WaitlistConsumer, "consumer", p, consumerMembers) }},
}

var consumerMembers = []member{
	{"id", func(w *writer, p *person) { w.str(p.consumerID) }},
	{"organizationId", func(w *writer, p *person) { w.str(p.org) }},
	{"createdAt", timeAt(-86400*30, false, false)},
	{"createdBy", func(w *writer, _ *person) { w.raw(`"system"`) }},
	{"archived", func(w *writer, _ *person) { w.bool(w.r.IntN(20) == 0) }},
	{"emailVerified", func(w *writer, _ *person) { w.bool(w.r.IntN(3) > 0) }},
	{"phoneVerified", func(w *writer, _ *person) { w.bool(w.r.IntN(2) == 0) }},
	{"status", func(w *writer, _ *person) { w.str([]string{"ACTIVE", "INACTIVE"}[w.r.IntN(2)]) }},
	{"activityRank", intUpTo(6)},
	{"activityScore", score},
	{"activityScoreUpdatedAt", timeAt(-3600, false, true)},
	{"aov", func(w *writer, _ *person) { w.str(strconv.FormatFloat(float64(w.r.IntN(100000))/100, 'f', 2, 64)) }},
	{"email", maybeStr(func(_ *writer, p *person) string {
		return fmt.Sprintf("%s.%s+%d@example.com", ascii(p.first), ascii(p.last), p.i)
	})},
	{"engagedCount", intUpTo(500)},
	{"fullName", maybeStr(func(_ *writer, p *person) string { return p.first + " " + p.last })},
	{"lastEngagedAt", timeWithin(86400)},
	{"lastGeoAt", timeWithin(86400)},
	{"lastGeoCity", maybeStr(func(_ *writer, p *person) string { return p.place.city })},
	{"lastGeoCoordinates", func(w *writer, p *person) {
		w.maybe(func() { w.nested(schema.Consumer, "lastGeoCoordinates", p, coordinateMembers) })
	}},
	{"lastGeoCountry", maybeStr(func(_ *writer, p *person) string { return p.place.country })},
	{"lastGeoPostalCode", maybeStr(func(_ *writer, p *person) string { return p.place.postal })},
	{"lastGeoRegion", maybeStr(func(_ *writer, p *person) string { return p.place.region })},
	{"lastGeoSource", maybeStr(func(w *writer, _ *person) string { return pick(w.r, []string{"ip", "gps", "address"}) })},
	{"lastGeoTimezone", maybeStr(func(_ *writer, p *person) string { return p.place.tz })},
	{"lastLoginAt", timeWithin(86400 * 60)},
	{"lastOrderAt", timeWithin(86400 * 60)},
	{"lastReturnAt", timeWithin(86400 * 60)},
	{"loyaltyBalance", intUpTo(5000)},
	{"loyaltyLastActivityAt", timeWithin(86400 * 90)},
	{"loyaltyLifetimePoints", intUpTo(50000)},
	{"ltv", func(w *writer, _ *person) { w.str(strconv.FormatFloat(float64(w.r.IntN(10000000))/100, 'f', 2, 64)) }},
	{"metadata", func(w *writer, p *person) { w.metadata(p.i) }},
	{"monetaryRank", intUpTo(6)},
	{"monetaryScore", score},
	{"monetaryScoreUpdatedAt", timeAt(-7200, false, true)},
	{"phone", maybeStr(func(w *writer, _ *person) string { return fmt.Sprintf("+44770090%04d", w.r.IntN(10000)) })},
	{"primaryExternalId", maybeStr(func(w *writer, _ *person) string { return fmt.Sprintf("shop_%d", w.r.IntN(1_000_000)) })},
	{"primaryLastSyncedAt", timeAt(-600, false, true)},
	{"primarySourceVendor", maybeStr(func(w *writer, _ *person) string { return pick(w.r, vendors) })},
	{"primarySyncSourceId", maybeStr(func(w *writer, _ *person) string { return w.uuid() })},
	{"purchaseFrequencyRank", intUpTo(6)},
	{"purchaseFrequencyScore", score},
	{"purchaseFrequencyScoreUpdatedAt", timeAt(-7200, false, true)},
	{"smsOptOut", func(w *writer, _ *person) { w.bool(w.r.IntN(10) == 0) }},
	{"totalEngagements", intUpTo(200)},
	{"totalMessages", intUpTo(200)},
	{"totalOrders", intUpTo(200)},
	{"totalReturns", intUpTo(200)},
	{"updatedAt", timeAt(-60, false, false)},
	{"updatedBy", maybeStr(func(w *writer, _ *person) string { return "usr_" + w.uuid()[:8] })},
	{"verificationCode", maybeStr(func(w *writer, _ *person) string { return fmt.Sprintf("%06d", w.r.IntN(1_000_000)) })},
	{"verificationCodeExpiresAt", timeAt(600, true, true)},
}

var coordinateMembers = []member{
	{"latitude", func(w *writer, _ *person) { w.raw(strconv.FormatFloat(w.r.Float64()*180-90, 'f', 4, 64)) }},
	{"longitude", func(w *writer, _ *person) { w.raw(strconv.FormatFloat(w.r.Float64()*360-180, 'f', 4, 64)) }},
}

// templates is how many distinct entries a Reader cycles through.
const templates = 256

// Array returns the JSON array of n entries that a Reader of n and seed reads.
func Array(n int, seed uint64) []byte {
	b, _ := io.ReadAll(NewReader(n, seed))
	return b
}

// Templates are the 256 distinct entries of a seed that Readers cycle through.
type Templates struct{ entries [][]byte }

// NewTemplates renders the templates of seed.
func NewTemplates(seed uint64) *Templates {
	t := &Templates{}
	for i := range templates {
		t.entries = append(t.entries, Entry(nil, i, seed))
	}
	return t
}

// Reader returns a Reader of the array of n entries made from the templates.
func (t *Templates) Reader(n int) *Reader {
	return &Reader{n: n, templates: t.entries, buf: make([]byte, 0, 64<<10)}
}

// Reader renders the array of n entries as it is read, in constant memory and fast enough not
// to be what a benchmark measures: entry i is entry i%256 of seed, rendered once by Entry, with
// the first 8 hex digits of its id replaced by i's, so that every entry has an id of its own.
type Reader struct {
	n, next   int
	templates [][]byte
	buf       []byte
	off       int
	done      bool
}

// NewReader returns a Reader of the array of n entries made from seed.
func NewReader(n int, seed uint64) *Reader {
	return NewTemplates(seed).Reader(n)
}

// Read renders entries as needed to fill p.
func (r *Reader) Read(p []byte) (int, error) {
	written := 0
	for written < len(p) {
		if r.off == len(r.buf) {
			if r.done {
				break
			}
			r.refill()
		}
		k := copy(p[written:], r.buf[r.off:])
		r.off += k
		written += k
	}
	if written == 0 && r.done {
		return 0, io.EOF
	}
	return written, nil
}

// idPrefix is how an entry begins when it has an id (the first of entryMembers).
const idPrefix = `{"id":"`

// refill renders the next entries (about 32 KB) into r.buf.
func (r *Reader) refill() {
	const hex = "0123456789abcdef"
	r.buf, r.off = r.buf[:0], 0
	if r.next == 0 {
		r.buf = append(r.buf, '[')
	}
	for len(r.buf) < 32<<10 && r.next < r.n {
		if r.next > 0 {
			r.buf = append(r.buf, ',')
		}
		at := len(r.buf) + len(idPrefix)
		t := r.templates[r.next%len(r.templates)]
		r.buf = append(r.buf, t...)
		if bytes.HasPrefix(t, []byte(idPrefix)) && len(t) > len(idPrefix)+8 {
			for k := range 8 {
				r.buf[at+k] = hex[r.next>>(28-4*k)&0xf]
			}
		}
		r.next++
	}
	if r.next == r.n {
		r.buf = append(r.buf, ']')
		r.done = true
	}
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

// ascii keeps the ASCII letters of s, lower-cased, for an email address.
func ascii(s string) string {
	var b []byte
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z':
			b = append(b, c)
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}
