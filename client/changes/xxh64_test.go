package changes

import (
	"encoding/binary"
	"strings"
	"testing"
)

// TestXXH64MatchesTheReference: the values are those of xxhsum -H1 (xxHash 0.8.1).
func TestXXH64MatchesTheReference(t *testing.T) {
	for in, want := range map[string]uint64{
		"":        0xef46db3751d8e999,
		"a":       0xd24ec4f1a98c6e5b,
		"abc":     0x44bc2cf5ad770999,
		"1234567": 0xd3a46e9108289359,
		"The quick brown fox jumps over the lazy dog": 0x0b242d361fda71bc,
		"0123456789abcdef0123456789abcdef":            0x642a94958e71e6c5,
		"0123456789abcdef0123456789abcdef0123456":     0xe97f503d26863ecd,
		strings.Repeat("x", 100):                      0x92f0de5a88a3c094,
	} {
		if got := xxh64([]byte(in), 0); got != want {
			t.Errorf("xxh64(%q) = %#x, want %#x", in, got, want)
		}
	}
}

func TestXXH64PairIsXXH64OfTheSixteenBytes(t *testing.T) {
	for _, c := range [][3]uint64{{0, 0, 0}, {1, 2, 3}, {^uint64(0), 0x0123456789abcdef, 6}} {
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:8], c[0])
		binary.LittleEndian.PutUint64(b[8:], c[1])
		if got, want := xxh64Pair(c[0], c[1], c[2]), xxh64(b[:], c[2]); got != want {
			t.Errorf("xxh64Pair%v = %#x, want %#x", c, got, want)
		}
	}
}
