#!/usr/bin/env bash
# breaking.sh BASE: fail when api/openapi.yaml has breaking changes against its version at the
# git ref BASE (make breaking BASE=origin/main), as judged by oasdiff from the tools module.
#
# On top of oasdiff's own ERR-level checks, removing an optional response property counts as an
# error here: oasdiff rates it INFO, but for this SDK it removes a field from a generated Go struct,
# which breaks every program that reads it.
#
# Exit 0 when there is nothing breaking (or BASE has no spec), 1 on a breaking change, 2 on misuse.
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

echo "breaking: oasdiff breaking $base:$spec $spec --fail-on ERR"
if ! "$GO" tool -modfile="$root/tools/go.mod" oasdiff breaking "$tmp/base.yaml" "$spec" \
	--fail-on ERR \
	--severity-levels "$tmp/severity-levels.txt" \
	--allow-external-refs=false \
	--color never; then
	echo "breaking: FAIL: $spec has breaking changes against $base (see above)" >&2
	exit 1
fi
echo "breaking: OK, no breaking changes against $base"
