package codec

import "testing"

// TestSpecial checks the mask for every byte value at every position, with every other byte
// before it plain and every byte after it anything.
func TestSpecial(t *testing.T) {
	for c := range 256 {
		want := c < 0x20 || c == '"' || c == '\\'
		for k := range 8 {
			for _, after := range []byte{'a', 0, '"', 0xff} {
				var b [8]byte
				for i := range b {
					b[i] = 'a'
					if i > k {
						b[i] = after
					}
				}
				b[k] = byte(c)
				j, _ := stringEnd(b[:], 0)
				if got := j == k; got != want {
					t.Fatalf("byte %#x at %d (then %#x): stringEnd = %d", c, k, after, j)
				}
			}
		}
	}
}
