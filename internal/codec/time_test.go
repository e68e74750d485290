package codec

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// checkTime fails t unless parseTime gives what time.Time's UnmarshalJSON gives for raw.
func checkTime(t *testing.T, raw string) {
	t.Helper()
	var want time.Time
	wantErr := want.UnmarshalJSON([]byte(raw))
	var got time.Time
	ok := parseTime([]byte(raw), &got)
	if ok != (wantErr == nil) {
		t.Fatalf("%s: parsed %v, UnmarshalJSON error %v", raw, ok, wantErr)
	}
	if ok && !reflect.DeepEqual(got, want) { // (== would compare the pointers of equal fixed zones)
		t.Fatalf("%s: %#v, UnmarshalJSON %#v", raw, got, want)
	}
}

func TestParseTime(t *testing.T) {
	for _, raw := range []string{
		`"2025-10-01T08:15:00Z"`, `"2025-10-01T08:15:00.1Z"`, `"2025-10-01T08:15:00.123Z"`,
		`"2025-10-01T08:15:00.123456789Z"`, `"2025-10-01T08:15:00.1234567891Z"`, `"2025-10-01T08:15:00.Z"`,
		`"2025-10-01T08:15:00,5Z"`, `"2025-10-01T08:15:00z"`, `"2025-10-01t08:15:00Z"`, `"2025-10-01 08:15:00Z"`,
		`"2024-02-29T00:00:00Z"`, `"2023-02-29T00:00:00Z"`, `"2000-02-29T00:00:00Z"`, `"1900-02-29T00:00:00Z"`,
		`"2025-04-31T00:00:00Z"`, `"2025-00-01T00:00:00Z"`, `"2025-13-01T00:00:00Z"`, `"2025-12-00T00:00:00Z"`,
		`"2025-12-31T24:00:00Z"`, `"2025-12-31T23:60:00Z"`, `"2025-12-31T23:59:60Z"`, `"0000-01-01T00:00:00Z"`,
		`"9999-12-31T23:59:59.999999999Z"`, `"2025-10-01T08:15:00+00:00"`, `"2025-10-01T08:15:00+05:30"`,
		`"2025-10-01T08:15:00-00:00"`, `"2025-10-01T8:15:00Z"`, `"2025-1-01T08:15:00Z"`, `"+2025-10-01T08:15:00Z"`,
		`"2025-10-01T08:15:00ZZ"`, `"2025-10-01T08:15:00.12a4Z"`, `"2025-10-01T08:15:00"`, `""`, `"Z"`, `null`,
		`"2025-10-01T08:15:00\u005a"`, `"2025-10-01T08:15:00.000Z"`, `"２０２５-10-01T08:15:00Z"`,
	} {
		checkTime(t, raw)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		ts := time.Unix(r.Int64N(400*365*86400)-100*365*86400, r.Int64N(1e9)).UTC()
		raw := ts.Format("\"2006-01-02T15:04:05.999999999Z07:00\"")
		checkTime(t, raw)
		// Damage it: one byte changed to a digit or a separator.
		b := []byte(raw)
		b[1+r.IntN(len(b)-2)] = "0123456789-:TZ."[r.IntN(15)]
		checkTime(t, string(b))
		checkTime(t, fmt.Sprintf(`"%04d-%02d-%02dT%02d:%02d:%02dZ"`, r.IntN(10000), r.IntN(14), r.IntN(33), r.IntN(26), r.IntN(62), r.IntN(62)))
	}
}

// TestDaysSinceEpoch compares the date arithmetic with package time for every day of years
// 0 to 9999.
func TestDaysSinceEpoch(t *testing.T) {
	d := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	for d.Year() < 10000 {
		want := d.Unix() / 86400
		if d.Unix() < 0 && d.Unix()%86400 != 0 {
			want--
		}
		if got := daysSinceEpoch(d.Year(), int(d.Month()), d.Day()); got != want {
			t.Fatalf("%s: %d days, want %d", d.Format(time.DateOnly), got, want)
		}
		d = d.AddDate(0, 0, 1)
	}
}

func BenchmarkParseTime(b *testing.B) {
	raw := []byte(`"2025-10-14T23:06:42.123Z"`)
	var t time.Time
	for b.Loop() {
		parseTime(raw, &t)
	}
}
