package codec

import "time"

// parseTime decodes the raw JSON string of a timestamp (quotes included) as time.Time's
// UnmarshalJSON does. The common form, "YYYY-MM-DDTHH:MM:SS[.fraction]Z" with at most 9
// fraction digits, is parsed here: time's own parser checks the same fields against the same
// ranges and then returns time.Date(…, time.UTC), as this does. Anything else (a zone offset,
// which may resolve to the Local zone; longer fractions; anything odd) goes to UnmarshalJSON.
func parseTime(raw []byte, t *time.Time) bool {
	if v, ok := parseUTC(raw); ok {
		*t = v
		return true
	}
	return t.UnmarshalJSON(raw) == nil
}

// parseUTC parses `"YYYY-MM-DDTHH:MM:SS[.d{1,9}]Z"`; ok is false for anything else.
func parseUTC(raw []byte) (t time.Time, ok bool) {
	const base = len(`"2006-01-02T15:04:05`)
	n := len(raw)
	if n < base+2 || raw[0] != '"' || raw[n-1] != '"' || raw[n-2] != 'Z' ||
		raw[5] != '-' || raw[8] != '-' || raw[11] != 'T' || raw[14] != ':' || raw[17] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(raw[1:5])
	month, ok2 := digits(raw[6:8])
	day, ok3 := digits(raw[9:11])
	hour, ok4 := digits(raw[12:14])
	minute, ok5 := digits(raw[15:17])
	sec, ok6 := digits(raw[18:20])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if frac := raw[base : n-2]; len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		f, ok := digits(frac[1:])
		if !ok {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			f *= 10
		}
		nsec = f
	}
	// time.Date(…, time.UTC) is time.Unix(seconds, nsec) in UTC, the same Time to the bit.
	secs := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	return time.Unix(secs, int64(nsec)).UTC(), true
}

// daysSinceEpoch returns the days from 1970-01-01 to the date (proleptic Gregorian; Howard
// Hinnant's days_from_civil).
func daysSinceEpoch(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400                  // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1 // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// digits parses b, decimal digits only.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn returns the number of days in month of year (proleptic Gregorian, as package time).
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
