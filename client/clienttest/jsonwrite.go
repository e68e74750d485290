package clienttest

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/fanfare-go/fanfare/client"
)

// The fake writes its JSON by hand rather than with encoding/json, for two reasons: the Go types
// cannot say whether a nil field is sent as null or left out (encoding/json always leaves it
// out), and a hand-written writer streams hundreds of thousands of entries quickly. Whatever it
// writes decodes, with encoding/json, to exactly the entry it was given.

// field names one optional field of an entry or of its consumer record: one bit of a [presence].
type field uint8

// The optional fields: first the nullable ones (a nil pointer is written as null or left out),
// then the ones with a default (a zero value is left out or written explicitly).
const (
	fNotifiedAt field = iota
	fUpdatedAt
	fActivityScoreUpdatedAt
	fEmail
	fFullName
	fLastEngagedAt
	fLastGeoAt
	fLastGeoCity
	fLastGeoCoordinates
	fLastGeoCountry
	fLastGeoPostalCode
	fLastGeoRegion
	fLastGeoSource
	fLastGeoTimezone
	fLastLoginAt
	fLastOrderAt
	fLastReturnAt
	fLoyaltyLastActivityAt
	fMetadata
	fMonetaryScoreUpdatedAt
	fPhone
	fPrimaryExternalID
	fPrimaryLastSyncedAt
	fPrimarySourceVendor
	fPrimarySyncSourceID
	fPurchaseFrequencyScoreUpdatedAt
	fConsumerUpdatedAt
	fUpdatedBy
	fVerificationCode
	fVerificationCodeExpiresAt

	fActivityRank
	fActivityScore
	fAov
	fEngagedCount
	fLoyaltyBalance
	fLoyaltyLifetimePoints
	fLtv
	fMonetaryRank
	fMonetaryScore
	fPurchaseFrequencyRank
	fPurchaseFrequencyScore
	fSmsOptOut
	fTotalEngagements
	fTotalMessages
	fTotalOrders
	fTotalReturns
)

// firstDefaulted is the first field with a default rather than null.
const firstDefaulted = fActivityRank

// presence says how an entry's empty optional fields go on the wire. For a nullable field whose
// pointer is nil, a set bit leaves the field out and a clear bit writes null. For a field with a
// default whose value is the default (0, false, "0"), a set bit writes it and a clear bit leaves
// the field out. The zero presence is "null for every nil pointer, nothing for every default";
// [explicit] is "null for every nil pointer, every default written".
type presence uint64

// explicit is the presence that writes every field: nil pointers as null, defaults as they are.
const explicit = presence(1<<(fTotalReturns+1) - 1<<firstDefaulted)

func (p presence) has(f field) bool { return p&(1<<f) != 0 }

func (p *presence) set(f field) { *p |= 1 << f }

// entryWriter appends the JSON of entries; it is not safe for concurrent use.
type entryWriter struct {
	sep bool // a field has been written in the current object
}

// appendEntry appends e as one JSON object.
func appendEntry(b []byte, e *client.WaitlistConsumer, p presence) []byte {
	var w entryWriter
	b = append(b, '{')
	b = w.str(b, "id", e.ID)
	b = w.str(b, "organizationId", e.OrganizationID)
	b = w.str(b, "consumerId", e.ConsumerID)
	b = w.str(b, "waitlistId", e.WaitlistID)
	b = w.str(b, "status", string(e.Status))
	b = w.str(b, "enteredAt", e.EnteredAt)
	b = w.optStr(b, "notifiedAt", e.NotifiedAt, p, fNotifiedAt)
	b = w.optStr(b, "updatedAt", e.UpdatedAt, p, fUpdatedAt)
	b = w.key(b, "consumer")
	b = appendConsumer(b, &e.Consumer, p)
	b = w.unknown(b, e.AdditionalProperties)
	return append(b, '}')
}

// appendConsumer appends c as one JSON object: the required fields first, then the optional
// ones in the published schema's (alphabetical) order.
func appendConsumer(b []byte, c *client.Consumer, p presence) []byte {
	var w entryWriter
	b = append(b, '{')
	b = w.str(b, "id", c.ID)
	b = w.str(b, "organizationId", c.OrganizationID)
	b = w.key(b, "createdAt")
	b = appendTime(b, c.CreatedAt)
	b = w.str(b, "createdBy", c.CreatedBy)
	b = w.boolean(b, "archived", c.Archived)
	b = w.boolean(b, "emailVerified", c.EmailVerified)
	b = w.boolean(b, "phoneVerified", c.PhoneVerified)
	b = w.str(b, "status", string(c.Status))

	b = w.defInt(b, "activityRank", c.ActivityRank, p, fActivityRank)
	b = w.defNum(b, "activityScore", c.ActivityScore, p, fActivityScore)
	b = w.optTime(b, "activityScoreUpdatedAt", c.ActivityScoreUpdatedAt, p, fActivityScoreUpdatedAt)
	b = w.defStr(b, "aov", c.Aov, p, fAov)
	b = w.optStr(b, "email", c.Email, p, fEmail)
	b = w.defNum(b, "engagedCount", c.EngagedCount, p, fEngagedCount)
	b = w.optStr(b, "fullName", c.FullName, p, fFullName)
	b = w.optTime(b, "lastEngagedAt", c.LastEngagedAt, p, fLastEngagedAt)
	b = w.optTime(b, "lastGeoAt", c.LastGeoAt, p, fLastGeoAt)
	b = w.optStr(b, "lastGeoCity", c.LastGeoCity, p, fLastGeoCity)
	switch {
	case c.LastGeoCoordinates != nil:
		b = w.key(b, "lastGeoCoordinates")
		b = appendCoordinates(b, c.LastGeoCoordinates)
	case !p.has(fLastGeoCoordinates):
		b = w.null(b, "lastGeoCoordinates")
	}
	b = w.optStr(b, "lastGeoCountry", c.LastGeoCountry, p, fLastGeoCountry)
	b = w.optStr(b, "lastGeoPostalCode", c.LastGeoPostalCode, p, fLastGeoPostalCode)
	b = w.optStr(b, "lastGeoRegion", c.LastGeoRegion, p, fLastGeoRegion)
	b = w.optStr(b, "lastGeoSource", c.LastGeoSource, p, fLastGeoSource)
	b = w.optStr(b, "lastGeoTimezone", c.LastGeoTimezone, p, fLastGeoTimezone)
	b = w.optTime(b, "lastLoginAt", c.LastLoginAt, p, fLastLoginAt)
	b = w.optTime(b, "lastOrderAt", c.LastOrderAt, p, fLastOrderAt)
	b = w.optTime(b, "lastReturnAt", c.LastReturnAt, p, fLastReturnAt)
	b = w.defNum(b, "loyaltyBalance", c.LoyaltyBalance, p, fLoyaltyBalance)
	b = w.optTime(b, "loyaltyLastActivityAt", c.LoyaltyLastActivityAt, p, fLoyaltyLastActivityAt)
	b = w.defNum(b, "loyaltyLifetimePoints", c.LoyaltyLifetimePoints, p, fLoyaltyLifetimePoints)
	b = w.defStr(b, "ltv", c.Ltv, p, fLtv)
	switch {
	case c.Metadata != nil:
		b = w.key(b, "metadata")
		b = appendMetadata(b, c.Metadata)
	case !p.has(fMetadata):
		b = w.null(b, "metadata")
	}
	b = w.defInt(b, "monetaryRank", c.MonetaryRank, p, fMonetaryRank)
	b = w.defNum(b, "monetaryScore", c.MonetaryScore, p, fMonetaryScore)
	b = w.optTime(b, "monetaryScoreUpdatedAt", c.MonetaryScoreUpdatedAt, p, fMonetaryScoreUpdatedAt)
	b = w.optStr(b, "phone", c.Phone, p, fPhone)
	b = w.optStr(b, "primaryExternalId", c.PrimaryExternalID, p, fPrimaryExternalID)
	b = w.optTime(b, "primaryLastSyncedAt", c.PrimaryLastSyncedAt, p, fPrimaryLastSyncedAt)
	b = w.optStr(b, "primarySourceVendor", c.PrimarySourceVendor, p, fPrimarySourceVendor)
	b = w.optStr(b, "primarySyncSourceId", c.PrimarySyncSourceID, p, fPrimarySyncSourceID)
	b = w.defInt(b, "purchaseFrequencyRank", c.PurchaseFrequencyRank, p, fPurchaseFrequencyRank)
	b = w.defNum(b, "purchaseFrequencyScore", c.PurchaseFrequencyScore, p, fPurchaseFrequencyScore)
	b = w.optTime(b, "purchaseFrequencyScoreUpdatedAt", c.PurchaseFrequencyScoreUpdatedAt, p, fPurchaseFrequencyScoreUpdatedAt)
	if c.SmsOptOut || p.has(fSmsOptOut) {
		b = w.boolean(b, "smsOptOut", c.SmsOptOut)
	}
	b = w.defNum(b, "totalEngagements", c.TotalEngagements, p, fTotalEngagements)
	b = w.defNum(b, "totalMessages", c.TotalMessages, p, fTotalMessages)
	b = w.defNum(b, "totalOrders", c.TotalOrders, p, fTotalOrders)
	b = w.defNum(b, "totalReturns", c.TotalReturns, p, fTotalReturns)
	b = w.optTime(b, "updatedAt", c.UpdatedAt, p, fConsumerUpdatedAt)
	b = w.optStr(b, "updatedBy", c.UpdatedBy, p, fUpdatedBy)
	b = w.optStr(b, "verificationCode", c.VerificationCode, p, fVerificationCode)
	b = w.optStr(b, "verificationCodeExpiresAt", c.VerificationCodeExpiresAt, p, fVerificationCodeExpiresAt)
	b = w.unknown(b, c.AdditionalProperties)
	return append(b, '}')
}

// appendCoordinates appends g as one JSON object.
func appendCoordinates(b []byte, g *client.GeoCoordinates) []byte {
	w := entryWriter{sep: true}
	b = append(b, `{"latitude":`...)
	b = appendFloat(b, g.Latitude)
	b = append(b, `,"longitude":`...)
	b = appendFloat(b, g.Longitude)
	b = w.unknown(b, g.AdditionalProperties)
	return append(b, '}')
}

// unknown appends the members the spec does not know, in the order of their keys, each value
// exactly as it is held.
func (w *entryWriter) unknown(b []byte, members map[string]json.RawMessage) []byte {
	if len(members) == 0 {
		return b
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if w.sep {
			b = append(b, ',')
		}
		w.sep = true
		b = appendString(b, k)
		b = append(b, ':')
		b = append(b, members[k]...)
	}
	return b
}

// key appends the separator, if needed, and `"name":`. Names are plain ASCII.
func (w *entryWriter) key(b []byte, name string) []byte {
	if w.sep {
		b = append(b, ',')
	}
	w.sep = true
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

func (w *entryWriter) str(b []byte, name, v string) []byte {
	return appendString(w.key(b, name), v)
}

func (w *entryWriter) boolean(b []byte, name string, v bool) []byte {
	return strconv.AppendBool(w.key(b, name), v)
}

func (w *entryWriter) null(b []byte, name string) []byte {
	return append(w.key(b, name), "null"...)
}

func (w *entryWriter) optStr(b []byte, name string, v *string, p presence, f field) []byte {
	switch {
	case v != nil:
		return w.str(b, name, *v)
	case p.has(f):
		return b
	}
	return w.null(b, name)
}

func (w *entryWriter) optTime(b []byte, name string, v *time.Time, p presence, f field) []byte {
	switch {
	case v != nil:
		return appendTime(w.key(b, name), *v)
	case p.has(f):
		return b
	}
	return w.null(b, name)
}

// defStr writes a decimal string with a default ("0"): the default itself is left out unless
// the presence says to write it, since a left-out field decodes as its default.
func (w *entryWriter) defStr(b []byte, name, v string, p presence, f field) []byte {
	if v == "0" && !p.has(f) {
		return b
	}
	return w.str(b, name, v)
}

func (w *entryWriter) defNum(b []byte, name string, v float64, p presence, f field) []byte {
	if v == 0 && !p.has(f) {
		return b
	}
	return appendFloat(w.key(b, name), v)
}

func (w *entryWriter) defInt(b []byte, name string, v int, p presence, f field) []byte {
	if v == 0 && !p.has(f) {
		return b
	}
	return strconv.AppendInt(w.key(b, name), int64(v), 10)
}

// appendTime appends t as a JSON string the way encoding/json does (RFC 3339 with as many
// fractional digits as needed), so that it decodes to the same instant and zone offset.
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendFloat appends f in the shortest form that decodes to exactly f, as encoding/json does.
// NaN and infinities have no JSON form; they are written as null (decoding to 0).
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, f, format, -1, 64)
}

// appendMetadata appends m with its keys sorted, so the same metadata always gives the same bytes.
func appendMetadata(b []byte, m client.Metadata) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendValue(b, m[k])
	}
	return append(b, '}')
}

// appendValue appends a metadata value: the kinds JSON decodes to are written directly, anything
// else (a caller's own types in AddWaitlist) goes through encoding/json.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case float64:
		return appendFloat(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, x)
		}
		return append(b, ']')
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Like encoding/json it escapes quotes, backslashes,
// control characters, U+2028 and U+2029, and turns invalid UTF-8 into U+FFFD; unlike it, it
// leaves <, > and & alone (they need no escaping outside HTML).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
