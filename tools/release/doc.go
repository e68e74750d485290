// Package release holds the tests of the release path: `go install …/cmd/fanfare@vX` from a
// module proxy and the version the command then reports, and the release notes that
// tools/scripts/release-notes.sh takes from CHANGELOG.md for a tag. It has no code of its own.
package release
