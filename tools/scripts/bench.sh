#!/usr/bin/env bash
# bench.sh: `make bench`. Runs the streaming benchmarks of tools/bench (loopback HTTP, waitlists of
# 1,000 and 20,000 entries, pre-rendered and rendered on the fly; every path: the naive oapi-codegen
# client, the read-and-discard floor, encoding/json whole and item by item, ogen, the SDK's list and
# iterator), then prints:
#   1. benchstat's tables, each path against the naive path (-col /path, naive first);
#   2. the same medians as Markdown with ×-ratios to naive and the iterator's ratio to ogen;
#   3. a 1-entry call against net/http + encoding/json;
#   4. the peak RSS of each path for 20,000 and 200,000 entries (bench/cmd/peakrss).
# Raw results are kept in $BENCH_OUT (default: a new temporary directory). COUNT overrides -count 6.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
COUNT=${COUNT:-6}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${BENCH_OUT:-$(mktemp -d)}
mkdir -p "$out"
cd "$root/tools"

paths='naive floor stdlib decoder ogen sdk-list sdk-iter'
small='stdlib naive sdk-list sdk-iter'

echo "bench: $(nproc) CPUs, GOMAXPROCS ${GOMAXPROCS:-default}, $(uname -sm), $($GO version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "bench: raw results in $out"
$GO test -run '^$' -bench . -benchmem -count "$COUNT" -timeout 60m ./bench/ | tee "$out/bench.txt"

echo
echo "== benchstat: every path against the naive path"
$GO tool benchstat -filter '.name:Waitlist' -col "/path@($paths)" "$out/bench.txt" | tee "$out/benchstat.txt"

echo
echo "== medians, ratio to naive (and the iterator against ogen)"
$GO tool benchstat -format csv -filter '.name:Waitlist' -col "/path@($paths)" "$out/bench.txt" 2>/dev/null |
	$GO run ./bench/cmd/ratios -pair sdk-iter/ogen | tee "$out/ratios.md"

echo
echo "== a 1-entry call, against net/http + encoding/json (stdlib)"
$GO tool benchstat -format csv -filter '.name:Small' -col "/path@($small)" "$out/bench.txt" 2>/dev/null |
	$GO run ./bench/cmd/ratios -pair sdk-list/stdlib -units sec/op,B/op,allocs/op | tee "$out/small.md"

echo
echo "== peak RSS (VmHWM of a process reading the whole list)"
$GO run ./bench/cmd/peakrss | tee "$out/peakrss.md"
