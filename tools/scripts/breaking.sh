#!/usr/bin/env bash
# breaking.sh BASE: fail when api/openapi.yaml has breaking changes against its version at the
# git ref BASE (make breaking BASE=origin/main), as judged by oasdiff from the tools module.
#
# On top of oasdiff's own ERR-level checks, removing an optional response property counts as an
# error here: oasdiff rates it INFO, but for this SDK it removes a field from a generated Go struct,
# which breaks every program that reads it.
#
# Each breaking change must be named in the "### Breaking" list of CHANGELOG.md's Unreleased
# section (tools/cmd/breakinglist): a change of a property by the property (its path as oasdiff
# writes it, "items/consumer/lastGeoCity", or its name, "lastGeoCity"), any other by oasdiff's
# rule id ("response-success-status-removed"). With IGNORE_CHANGELOG=1 the CHANGELOG is not read
# and any breaking change fails (the release bump check asks only whether there is one).
#
# Exit 0 when there is nothing breaking (or BASE has no spec, or every breaking change is named),
# 1 on a breaking change not named, 2 on misuse.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
spec=api/openapi.yaml

base=${1:-}
if [[ -z $base ]]; then
	echo "usage: breaking.sh BASE   (a git ref, e.g. origin/main)" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
	echo "breaking: unknown git ref '$base' (in CI, check out with fetch-depth: 0)" >&2
	exit 2
fi
if ! git cat-file -e "$base:$spec" 2>/dev/null; then
	echo "breaking: $base has no $spec, so there is nothing to compare against: OK"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git show "$base:$spec" >"$tmp/base.yaml"

# oasdiff's --severity-levels file: "<rule id> <level>" per line, nothing else (no comments).
cat >"$tmp/severity-levels.txt" <<'LEVELS'
response-optional-property-removed ERR
LEVELS

oasdiff=("$GO" tool -modfile="$root/tools/go.mod" oasdiff breaking "$tmp/base.yaml" "$spec"
	--fail-on ERR
	--severity-levels "$tmp/severity-levels.txt"
	--allow-external-refs=false)
echo "breaking: oasdiff breaking $base:$spec $spec --fail-on ERR"
if "${oasdiff[@]}" --color never; then
	echo "breaking: OK, no breaking changes against $base"
	exit 0
fi
if [[ ${IGNORE_CHANGELOG:-} == 1 ]]; then
	echo "breaking: FAIL: $spec has breaking changes against $base (see above)" >&2
	exit 1
fi
# The same changes as JSON, for breakinglist (which reads the errors only: --fail-on ERR judged
# those). oasdiff exits 1 for them, and more on a failure of its own.
rc=0
"${oasdiff[@]}" --format json >"$tmp/changes.json" || rc=$?
if ((rc > 1)); then
	echo "breaking: oasdiff --format json failed (exit $rc)" >&2
	exit 2
fi
named=0
GO="$GO" bash "$root/tools/scripts/breakinglist.sh" -oasdiff "$tmp/changes.json" || named=$?
case $named in
0)
	echo "breaking: breaking changes against $base, each named under ### Breaking in CHANGELOG.md's Unreleased section: OK"
	exit 0
	;;
1) ;;
*) exit 2 ;;
esac
echo "breaking: FAIL: $spec has breaking changes against $base not named (see above): if they are meant," >&2
echo "name each one under the '### Breaking' heading of the '## [Unreleased]' section of CHANGELOG.md." >&2
exit 1
