package exactnum

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestExact(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want bool
	}{
		{"0", true}, {"-0", true}, {"12", true}, {"12.0", true}, {"12.50", true}, {"-3.25", true},
		{"1e21", true}, {"1e+21", true}, {"1.5e-07", true}, {"1.5E-7", true}, {"0.000001", true},
		{"123456789012345", true}, {"9007199254740993", false}, {"12345678901234567891", false},
		{"12345678901234567000", true}, {"0.1", true}, {"0.30000000000000004", true},
		{"0.3000000000000000444", false}, {"1e400", false}, {"-1e400", false}, {"1e-400", false},
		{"0e400", true}, {"-0.0e-5", true}, {"1.7976931348623157e308", true}, {"5e-324", true},
		{"4.9e-324", false}, {"100000000000000000000000", true}, {"1000000000000000000000001", false},
	} {
		f, err := strconv.ParseFloat(tc.raw, 64)
		if err != nil && tc.want {
			t.Errorf("%s: %v", tc.raw, err)
			continue
		}
		if err != nil {
			continue // out of range: never exact, and not a float64 the caller holds
		}
		if got := Exact([]byte(tc.raw), f); got != tc.want {
			t.Errorf("Exact(%s) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

// TestExactOfWhatJSONWrites: every float64 encoding/json writes is exact, in its spelling and
// in strconv's others.
func TestExactOfWhatJSONWrites(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{string(b), strconv.FormatFloat(f, 'e', -1, 64), strconv.FormatFloat(f, 'E', -1, 64)} {
			if s[0] == '+' {
				continue
			}
			if !Exact([]byte(s), f) {
				t.Fatalf("Exact(%s) = false for the float64 it spells", s)
			}
		}
	}
}

// FuzzExact: a number is exact exactly when the decimal of its float64 reads back to the same
// value as the number itself, compared as big decimals.
func FuzzExact(f *testing.F) {
	for _, s := range []string{"0", "-0", "1.5e-07", "12345678901234567891", "0.1", "1e21"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) || s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
			return
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || len(s) > 64 {
			return
		}
		if _, e, ok := strings.Cut(strings.ToLower(s), "e"); ok && len(strings.TrimLeft(e, "+-0")) > 3 {
			return // big.Rat would spell out 10^e
		}
		want := sameRat(s, strconv.FormatFloat(v, 'e', -1, 64))
		if got := Exact([]byte(s), v); got != want {
			t.Fatalf("Exact(%s) = %v, want %v", s, got, want)
		}
	})
}

// allExactByDecoder is AllExact told with encoding/json's tokens.
func allExactByDecoder(raw []byte) bool {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return true
		}
		if n, ok := tok.(json.Number); ok {
			f, err := n.Float64()
			if err != nil || !Exact([]byte(n), f) {
				return false
			}
		}
	}
}

func FuzzAllExact(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[12345678901234567891]}`, `["1e400"]`, `{"k\\"":1e400}`, `[-0,1.5e-07,{"x":"12345678901234567891"}]`, `0.1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		if got, want := AllExact([]byte(s)), allExactByDecoder([]byte(s)); got != want {
			t.Fatalf("AllExact(%s) = %v, encoding/json's tokens say %v", s, got, want)
		}
	})
}
