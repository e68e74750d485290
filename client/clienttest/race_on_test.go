//go:build race

package clienttest

// raceDetector reports whether the tests run with -race, which makes decoding some 20 times
// slower: the biggest tests shrink under it.
const raceDetector = true
