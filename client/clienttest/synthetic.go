package clienttest

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// syntheticLaunch is the instant synthetic waitlists open: every synthetic entry entered the
// waitlist on one of the 14 days from it, most of them on the first.
var syntheticLaunch = time.Date(2025, time.November, 3, 9, 0, 0, 0, time.UTC)

// Synthetic returns n realistic waitlist entries, made up deterministically from seed: the same
// (n, seed) always gives the same entries, and entry i depends only on (seed, i), so
// Synthetic(m, seed) is a prefix of Synthetic(n, seed) for m < n. It is cheap enough for
// hundreds of thousands of entries.
//
// Every field is exercised. The first six entries have the six statuses (notified, waitlisted,
// entered, converted, expired, left) and after them statuses follow a drop's usual mix. Entry 0
// has every optional field set; entry 1 has every nullable field null (and every defaulted field
// sent as its zero); entry 2 leaves every optional field out; later entries mix the three. Names
// and places use many scripts, quotes, apostrophes and commas; metadata holds strings, numbers
// (fractional, negative, exponent-sized), booleans, nulls and arrays of those. Timestamps are
// UTC with millisecond precision. A few entries (entry 7 always) carry an enteredAt or
// notifiedAt that is not RFC 3339, as the API's plain-string fields allow.
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
			gen.entry(i, &out[i])
		}
		return out
	}
	if n <= 0 {
		return []client.WaitlistConsumer{}
	}
	out := make([]client.WaitlistConsumer, n)
	for i := range out {
		g.entry(i, &out[i])
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
	g.entry(i, &e)
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

// chooser decides, for one entry, which optional fields get a value and how the others go on
// the wire (null or absent, explicit zero or absent), recording the latter in p.
type chooser struct {
	r   *rand.Rand
	row int
	p   presence
}

// want reports whether optional field f gets a value, with probability prob (always on row 0,
// never on rows 1 and 2). When it does not, the field's empty form is decided as by none.
func (c *chooser) want(f field, prob float64) bool {
	switch {
	case c.row == 0:
		return true
	case c.row >= 3 && c.r.Float64() < prob:
		return true
	}
	c.none(f)
	return false
}

// none decides the empty form of field f: written (null, or an explicit zero for a field with a
// default) on rows 0 and 1, left out on row 2, either on later rows.
func (c *chooser) none(f field) {
	written := c.row < 2 || (c.row > 2 && c.r.IntN(3) != 0)
	if nullable := f < firstDefaulted; nullable != written {
		c.p.set(f) // a nullable field left out, or a defaulted field written as its zero
	}
}

var fixedStatuses = [...]client.WaitlistConsumerStatus{
	client.WaitlistConsumerStatusNotified, client.WaitlistConsumerStatusWaitlisted,
	client.WaitlistConsumerStatusEntered, client.WaitlistConsumerStatusConverted,
	client.WaitlistConsumerStatusExpired, client.WaitlistConsumerStatusLeft,
}

// status draws a drop's usual mix: mostly still waiting, a fifth notified, fewer converted.
func status(r *rand.Rand, row int) client.WaitlistConsumerStatus {
	if row < len(fixedStatuses) {
		return fixedStatuses[row]
	}
	switch x := r.IntN(100); {
	case x < 35:
		return client.WaitlistConsumerStatusWaitlisted
	case x < 50:
		return client.WaitlistConsumerStatusEntered
	case x < 70:
		return client.WaitlistConsumerStatusNotified
	case x < 85:
		return client.WaitlistConsumerStatusConverted
	case x < 93:
		return client.WaitlistConsumerStatusExpired
	}
	return client.WaitlistConsumerStatusLeft
}

// entry fills e with entry i and returns how its empty fields go on the wire.
func (g *synth) entry(i int, e *client.WaitlistConsumer) presence {
	r := rand.New(rand.NewPCG(g.seed, uint64(i))) //nolint:gosec // deterministic test data, not secrets
	c := &chooser{r: r, row: i}

	st := status(r, i)
	day := min(int(r.ExpFloat64()*1.6), 13)
	entered := syntheticLaunch.Add(time.Duration(day)*24*time.Hour + time.Duration(r.Int64N(86_400_000))*time.Millisecond)

	id := uuid(r)
	consumerID := uuid(r)
	*e = client.WaitlistConsumer{
		ID:             id,
		OrganizationID: g.org,
		ConsumerID:     consumerID,
		WaitlistID:     g.waitlistID,
		Status:         st,
		EnteredAt:      jsTime(r, entered),
	}
	if i == 7 || (i > 7 && r.IntN(400) == 0) {
		e.EnteredAt = entered.Format("2006-01-02 15:04:05") // not RFC 3339
	}

	last := entered
	notified := i == 8 || st == client.WaitlistConsumerStatusNotified || st == client.WaitlistConsumerStatusConverted ||
		st == client.WaitlistConsumerStatusExpired || (st == client.WaitlistConsumerStatusLeft && r.IntN(3) == 0)
	if notified {
		wait := time.Duration(math.Exp(math.Log(float64(4*time.Hour))+1.2*r.NormFloat64())) / time.Millisecond * time.Millisecond
		wait = min(max(wait, time.Minute), 10*24*time.Hour)
		last = entered.Add(wait)
		s := jsTime(r, last)
		if i == 8 || (i > 8 && r.IntN(500) == 0) {
			s = "<string>" // the reference page's placeholder, as a real client may meet it
		}
		e.NotifiedAt = &s
	} else {
		c.none(fNotifiedAt)
	}
	if c.want(fUpdatedAt, 0.8) {
		s := jsTime(r, last.Add(time.Duration(r.Int64N(3_600_000))*time.Millisecond))
		e.UpdatedAt = &s
	}

	g.consumer(c, &e.Consumer, consumerID, entered)
	if g.cfg.unknown {
		addUnknownMembers(g.seed, i, e)
	}
	return c.p
}

// consumer fills the consumer record of an entry that entered the waitlist at entered.
func (g *synth) consumer(c *chooser, k *client.Consumer, id string, entered time.Time) {
	r, row := c.r, c.row
	first, lastName := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	pl := places[r.IntN(len(places))]
	before := func(maxHours int) *time.Time {
		t := entered.Add(-time.Duration(r.Int64N(int64(maxHours)*3_600_000)+1) * time.Millisecond)
		return &t
	}
	nightly := entered.Truncate(24 * time.Hour).Add(-24*time.Hour + 2*time.Hour)

	*k = client.Consumer{
		ID:             id,
		OrganizationID: g.org,
		CreatedAt:      *before(24 * 900),
		CreatedBy:      creators[r.IntN(len(creators))],
		Archived:       r.IntN(25) == 0,
		EmailVerified:  r.IntN(10) < 8,
		PhoneVerified:  r.IntN(10) < 4,
		Status:         client.ConsumerStatusActive,
	}
	if row == 1 || (row > 2 && r.IntN(12) == 0) {
		k.Status = client.ConsumerStatusInactive
	}

	if c.want(fFullName, 0.9) {
		name := first.name + " " + lastName.name
		if row > 2 && r.IntN(15) == 0 {
			name = first.name
		}
		k.FullName = &name
	}
	if c.want(fEmail, 0.93) {
		local := first.slug + "." + lastName.slug
		if row > 2 && r.IntN(12) == 0 && isLetters(first.name) {
			local = strings.ToLower(first.name) // the name itself: "Ada" gives "ada"
		}
		if r.IntN(3) == 0 {
			local += strconv.Itoa(r.IntN(100))
		}
		email := local + "@" + emailDomains[r.IntN(len(emailDomains))]
		k.Email = &email
	}
	if c.want(fPhone, 0.6) {
		phone := pl.phonePrefix + digits(r, 13-len(pl.phonePrefix))
		k.Phone = &phone
	}

	g.geo(c, k, pl, before)
	g.activity(c, k, nightly, before)
	g.commerce(c, k, nightly, before)

	if c.want(fMetadata, 0.85) {
		k.Metadata = metadata(r, row)
	}
	if c.want(fPrimarySourceVendor, 0.7) {
		k.PrimarySourceVendor = pick(r, vendors)
	}
	if c.want(fPrimaryExternalID, 0.7) {
		s := "ext_" + strconv.FormatUint(r.Uint64()%1e10, 10)
		k.PrimaryExternalID = &s
	}
	if c.want(fPrimarySyncSourceID, 0.6) {
		s := uuid(r)
		k.PrimarySyncSourceID = &s
	}
	if c.want(fPrimaryLastSyncedAt, 0.7) {
		k.PrimaryLastSyncedAt = before(48)
	}
	if c.want(fConsumerUpdatedAt, 0.85) {
		k.UpdatedAt = before(24 * 30)
	}
	if c.want(fUpdatedBy, 0.5) {
		k.UpdatedBy = pick(r, updaters)
	}
	if c.want(fVerificationCode, 0.25) {
		code := digits(r, 6)
		k.VerificationCode = &code
	}
	if c.want(fVerificationCodeExpiresAt, 0.25) {
		s := jsTime(r, entered.Add(10*time.Minute))
		k.VerificationCodeExpiresAt = &s
	}
}

// geo fills the last geolocation: all of it from one place, or none of it.
func (g *synth) geo(c *chooser, k *client.Consumer, pl place, before func(int) *time.Time) {
	geoFields := []field{fLastGeoAt, fLastGeoCity, fLastGeoCoordinates, fLastGeoCountry,
		fLastGeoPostalCode, fLastGeoRegion, fLastGeoSource, fLastGeoTimezone}
	if c.row == 1 || c.row == 2 || (c.row > 2 && c.r.IntN(5) == 0) {
		for _, f := range geoFields {
			c.none(f)
		}
		return
	}
	if c.want(fLastGeoAt, 0.97) {
		k.LastGeoAt = before(72)
	}
	if c.want(fLastGeoCity, 0.95) {
		k.LastGeoCity = &pl.city
	}
	if c.want(fLastGeoCoordinates, 0.9) {
		jitter := func() float64 { return float64(c.r.IntN(2001)-1000) / 10000 }
		k.LastGeoCoordinates = &client.GeoCoordinates{
			Latitude:  math.Round((pl.lat+jitter())*10000) / 10000,
			Longitude: math.Round((pl.lon+jitter())*10000) / 10000,
		}
	}
	if c.want(fLastGeoCountry, 0.98) {
		k.LastGeoCountry = &pl.country
	}
	if c.want(fLastGeoPostalCode, 0.8) {
		k.LastGeoPostalCode = &pl.postal
	}
	if c.want(fLastGeoRegion, 0.9) {
		k.LastGeoRegion = &pl.region
	}
	if c.want(fLastGeoSource, 0.95) {
		k.LastGeoSource = pick(c.r, geoSources)
	}
	if c.want(fLastGeoTimezone, 0.95) {
		k.LastGeoTimezone = &pl.timezone
	}
}

// activity fills the engagement figures, ranks and scores.
func (g *synth) activity(c *chooser, k *client.Consumer, nightly time.Time, before func(int) *time.Time) {
	r := c.r
	rank := func(f field) int {
		if !c.want(f, 0.8) {
			return 0
		}
		return 1 + r.IntN(5)
	}
	score := func(f field) float64 {
		if !c.want(f, 0.8) {
			return 0
		}
		return float64(r.IntN(10000)) / 100
	}
	count := func(f field, n int) float64 {
		if !c.want(f, 0.8) {
			return 0
		}
		return float64(1 + r.IntN(n))
	}
	scored := func(f field) *time.Time {
		if !c.want(f, 0.8) {
			return nil
		}
		t := nightly
		return &t
	}
	k.ActivityRank = rank(fActivityRank)
	k.ActivityScore = score(fActivityScore)
	k.ActivityScoreUpdatedAt = scored(fActivityScoreUpdatedAt)
	k.MonetaryRank = rank(fMonetaryRank)
	k.MonetaryScore = score(fMonetaryScore)
	k.MonetaryScoreUpdatedAt = scored(fMonetaryScoreUpdatedAt)
	k.PurchaseFrequencyRank = rank(fPurchaseFrequencyRank)
	k.PurchaseFrequencyScore = score(fPurchaseFrequencyScore)
	k.PurchaseFrequencyScoreUpdatedAt = scored(fPurchaseFrequencyScoreUpdatedAt)
	k.EngagedCount = count(fEngagedCount, 40)
	k.TotalEngagements = count(fTotalEngagements, 300)
	k.TotalMessages = count(fTotalMessages, 60)
	if c.want(fLastEngagedAt, 0.85) {
		k.LastEngagedAt = before(24 * 14)
	}
	if c.want(fLastLoginAt, 0.75) {
		k.LastLoginAt = before(24 * 30)
	}
	if c.want(fSmsOptOut, 0.2) {
		k.SmsOptOut = true
	}
}

// commerce fills orders, returns, money and loyalty.
func (g *synth) commerce(c *chooser, k *client.Consumer, nightly time.Time, before func(int) *time.Time) {
	r := c.r
	orders := 0
	if c.want(fTotalOrders, 0.75) {
		orders = 1 + r.IntN(40)
		k.TotalOrders = float64(orders)
	}
	if c.want(fTotalReturns, 0.3) {
		k.TotalReturns = float64(r.IntN(orders/3 + 2))
	}
	aovCents := 1500 + r.IntN(40000)
	k.Aov, k.Ltv = "0", "0" // their default: what a left-out aov or ltv decodes as
	if c.want(fAov, 0.85) {
		k.Aov = decimal(r, aovCents)
	}
	if c.want(fLtv, 0.85) {
		k.Ltv = decimal(r, aovCents*max(orders, 1))
	}
	if c.want(fLastOrderAt, 0.7) {
		k.LastOrderAt = before(24 * 365)
	}
	if c.want(fLastReturnAt, 0.2) {
		k.LastReturnAt = before(24 * 365)
	}
	if c.want(fLoyaltyBalance, 0.6) {
		k.LoyaltyBalance = float64(r.IntN(5000))
	}
	if c.want(fLoyaltyLifetimePoints, 0.6) {
		k.LoyaltyLifetimePoints = k.LoyaltyBalance + float64(r.IntN(20000))
	}
	if c.want(fLoyaltyLastActivityAt, 0.5) {
		t := nightly.Add(-time.Duration(r.IntN(90)) * 24 * time.Hour)
		k.LoyaltyLastActivityAt = &t
	}
}

// metadata makes a consumer's metadata: every kind of value on row 0, a random few otherwise.
func metadata(r *rand.Rand, row int) client.Metadata {
	if row == 0 {
		return client.Metadata{
			"tier": "gold", "vip": true, "visits": 12.0, "balanceDelta": -3.25,
			"tags": []any{"early", 2025.0, true, nil}, "referrer": nil, "notes": noteSnippets[1],
			"ünïcødé-ключ": "✓ 東京", "emptyList": []any{}, "big": 1e21, "tiny": 1.5e-7,
		}
	}
	m := make(client.Metadata, 4)
	for range r.IntN(6) {
		switch r.IntN(9) {
		case 0:
			m["tier"] = tiers[r.IntN(len(tiers))]
		case 1:
			m["vip"] = r.IntN(2) == 0
		case 2:
			m["visits"] = float64(r.IntN(200))
		case 3:
			m["balanceDelta"] = float64(r.IntN(20001)-10000) / 100
		case 4:
			n := r.IntN(4)
			list := make([]any, n)
			for j := range list {
				switch r.IntN(5) {
				case 0:
					list[j] = nil
				case 1:
					list[j] = float64(r.IntN(3000))
				case 2:
					list[j] = r.IntN(2) == 0
				default:
					list[j] = tags[r.IntN(len(tags))]
				}
			}
			m["tags"] = list
		case 5:
			if r.IntN(2) == 0 {
				m["referrer"] = nil
			} else {
				m["referrer"] = referrers[r.IntN(len(referrers))]
			}
		case 6:
			m["notes"] = noteSnippets[r.IntN(len(noteSnippets))]
		case 7:
			m["shoeSizeEU"] = 36 + float64(r.IntN(25))/2
		default:
			m["ünïcødé-ключ"] = "✓"
		}
	}
	return m
}

// jsTime formats t as JavaScript's toISOString does (UTC, milliseconds), or now and then with the
// zone offset of a consumer's city: both are RFC 3339.
func jsTime(r *rand.Rand, t time.Time) string {
	offset := 0
	if r.IntN(10) == 0 {
		offsets := [...]int{3600, 9 * 3600, -5 * 3600, 5*3600 + 1800}
		offset = offsets[r.IntN(len(offsets))]
	}
	var b [29]byte
	return string(appendMillis(b[:0], t, offset))
}

// appendMillis appends t as RFC 3339 with milliseconds at the zone offset (seconds east of UTC):
// "2006-01-02T15:04:05.000Z" for 0, else with "+hh:mm" or "-hh:mm", as time.Format would
// (it is one of the fake's hottest spots).
func appendMillis(b []byte, t time.Time, offset int) []byte {
	t = t.UTC().Add(time.Duration(offset) * time.Second)
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = appendDigits(append(b, '-'), int(month), 2)
	b = appendDigits(append(b, '-'), day, 2)
	b = appendDigits(append(b, 'T'), hour, 2)
	b = appendDigits(append(b, ':'), minute, 2)
	b = appendDigits(append(b, ':'), sec, 2)
	b = appendDigits(append(b, '.'), t.Nanosecond()/1e6, 3)
	switch {
	case offset == 0:
		return append(b, 'Z')
	case offset < 0:
		b, offset = append(b, '-'), -offset
	default:
		b = append(b, '+')
	}
	b = appendDigits(b, offset/3600, 2)
	return appendDigits(append(b, ':'), offset%3600/60, 2)
}

// appendDigits appends v (0 ≤ v < 10ⁿ) in n decimal digits.
func appendDigits(b []byte, v, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, 0)
	}
	for i := len(b) - 1; i >= len(b)-n; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}

// decimal writes cents as the API's decimal strings: "129.90", "1299" or "12.5".
func decimal(r *rand.Rand, cents int) string {
	switch r.IntN(4) {
	case 0:
		return strconv.Itoa(cents / 100)
	case 1:
		return strconv.Itoa(cents/100) + "." + strconv.Itoa(cents%100/10)
	}
	frac := strconv.Itoa(100 + cents%100)[1:]
	return strconv.Itoa(cents/100) + "." + frac
}

// uuid draws a random (version 4) UUID.
func uuid(r *rand.Rand) string {
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12
	lo = lo&^(0x3<<62) | 0x2<<62
	var b [36]byte
	hex := func(dst []byte, v uint64, nibbles int) {
		for j := nibbles - 1; j >= 0; j-- {
			dst[j] = hexDigits[v&0xf]
			v >>= 4
		}
	}
	hex(b[0:8], hi>>32, 8)
	b[8] = '-'
	hex(b[9:13], hi>>16, 4)
	b[13] = '-'
	hex(b[14:18], hi, 4)
	b[18] = '-'
	hex(b[19:23], lo>>48, 4)
	b[23] = '-'
	hex(b[24:36], lo, 12)
	return string(b[:])
}

// digits draws n decimal digits.
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for j := range b {
		b[j] = "0123456789"[r.IntN(10)]
	}
	return string(b)
}

// isLetters reports whether s is ASCII letters only, fit for an e-mail address's local part
// (format: email takes no other).
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

// pick returns a pointer to a copy of one of from's strings (never into the shared table).
func pick(r *rand.Rand, from []string) *string {
	s := from[r.IntN(len(from))]
	return &s
}
