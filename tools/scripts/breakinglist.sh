#!/usr/bin/env bash
# breakinglist.sh -apidiff REPORT | -oasdiff CHANGES.json: run tools/cmd/breakinglist on a report
# of apidiff.sh or oasdiff against CHANGELOG.md's Unreleased Breaking list (used by apidiff.sh
# and breaking.sh). Built, not run with go run, which exits 1 whatever the program's exit code.
#
# Exit 0 when every change is named, 1 when one is not, 2 on a failure.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/breakinglist.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$root/tools" && "$GO" build -o "$tmp/breakinglist" ./cmd/breakinglist); then
	echo "breakinglist.sh: cannot build tools/cmd/breakinglist" >&2
	exit 2
fi
rc=0
"$tmp/breakinglist" -changelog "$root/CHANGELOG.md" "$@" || rc=$?
exit "$rc"
