package changes

import (
	"encoding/binary"
	"math/bits"
)

// XXH64, the 64-bit xxHash (https://github.com/Cyan4973/xxHash, the XXH64 algorithm), written
// out here to keep the module's dependencies as they are. Fingerprints are stored in state
// files, so this must never change: xxh64_test.go checks it against the reference xxhsum.

const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261
)

func xxhRound(acc, input uint64) uint64 {
	return bits.RotateLeft64(acc+input*prime2, 31) * prime1
}

func xxhMerge(acc, val uint64) uint64 {
	return (acc^xxhRound(0, val))*prime1 + prime4
}

func xxhAvalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	return h ^ h>>32
}

// xxh64 is XXH64 of b with seed.
func xxh64(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		v1, v2, v3, v4 := seed+prime1+prime2, seed+prime2, seed, seed-prime1
		for len(b) >= 32 {
			v1 = xxhRound(v1, binary.LittleEndian.Uint64(b[0:8]))
			v2 = xxhRound(v2, binary.LittleEndian.Uint64(b[8:16]))
			v3 = xxhRound(v3, binary.LittleEndian.Uint64(b[16:24]))
			v4 = xxhRound(v4, binary.LittleEndian.Uint64(b[24:32]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxhMerge(h, v1)
		h = xxhMerge(h, v2)
		h = xxhMerge(h, v3)
		h = xxhMerge(h, v4)
	} else {
		h = seed + prime5
	}
	h += uint64(n)
	for ; len(b) >= 8; b = b[8:] {
		h ^= xxhRound(0, binary.LittleEndian.Uint64(b[:8]))
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b[:4])) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * prime5
		h = bits.RotateLeft64(h, 11) * prime1
	}
	return xxhAvalanche(h)
}

// xxh64Pair is XXH64, with seed, of the 16 bytes of a and b in little-endian order, without
// building them.
func xxh64Pair(a, b, seed uint64) uint64 {
	h := seed + prime5 + 16
	h ^= xxhRound(0, a)
	h = bits.RotateLeft64(h, 27)*prime1 + prime4
	h ^= xxhRound(0, b)
	h = bits.RotateLeft64(h, 27)*prime1 + prime4
	return xxhAvalanche(h)
}
