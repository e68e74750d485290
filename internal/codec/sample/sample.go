// Package sample renders realistic waitlist responses deterministically, for the SDK's tests
// and benchmarks: about 1.9 KB of JSON per entry, every field of the spec, optional fields
// sometimes null or absent, names and cities outside ASCII, escapes, time offsets, metadata.
//
// It renders the bytes itself (not with encoding/json) so that what the decoders meet is what a
// server may send: keys in any order, escapes encoding/json would not write. Entry renders any
// entry; Reader and Array cycle through 256 of them, fast enough for benchmarks.
package sample

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
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

// Entry appends the JSON of entry number i of the waitlist made from seed to dst.
func Entry(dst []byte, i int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(i))) //nolint:gosec // G404: test data, made to be reproducible
	w := writer{b: dst, r: r}
	first, last := pick(r, firstNames), pick(r, lastNames)
	place := cities[r.IntN(len(cities))]
	org := w.uuid()
	consumerID := w.uuid()
	base := int64(1_760_000_000) + int64(r.IntN(10_000_000))

	w.raw(`{"id":`)
	w.str(w.uuid())
	w.raw(`,"organizationId":`)
	w.str(org)
	w.raw(`,"consumerId":`)
	w.str(consumerID)
	w.raw(`,"waitlistId":"`)
	w.raw(fmt.Sprintf("wl_%08x", seed&0xffffffff))
	w.raw(`","status":`)
	w.str(pick(r, statuses))
	w.raw(`,"enteredAt":`)
	w.time(base, true)
	w.raw(`,"notifiedAt":`)
	w.maybe(func() { w.time(base+3600, true) })
	w.raw(`,"updatedAt":`)
	w.time(base+7200, true)

	w.raw(`,"consumer":{"id":`)
	w.str(consumerID)
	w.raw(`,"organizationId":`)
	w.str(org)
	w.raw(`,"createdAt":`)
	w.time(base-86400*30, false)
	w.raw(`,"createdBy":"system","archived":`)
	w.bool(r.IntN(20) == 0)
	w.raw(`,"emailVerified":`)
	w.bool(r.IntN(3) > 0)
	w.raw(`,"phoneVerified":`)
	w.bool(r.IntN(2) == 0)
	w.raw(`,"status":`)
	w.str([]string{"ACTIVE", "INACTIVE"}[r.IntN(2)])
	w.raw(`,"activityRank":`)
	w.int(r.IntN(6))
	w.raw(`,"activityScore":`)
	w.float(r)
	w.raw(`,"activityScoreUpdatedAt":`)
	w.maybe(func() { w.time(base-3600, false) })
	w.raw(`,"aov":`)
	w.str(strconv.FormatFloat(float64(r.IntN(100000))/100, 'f', 2, 64))
	w.raw(`,"email":`)
	w.maybe(func() { w.str(fmt.Sprintf("%s.%s+%d@example.com", ascii(first), ascii(last), i)) })
	w.raw(`,"engagedCount":`)
	w.int(r.IntN(500))
	w.raw(`,"fullName":`)
	w.maybe(func() { w.str(first + " " + last) })
	for _, f := range []string{"lastEngagedAt", "lastGeoAt"} {
		w.raw(`,"` + f + `":`)
		w.maybe(func() { w.time(base-int64(r.IntN(86400)), false) })
	}
	w.raw(`,"lastGeoCity":`)
	w.maybe(func() { w.str(place.city) })
	w.raw(`,"lastGeoCoordinates":`)
	w.maybe(func() {
		w.raw(`{"latitude":`)
		w.raw(strconv.FormatFloat(r.Float64()*180-90, 'f', 4, 64))
		w.raw(`,"longitude":`)
		w.raw(strconv.FormatFloat(r.Float64()*360-180, 'f', 4, 64))
		w.raw(`}`)
	})
	w.raw(`,"lastGeoCountry":`)
	w.maybe(func() { w.str(place.country) })
	w.raw(`,"lastGeoPostalCode":`)
	w.maybe(func() { w.str(place.postal) })
	w.raw(`,"lastGeoRegion":`)
	w.maybe(func() { w.str(place.region) })
	w.raw(`,"lastGeoSource":`)
	w.maybe(func() { w.str(pick(r, []string{"ip", "gps", "address"})) })
	w.raw(`,"lastGeoTimezone":`)
	w.maybe(func() { w.str(place.tz) })
	for _, f := range []string{"lastLoginAt", "lastOrderAt", "lastReturnAt"} {
		w.raw(`,"` + f + `":`)
		w.maybe(func() { w.time(base-int64(r.IntN(86400*60)), false) })
	}
	w.raw(`,"loyaltyBalance":`)
	w.int(r.IntN(5000))
	w.raw(`,"loyaltyLastActivityAt":`)
	w.maybe(func() { w.time(base-int64(r.IntN(86400*90)), false) })
	w.raw(`,"loyaltyLifetimePoints":`)
	w.int(r.IntN(50000))
	w.raw(`,"ltv":`)
	w.str(strconv.FormatFloat(float64(r.IntN(10000000))/100, 'f', 2, 64))
	w.raw(`,"metadata":`)
	w.metadata(i)
	w.raw(`,"monetaryRank":`)
	w.int(r.IntN(6))
	w.raw(`,"monetaryScore":`)
	w.float(r)
	w.raw(`,"monetaryScoreUpdatedAt":`)
	w.maybe(func() { w.time(base-7200, false) })
	w.raw(`,"phone":`)
	w.maybe(func() { w.str(fmt.Sprintf("+44770090%04d", r.IntN(10000))) })
	w.raw(`,"primaryExternalId":`)
	w.maybe(func() { w.str(fmt.Sprintf("shop_%d", r.IntN(1_000_000))) })
	w.raw(`,"primaryLastSyncedAt":`)
	w.maybe(func() { w.time(base-600, false) })
	w.raw(`,"primarySourceVendor":`)
	w.maybe(func() { w.str(pick(r, vendors)) })
	w.raw(`,"primarySyncSourceId":`)
	w.maybe(func() { w.str(w.uuid()) })
	w.raw(`,"purchaseFrequencyRank":`)
	w.int(r.IntN(6))
	w.raw(`,"purchaseFrequencyScore":`)
	w.float(r)
	w.raw(`,"purchaseFrequencyScoreUpdatedAt":`)
	w.maybe(func() { w.time(base-7200, false) })
	w.raw(`,"smsOptOut":`)
	w.bool(r.IntN(10) == 0)
	for _, f := range []string{"totalEngagements", "totalMessages", "totalOrders", "totalReturns"} {
		w.raw(`,"` + f + `":`)
		w.int(r.IntN(200))
	}
	w.raw(`,"updatedAt":`)
	w.time(base-60, false)
	w.raw(`,"updatedBy":`)
	w.maybe(func() { w.str("usr_" + w.uuid()[:8]) })
	w.raw(`,"verificationCode":`)
	w.maybe(func() { w.str(fmt.Sprintf("%06d", r.IntN(1_000_000))) })
	w.raw(`,"verificationCodeExpiresAt":`)
	w.maybe(func() { w.time(base+600, true) })
	w.raw(`}}`)
	return w.b
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
		at := len(r.buf) + len(`{"id":"`)
		r.buf = append(r.buf, r.templates[r.next%len(r.templates)]...)
		for k := range 8 {
			r.buf[at+k] = hex[r.next>>(28-4*k)&0xf]
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
