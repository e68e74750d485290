#!/usr/bin/env bash
# apidiff.sh BASE: compare the exported Go API of the public packages (client, client/changes, client/clienttest,
# gen) in the working tree with their API at the git ref BASE (make apidiff BASE=origin/main),
# with golang.org/x/exp/cmd/apidiff from the tools module.
#
# An incompatible change (a removed or renamed name, a field whose type changed, a new method on
# an interface, …) fails unless CHANGELOG.md's Unreleased section names it, by its Go name as
# apidiff writes it ("Consumer.LastGeoCounty", "(*Server).FailNext" or "Server.FailNext"), in
# its "### Breaking" list (tools/cmd/breakinglist): an importer's maintainer must be told what
# broke, and a heading that is already there cannot wave a new change through. oasdiff (make
# breaking) judges the spec; this judges the Go code generated from it and written around it.
#
# With IGNORE_CHANGELOG=1 the CHANGELOG is not read: any incompatible change fails (the release
# bump check asks only whether there is one).
#
# Exit 0 when compatible (or every change named), 1 on an incompatible change not named, 2 on
# misuse.
set -euo pipefail

export GOWORK=off
# -trimpath keeps directories out of the build cache's keys, so the base's packages, extracted
# to a new directory each run, are compiled once and then found in the cache.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath"
GO=${GO:-go}
module=github.com/fanfare-go/fanfare
packages=(gen client client/changes client/clienttest)

base=${1:-}
if [[ -z $base ]]; then
	echo "usage: apidiff.sh BASE   (a git ref, e.g. origin/main)" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
	echo "apidiff: unknown git ref '$base' (in CI, check out with fetch-depth: 0)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/apidiff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
apidiff=("$GO" tool -modfile="$root/tools/go.mod" apidiff)

# The base's tree as committed (its generated code is committed too), outside the working tree.
mkdir "$tmp/base"
git archive "$base" | tar --extract --file=- --directory="$tmp/base"

# compare PKG: write the report of PKG into $tmp/PKG.out and its verdict into $tmp/PKG.verdict:
# new, removed, broken-base, broken (it does not compile), same, compatible or incompatible.
compare() {
	local pkg=$1 path=$module/$1 name
	name=$tmp/$(tr / _ <<<"$pkg")
	if [[ ! -d $tmp/base/$pkg ]]; then
		echo new >"$name.verdict"
		return
	fi
	if [[ ! -d $pkg ]]; then
		echo removed >"$name.verdict"
		return
	fi
	if ! (cd "$tmp/base" && "${apidiff[@]}" -w "$name.export" "$path") >"$name.out" 2>&1; then
		echo broken-base >"$name.verdict"
		return
	fi
	if ! "${apidiff[@]}" "$name.export" "$path" >"$name.out" 2>&1; then
		echo broken >"$name.verdict"
	elif [[ ! -s $name.out ]]; then
		echo same >"$name.verdict"
	elif grep -q '^Incompatible changes:' "$name.out"; then
		echo incompatible >"$name.verdict"
	else
		echo compatible >"$name.verdict"
	fi
}

# The packages are compared at once (each is a few seconds of loading and type-checking).
for pkg in "${packages[@]}"; do
	compare "$pkg" &
done
wait

incompatible=()
broken=()
for pkg in "${packages[@]}"; do
	path=$module/$pkg
	name=$tmp/$(tr / _ <<<"$pkg")
	verdict=$(cat "$name.verdict" 2>/dev/null || echo broken)
	echo "=== $path against $base"
	case $verdict in
	new) echo "new (not in $base): nothing to compare" ;;
	removed)
		echo "removed"
		incompatible+=("$path")
		;;
	broken-base)
		cat "$name.out"
		echo "apidiff: $path does not load at $base (see above)" >&2
		broken+=("$path at $base")
		;;
	broken)
		cat "$name.out"
		echo "apidiff: $path does not load in the working tree (see above)" >&2
		broken+=("$path")
		;;
	same) echo "no changes" ;;
	compatible) cat "$name.out" ;;
	incompatible)
		cat "$name.out"
		incompatible+=("$path")
		;;
	esac
done

if ((${#broken[@]})); then
	echo "apidiff: FAIL: cannot compare the API of: ${broken[*]} (they do not compile; see above)" >&2
	exit 1
fi
if ((${#incompatible[@]} == 0)); then
	echo "apidiff: OK, no incompatible Go API changes against $base"
	exit 0
fi
if [[ ${IGNORE_CHANGELOG:-} == 1 ]]; then
	echo "apidiff: FAIL: incompatible Go API changes against $base in: ${incompatible[*]} (see above)." >&2
	exit 1
fi

# The report of the incompatible packages, for breakinglist.
for pkg in "${packages[@]}"; do
	name=$tmp/$(tr / _ <<<"$pkg")
	echo "=== $module/$pkg against $base"
	case $(cat "$name.verdict") in
	removed) echo removed ;;
	incompatible) cat "$name.out" ;;
	esac
done >"$tmp/report.txt"
named=0
GO="$GO" bash "$root/tools/scripts/breakinglist.sh" -apidiff "$tmp/report.txt" || named=$?
case $named in
0)
	echo "apidiff: incompatible Go API changes in ${incompatible[*]}, each named under ### Breaking in CHANGELOG.md's Unreleased section: OK"
	exit 0
	;;
1) ;;
*) exit 2 ;;
esac
echo "apidiff: FAIL: incompatible Go API changes against $base in: ${incompatible[*]}, not all named (see above)." >&2
echo "If they are meant, say so to importers: name each one (as listed above) under the '### Breaking'" >&2
echo "heading of the '## [Unreleased]' section of CHANGELOG.md." >&2
exit 1
