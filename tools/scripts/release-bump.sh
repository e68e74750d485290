#!/usr/bin/env bash
# release-bump.sh TAG [PREVIOUS]: refuse a release tag whose version bump is smaller than the
# changes since the previous release need. PREVIOUS defaults to the highest vX.Y.Z tag reachable
# from TAG's parent; without one (the first release) any version passes. Run in a checkout of TAG
# (the release workflow runs it before make test).
#
# Incompatible changes need a minor bump before v1 (0.1.2 → 0.2.0) and a major one from v1 on;
# anything else needs a patch. The changes are incompatible when TAG's section of CHANGELOG.md
# has a "### Breaking" heading, or when apidiff.sh or breaking.sh (with IGNORE_CHANGELOG=1: the
# bare verdict) find an incompatible change of the Go API or the spec against PREVIOUS; those
# two run only when the bump is too small for an incompatible change.
#
# Exit 0 when the bump is enough, 1 when it is too small, 2 on misuse.
set -euo pipefail

GO=${GO:-go}
tag=${1:-}
semver='^v([0-9]+)\.([0-9]+)\.([0-9]+)$'
if [[ ! $tag =~ $semver ]]; then
	echo "usage: release-bump.sh vX.Y.Z [vA.B.C]" >&2
	exit 2
fi
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} patch=${BASH_REMATCH[3]}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

prev=${2:-}
if [[ -z $prev ]]; then
	if ! git rev-parse --verify --quiet "$tag^{commit}" >/dev/null; then
		echo "release-bump: unknown tag '$tag' (in CI, check out with fetch-depth: 0)" >&2
		exit 2
	fi
	prev=$(git tag --merged "$tag^" --sort=-v:refname --list 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null | grep -E "$semver" | head -n 1 || true)
	if [[ -z $prev ]]; then
		echo "release-bump: $tag is the first release: any version will do"
		exit 0
	fi
fi
if [[ ! $prev =~ $semver ]]; then
	echo "release-bump: the previous release '$prev' is not vX.Y.Z" >&2
	exit 2
fi
pmajor=${BASH_REMATCH[1]} pminor=${BASH_REMATCH[2]} ppatch=${BASH_REMATCH[3]}

# kind: what the bump from prev to tag is: none (not greater), patch, minor or major.
if ((major != pmajor)); then
	((major > pmajor)) && kind=major || kind=none
elif ((minor != pminor)); then
	((minor > pminor)) && kind=minor || kind=none
else
	((patch > ppatch)) && kind=patch || kind=none
fi
if [[ $kind == none ]]; then
	echo "release-bump: FAIL: $tag is not greater than the previous release $prev" >&2
	exit 1
fi
# The bump an incompatible change needs.
if ((pmajor == 0)); then need=minor; else need=major; fi
if [[ $kind == major || $kind == "$need" ]]; then
	echo "release-bump: $prev → $tag is a $kind bump: enough for any change: OK"
	exit 0
fi

version=${tag#v}
if awk -v v="$version" '
	index($0, "## [" v "]") == 1 { on = 1; next }
	on && /^## / { exit }
	on && /^### +Breaking[[:space:]]*$/ { found = 1 }
	END { exit !found }
' CHANGELOG.md; then
	echo "release-bump: FAIL: $prev → $tag is a $kind bump, but CHANGELOG.md's section for $version has a Breaking list: that needs a $need bump" >&2
	exit 1
fi

failed=()
for check in apidiff breaking; do
	rc=0
	IGNORE_CHANGELOG=1 GO="$GO" bash "tools/scripts/$check.sh" "$prev" || rc=$?
	case $rc in
	0) ;;
	1) failed+=("$check") ;;
	*)
		echo "release-bump: $check.sh $prev failed (exit $rc)" >&2
		exit 2
		;;
	esac
done
if ((${#failed[@]})); then
	echo "release-bump: FAIL: $prev → $tag is a $kind bump, but make ${failed[*]} found incompatible changes (see above): that needs a $need bump" >&2
	exit 1
fi
echo "release-bump: $prev → $tag is a $kind bump and nothing is incompatible: OK"
