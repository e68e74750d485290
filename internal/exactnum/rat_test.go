package exactnum

import (
	"math/big"
	"strings"
)

// sameRat reports whether two decimal numbers have the same value and sign (-0 is not 0).
func sameRat(a, b string) bool {
	ra, ok1 := new(big.Rat).SetString(a)
	rb, ok2 := new(big.Rat).SetString(b)
	if !ok1 || !ok2 {
		return false
	}
	if ra.Sign() == 0 && rb.Sign() == 0 {
		return strings.HasPrefix(a, "-") == strings.HasPrefix(b, "-")
	}
	return ra.Cmp(rb) == 0
}
