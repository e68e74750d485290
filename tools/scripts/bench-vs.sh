#!/usr/bin/env bash
# bench-vs.sh REF: `make bench VS=REF`. Runs the SDK's own paths of tools/bench (list and
# iterator, waitlists of 1,000 and 20,000 entries, pre-rendered and rendered on the fly) in a
# clean checkout of REF and in this tree, in turn (REF, this tree, REF, … COUNT times each, so
# that the machine's drift falls on both alike), then prints benchstat REF against this tree.
# Raw results are kept in $BENCH_OUT (default: a new temporary directory).
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
COUNT=${COUNT:-6}
ref=${1:?usage: bench-vs.sh REF}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${BENCH_OUT:-$(mktemp -d)}
mkdir -p "$out"
base=$(mktemp -d)
cleanup() { git -C "$root" worktree remove --force "$base" >/dev/null 2>&1 || rm -rf "$base"; }
trap cleanup EXIT
git -C "$root" worktree add --detach --quiet "$base" "$ref"

filter=${BENCH_FILTER:-'Waitlist/src=(pre|fly)/n=(1000|20000)/path=(sdk-list|sdk-iter)$'}
echo "bench-vs: $ref ($(git -C "$root" rev-parse --short "$ref")) against this tree ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ', with changes'))"
echo "bench-vs: $(nproc) CPUs, $(uname -sm), $($GO version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); raw results in $out"
(cd "$base/tools" && $GO test -c -o "$out/base.test" ./bench/)
(cd "$root/tools" && $GO test -c -o "$out/head.test" ./bench/)
: >"$out/base.txt"
: >"$out/head.txt"
for i in $(seq "$COUNT"); do
	echo "bench-vs: round $i of $COUNT"
	(cd "$base/tools/bench" && "$out/base.test" -test.run '^$' -test.bench "$filter" -test.benchmem -test.count 1 >>"$out/base.txt")
	(cd "$root/tools/bench" && "$out/head.test" -test.run '^$' -test.bench "$filter" -test.benchmem -test.count 1 >>"$out/head.txt")
done
cd "$root/tools"
$GO tool benchstat "$ref=$out/base.txt" "HEAD=$out/head.txt" | tee "$out/benchstat.txt"
