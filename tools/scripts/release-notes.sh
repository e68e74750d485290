#!/usr/bin/env bash
# release-notes.sh TAG: print the section of CHANGELOG.md for the release TAG (vX.Y.Z), the
# release notes GoReleaser publishes. It refuses a tag that is not the latest release in
# CHANGELOG.md or is not client.Version, so a release can only be cut once the CHANGELOG and the
# code say it is that release.
#
# Exit 0 with the notes on stdout, 1 when the tag does not match, 2 on misuse.
set -euo pipefail

tag=${1:-}
if [[ ! $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
	echo "usage: release-notes.sh vX.Y.Z" >&2
	exit 2
fi
version=${tag#v}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
changelog=$root/CHANGELOG.md

# The latest release is the first "## [X.Y.Z] - YYYY-MM-DD" heading.
latest=$(sed -n 's/^## \[\([0-9][^]]*\)\] - [0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}$/\1/p' "$changelog" | head -n 1)
if [[ $latest != "$version" ]]; then
	echo "release-notes: $tag is not the latest release in CHANGELOG.md (that is ${latest:-none}): move the Unreleased changes under ## [$version] - $(date -u +%Y-%m-%d) first" >&2
	exit 1
fi
code=$(sed -n 's/^const Version = "\(.*\)"$/\1/p' "$root/client/version.go")
if [[ $code != "$version" ]]; then
	echo "release-notes: client.Version is ${code:-missing} in client/version.go, not $version" >&2
	exit 1
fi

# The lines after the release's heading, up to the next release heading or the link
# references, without the blank lines around them.
awk -v v="$version" '
	index($0, "## [" v "] - ") == 1 { on = 1; next }
	on && (/^## \[/ || /^\[[^]]*\]: /) { exit }
	on && /^$/ { blank++; next }
	on {
		if (printed) for (; blank > 0; blank--) print ""
		blank = 0; printed = 1; print
	}
' "$changelog"
