#!/usr/bin/env bash
# Times `fanfare waitlist consumers --format jsonl` of this tree against the same command built
# from REF, and against this tree's `--format table`, on a list of N entries (200,000 by
# default) served by the fake from a process of its own with its bytes rendered once
# (tools/bench/cmd/fakeserve -prerender), so that each figure is the CLI's alone. The commands
# alternate for ROUNDS rounds (7 by default); it prints the medians of the wall time, the CPU time
# (user + system) and the peak RSS of each, their ratios, and every run. Needs GNU time
# (/usr/bin/time). Run from the repository's root:
#
#	bash tools/scripts/bench-export.sh REF         # N=200000 ROUNDS=7
set -euo pipefail
ref=${1:?usage: bench-export.sh REF}
N=${N:-200000}
ROUNDS=${ROUNDS:-7}
# shellcheck source=tools/scripts/timing.sh
source tools/scripts/timing.sh
timing_init
git worktree add --detach --quiet "$work/ref" "$ref"
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; git worktree remove --force "$work/ref"; rm -rf "$work"' EXIT
(cd "$work/ref" && go build -o "$work/fanfare-ref" ./cmd/fanfare)
go build -o "$work/fanfare" ./cmd/fanfare
start_fakeserve -n "$N" -prerender

echo "bench-export: $ref ($(git rev-parse --short "$ref")) against this tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', with changes')), $N entries"
echo "bench-export: $(nproc) CPUs, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
	measure ref-jsonl "$work/fanfare-ref" waitlist consumers static --format jsonl
	measure jsonl "$work/fanfare" waitlist consumers static --format jsonl
	measure table "$work/fanfare" waitlist consumers static --format table
	echo "round $r of $ROUNDS done" >&2
done

col() { awk -v n="$1" -v c="$2" '$1==n{print $c}' "$work/results" | median; }
cpu() { awk -v n="$1" '$1==n{print $5+$6}' "$work/results" | median; }
echo
echo "| run ($N entries, $ROUNDS runs each) | median wall time | median CPU time | median peak RSS | lines written |"
echo "|---|---:|---:|---:|---:|"
for name in ref-jsonl jsonl table; do
	awk -v n="$name" -v t="$(col "$name" 2)" -v c="$(cpu "$name")" -v k="$(col "$name" 3)" -v l="$(col "$name" 4)" \
		'BEGIN {printf "| %s | %.2f s | %.2f s | %.1f MiB | %d |\n", n, t, c, k/1024, l}'
done
awk -v ref="$ref" -v rt="$(col ref-jsonl 2)" -v jt="$(col jsonl 2)" -v tt="$(col table 2)" \
	-v rc="$(cpu ref-jsonl)" -v jc="$(cpu jsonl)" -v tc="$(cpu table)" 'BEGIN {
	printf "\njsonl is %.2fx as fast as the jsonl of %s (wall time; %.2fx in CPU time)\n", rt/jt, ref, rc/jc
	printf "jsonl takes %.2fx the wall time of table (%.2fx its CPU time)\n", jt/tt, jc/tc
}'
echo
echo "all runs (name, seconds, peak RSS KiB, lines, user and system seconds):"
cat "$work/results"
