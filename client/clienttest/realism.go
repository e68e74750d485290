package clienttest

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// The realism of synthetic entries: values that make sense together (a name, its e-mail address,
// a city and its coordinates, orders and their money, a status and its notifiedAt). An entry's
// story is drawn first; the table below, keyed by JSON name ("Object.name" where two objects'
// fields of one name differ), makes fields' values from it. A field the table does not know gets
// a value from its schema; the table names no Go field, so a field the spec gains or loses needs
// no change here.

// story is what one entry's values are made from.
type story struct {
	g          *synth
	src        *rand.PCG // r's source
	r          *rand.Rand
	row        int
	status     string
	entered    time.Time
	last       time.Time // the entry's last event: its notification, or its entry
	notified   bool
	consumerID string
	first      person
	lastName   person
	place      place
	geo        bool      // the consumer has a last geolocation
	nightly    time.Time // when the nightly scores were computed
	orders     int
	aovCents   int
	balance    float64
}

// draw draws entry i's story into d, whose generator r it reseeds.
func (d *story) draw(g *synth, i int, src *rand.PCG) {
	src.Seed(g.seed, uint64(i)) //nolint:gosec // deterministic test data, not secrets
	r := d.r
	*d = story{g: g, src: src, r: r, row: i}
	d.status = status(r, i)
	day := min(int(r.ExpFloat64()*1.6), 13)
	d.entered = syntheticLaunch.Add(time.Duration(day)*24*time.Hour + time.Duration(r.Int64N(86_400_000))*time.Millisecond)
	d.last = d.entered
	switch d.status {
	case "notified", "converted", "expired":
		d.notified = true
	case "left":
		d.notified = r.IntN(3) == 0
	}
	d.notified = d.notified || i == 8
	if d.notified {
		wait := time.Duration(math.Exp(math.Log(float64(4*time.Hour))+1.2*r.NormFloat64())) / time.Millisecond * time.Millisecond
		d.last = d.entered.Add(min(max(wait, time.Minute), 10*24*time.Hour))
	}
	d.consumerID = uuid(r)
	d.first, d.lastName = firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	d.place = places[r.IntN(len(places))]
	d.geo = i == 0 || (i > 2 && r.IntN(5) != 0)
	d.nightly = d.entered.Truncate(24 * time.Hour).Add(-24*time.Hour + 2*time.Hour)
	d.orders = 1 + r.IntN(40)
	d.aovCents = 1500 + r.IntN(40000)
	d.balance = float64(r.IntN(5000))
}

// before is an instant up to maxHours before the consumer entered the waitlist.
func (d *story) before(maxHours int) value {
	return at(d.entered.Add(-time.Duration(d.r.Int64N(int64(maxHours)*3_600_000)+1) * time.Millisecond))
}

// realism makes a field's value from an entry's story.
type realism struct {
	prob float64                               // the chance an optional field has a value (after row 2)
	make func(d *story, f *schema.Field) value // nil: a value from the field's schema; vNone: no value
}

// defaultProb is the chance an optional field the table does not know has a value.
const defaultProb = 0.7

func fixed(s func(d *story) string) func(*story, *schema.Field) value {
	return func(d *story, _ *schema.Field) value { return str(s(d)) }
}

func oneOf(from []string) func(*story, *schema.Field) value {
	return func(d *story, _ *schema.Field) value { return str(from[d.r.IntN(len(from))]) }
}

func ago(maxHours int) func(*story, *schema.Field) value {
	return func(d *story, _ *schema.Field) value { return d.before(maxHours) }
}

func count(n int) func(*story, *schema.Field) value {
	return func(d *story, _ *schema.Field) value { return num(float64(1 + d.r.IntN(n))) }
}

func score(d *story, _ *schema.Field) value { return num(float64(d.r.IntN(10000)) / 100) }

func nightly(d *story, _ *schema.Field) value { return at(d.nightly) }

// geo gives a geolocation field its value only when the consumer has one: all of it or none.
func geo(mk func(d *story, f *schema.Field) value) func(*story, *schema.Field) value {
	return func(d *story, f *schema.Field) value {
		if !d.geo {
			return value{}
		}
		return mk(d, f)
	}
}

func placed(s func(p *place) string) func(*story, *schema.Field) value {
	return geo(func(d *story, _ *schema.Field) value { return str(s(&d.place)) })
}

func coordinate(of func(p *place) float64) func(*story, *schema.Field) value {
	return func(d *story, _ *schema.Field) value {
		jitter := float64(d.r.IntN(2001)-1000) / 10000
		return num(math.Round((of(&d.place)+jitter)*10000) / 10000)
	}
}

// realismTable is the realism of the fields it names.
var realismTable = map[string]realism{
	"WaitlistConsumer.status": {1, func(d *story, _ *schema.Field) value {
		if d.status == "" {
			return value{} // the spec lists no statuses: a value from its schema
		}
		return str(d.status)
	}},
	"organizationId": {1, fixed(func(d *story) string { return d.g.org })},
	"waitlistId":     {1, fixed(func(d *story) string { return d.g.waitlistID })},
	"consumerId":     {1, fixed(func(d *story) string { return d.consumerID })},
	"Consumer.id":    {1, fixed(func(d *story) string { return d.consumerID })},
	"enteredAt": {1, func(d *story, _ *schema.Field) value {
		if d.row == 7 || (d.row > 7 && d.r.IntN(400) == 0) {
			return str(d.entered.Format(time.DateTime)) // not RFC 3339
		}
		return at(d.entered)
	}},
	"notifiedAt": {1, func(d *story, _ *schema.Field) value {
		switch {
		case !d.notified:
			return value{}
		case d.row == 8 || (d.row > 8 && d.r.IntN(500) == 0):
			return str("<string>") // the reference page's placeholder, as a real client may meet it
		}
		return at(d.last)
	}},
	"WaitlistConsumer.updatedAt": {0.8, func(d *story, _ *schema.Field) value {
		return at(d.last.Add(time.Duration(d.r.Int64N(3_600_000)) * time.Millisecond))
	}},

	"Consumer.status": {1, func(d *story, f *schema.Field) value {
		if len(f.Enum) > 1 && (d.row == 1 || (d.row > 2 && d.r.IntN(12) == 0)) {
			return str(f.Enum[1+d.r.IntN(len(f.Enum)-1)])
		}
		return str(f.Enum[0])
	}},
	"createdAt":     {1, ago(24 * 900)},
	"createdBy":     {1, oneOf(creators)},
	"archived":      {1, func(d *story, _ *schema.Field) value { return boolean(d.r.IntN(25) == 0) }},
	"emailVerified": {1, func(d *story, _ *schema.Field) value { return boolean(d.r.IntN(10) < 8) }},
	"phoneVerified": {1, func(d *story, _ *schema.Field) value { return boolean(d.r.IntN(10) < 4) }},
	"fullName": {0.9, func(d *story, _ *schema.Field) value {
		if d.row > 2 && d.r.IntN(15) == 0 {
			return str(d.first.name)
		}
		return str(d.first.name + " " + d.lastName.name)
	}},
	"email": {0.93, func(d *story, _ *schema.Field) value {
		local := d.first.slug + "." + d.lastName.slug
		if d.row > 2 && d.r.IntN(12) == 0 && isLetters(d.first.name) {
			local = strings.ToLower(d.first.name) // the name itself: "Ada" gives "ada"
		}
		if d.r.IntN(3) == 0 {
			local += strconv.Itoa(d.r.IntN(100))
		}
		return str(local + "@" + emailDomains[d.r.IntN(len(emailDomains))])
	}},
	"phone": {0.6, func(d *story, _ *schema.Field) value {
		return str(d.place.phonePrefix + digits(d.r, 13-len(d.place.phonePrefix)))
	}},

	"lastGeoAt":          {0.97, geo(ago(72))},
	"lastGeoCity":        {0.95, placed(func(p *place) string { return p.city })},
	"lastGeoCoordinates": {0.9, geo(func(*story, *schema.Field) value { return value{kind: vObject} })},
	"latitude":           {1, coordinate(func(p *place) float64 { return p.lat })},
	"longitude":          {1, coordinate(func(p *place) float64 { return p.lon })},
	"lastGeoCountry":     {0.98, placed(func(p *place) string { return p.country })},
	"lastGeoPostalCode":  {0.8, placed(func(p *place) string { return p.postal })},
	"lastGeoRegion":      {0.9, placed(func(p *place) string { return p.region })},
	"lastGeoSource":      {0.95, geo(oneOf(geoSources))},
	"lastGeoTimezone":    {0.95, placed(func(p *place) string { return p.timezone })},

	"activityRank":                    {0.8, nil},
	"activityScore":                   {0.8, score},
	"activityScoreUpdatedAt":          {0.8, nightly},
	"monetaryRank":                    {0.8, nil},
	"monetaryScore":                   {0.8, score},
	"monetaryScoreUpdatedAt":          {0.8, nightly},
	"purchaseFrequencyRank":           {0.8, nil},
	"purchaseFrequencyScore":          {0.8, score},
	"purchaseFrequencyScoreUpdatedAt": {0.8, nightly},
	"engagedCount":                    {0.8, count(40)},
	"totalEngagements":                {0.8, count(300)},
	"totalMessages":                   {0.8, count(60)},
	"lastEngagedAt":                   {0.85, ago(24 * 14)},
	"lastLoginAt":                     {0.75, ago(24 * 30)},
	"smsOptOut":                       {0.2, func(*story, *schema.Field) value { return boolean(true) }},

	"totalOrders":    {0.75, func(d *story, _ *schema.Field) value { return num(float64(d.orders)) }},
	"totalReturns":   {0.3, func(d *story, _ *schema.Field) value { return num(float64(d.r.IntN(d.orders/3 + 2))) }},
	"aov":            {0.85, func(d *story, _ *schema.Field) value { return str(decimal(d.r, d.aovCents)) }},
	"ltv":            {0.85, func(d *story, _ *schema.Field) value { return str(decimal(d.r, d.aovCents*d.orders)) }},
	"lastOrderAt":    {0.7, ago(24 * 365)},
	"lastReturnAt":   {0.2, ago(24 * 365)},
	"loyaltyBalance": {0.6, func(d *story, _ *schema.Field) value { return num(d.balance) }},
	"loyaltyLifetimePoints": {0.6, func(d *story, _ *schema.Field) value {
		return num(d.balance + float64(d.r.IntN(20000)))
	}},
	"loyaltyLastActivityAt": {0.5, func(d *story, _ *schema.Field) value {
		return at(d.nightly.Add(-time.Duration(d.r.IntN(90)) * 24 * time.Hour))
	}},

	"metadata":            {0.85, func(d *story, _ *schema.Field) value { return meta(metadata(d.r, d.row)) }},
	"primarySourceVendor": {0.7, oneOf(vendors)},
	"primaryExternalId": {0.7, func(d *story, _ *schema.Field) value {
		return str("ext_" + strconv.FormatUint(d.r.Uint64()%1e10, 10))
	}},
	"primarySyncSourceId":       {0.6, func(d *story, _ *schema.Field) value { return str(uuid(d.r)) }},
	"primaryLastSyncedAt":       {0.7, ago(48)},
	"Consumer.updatedAt":        {0.85, ago(24 * 30)},
	"updatedBy":                 {0.5, oneOf(updaters)},
	"verificationCode":          {0.25, func(d *story, _ *schema.Field) value { return str(digits(d.r, 6)) }},
	"verificationCodeExpiresAt": {0.25, func(d *story, _ *schema.Field) value { return at(d.entered.Add(10 * time.Minute)) }},
}

// realisms is the realism of each field, by its Bit: the table's entry, or the default.
var realisms = func() (out [schema.Bits]realism) {
	for i := range out {
		out[i].prob = defaultProb
	}
	schema.WaitlistConsumer.Walk(func(o *schema.Object, f *schema.Field) {
		if re, ok := realismTable[o.Name+"."+f.JSON]; ok {
			out[f.Bit] = re
		} else if re, ok := realismTable[f.JSON]; ok {
			out[f.Bit] = re
		}
	})
	return out
}()

// statusOrder is the order the first entries take the entry statuses in, and statusWeights a
// drop's usual mix of them (in percent): mostly still waiting, a fifth notified, fewer
// converted. A status the spec gains comes after these, with weight newStatusWeight.
var (
	statusOrder     = []string{"notified", "waitlisted", "entered", "converted", "expired", "left"}
	statusWeights   = map[string]int{"waitlisted": 35, "entered": 15, "notified": 20, "converted": 15, "expired": 8, "left": 7}
	newStatusWeight = 3
)

// statuses are the entry statuses the spec lists, in the order the first entries take them,
// each with its cumulative weight.
var statuses = func() (out []struct {
	value string
	cum   int
}) {
	var enum []string
	for _, f := range schema.WaitlistConsumer.Fields {
		if f.JSON == "status" {
			enum = f.Enum
		}
	}
	var ordered []string
	for _, s := range statusOrder {
		for _, v := range enum {
			if v == s {
				ordered = append(ordered, s)
			}
		}
	}
	for _, v := range enum {
		if _, known := statusWeights[v]; !known {
			ordered = append(ordered, v)
		}
	}
	cum := 0
	for _, v := range ordered {
		w, ok := statusWeights[v]
		if !ok {
			w = newStatusWeight
		}
		cum += w
		out = append(out, struct {
			value string
			cum   int
		}{v, cum})
	}
	return out
}()

// status is the status of the entry on row: the statuses in turn on the first rows, then a
// drop's usual mix; "" when the spec lists none.
func status(r *rand.Rand, row int) string {
	if len(statuses) == 0 {
		return ""
	}
	if row < len(statuses) {
		return statuses[row].value
	}
	x := r.IntN(statuses[len(statuses)-1].cum)
	for _, s := range statuses {
		if x < s.cum {
			return s.value
		}
	}
	return statuses[0].value
}

// fixedStatuses is how many rows take the statuses in turn.
var fixedStatuses = len(statuses)

// metaNumber is f as a metadata number: its text as the fake writes it, as the SDK decodes it.
func metaNumber(f float64) json.Number { return json.Number(appendFloat(nil, f)) }

// metadata makes a consumer's metadata: every kind of value on row 0, a random few otherwise.
func metadata(r *rand.Rand, row int) client.Metadata {
	if row == 0 {
		return client.Metadata{
			"tier": "gold", "vip": true, "visits": json.Number("12"), "balanceDelta": json.Number("-3.25"),
			"tags": []any{"early", json.Number("2025"), true, nil}, "referrer": nil, "notes": noteSnippets[1],
			"ünïcødé-ключ": "✓ 東京", "emptyList": []any{}, "big": json.Number("1e+21"), "tiny": json.Number("1.5e-07"),
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
			m["visits"] = metaNumber(float64(r.IntN(200)))
		case 3:
			m["balanceDelta"] = metaNumber(float64(r.IntN(20001)-10000) / 100)
		case 4:
			n := r.IntN(4)
			list := make([]any, n)
			for j := range list {
				switch r.IntN(5) {
				case 0:
					list[j] = nil
				case 1:
					list[j] = metaNumber(float64(r.IntN(3000)))
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
			m["shoeSizeEU"] = metaNumber(36 + float64(r.IntN(25))/2)
		default:
			m["ünïcødé-ключ"] = "✓"
		}
	}
	return m
}
