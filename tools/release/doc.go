// Package release holds the tests of what a user installs: `go install …/cmd/fanfare@vX` from a
// module proxy, and the version the command then reports. It has no code of its own.
package release
