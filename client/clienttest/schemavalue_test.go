package clienttest

// Values from a schema alone: a pattern's strings match it.

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestFromPatternMatchesThePattern(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range []string{
		`^\d{1,12}(\.\d{1,8})?$`, `^[A-Z]{3}-\d{4}$`, `^(ab|cd)+x?$`, `^[^@\s]+@example\.(com|org)$`,
		`^\w*$`, `^a.b$`, `^[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}$`,
	} {
		re := regexp.MustCompile(p)
		for range 200 {
			if s := fromPattern(r, p); !re.MatchString(s) {
				t.Fatalf("%s: %q does not match", p, s)
			}
		}
	}
}
