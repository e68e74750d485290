package formats

import (
	"regexp"
	"testing"
)

func TestEmail(t *testing.T) {
	re := regexp.MustCompile(Email)
	for _, ok := range []string{"ada@example.com", "ada.lovelace42@shop.example.co.uk", "o'brien+tag@mail.example", "x@a-b.example"} {
		if !re.MatchString(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"siobhán@mail.example", "ada@例え.jp", "ada@", "@example.com", "ada@example", "a b@example.com",
		"ada..l@example.com", ".ada@example.com", "ada@-example.com", `"ada"@example.com`, "ada@example.com\n"} {
		if re.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
