#!/usr/bin/env bash
# Measures `fanfare waitlist changes` against `fanfare waitlist consumers --format jsonl` on the
# same list of N entries (200,000 by default), served by the fake from a process of its own
# (tools/bench/cmd/fakeserve), so that each figure is the CLI's alone: the wall time and the peak
# RSS (GNU time's "Maximum resident set size") of each run, the commands alternated for ROUNDS
# rounds (5 by default), then the medians and their ratio to consumers; and the size of the state
# file per entry. Needs GNU time (/usr/bin/time). Run from the repository's root:
#
#	bash tools/scripts/bench-changes.sh            # N=200000 ROUNDS=5
#
# The runs: consumers (jsonl of the static list), changes-first (no state: every entry added),
# changes-unchanged (the static list against its own state: nothing to report) and
# changes-evolving (the evolving list, one generation further than its state: about one entry
# in 12 changed, one in 50 added and one in 50 removed).
set -euo pipefail
N=${N:-200000}
ROUNDS=${ROUNDS:-5}
# shellcheck source=tools/scripts/timing.sh
source tools/scripts/timing.sh
timing_init
go build -o "$work/fanfare" ./cmd/fanfare
start_fakeserve -n "$N"
ff="$work/fanfare"

"$ff" waitlist changes static --state "$work/static.state" --baseline
"$ff" waitlist changes evolving --state "$work/evolving.state" --baseline
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
	measure consumers "$ff" waitlist consumers static --format jsonl
	rm -f "$work/first.state"
	measure changes-first "$ff" waitlist changes static --state "$work/first.state"
	measure changes-unchanged "$ff" waitlist changes static --state "$work/static.state"
	measure changes-evolving "$ff" waitlist changes evolving --state "$work/evolving.state"
	echo "round $r of $ROUNDS done" >&2
done

base=$(awk '$1=="consumers"{print $2}' "$work/results" | median)
echo
echo "| run ($N entries, $ROUNDS runs each) | median time | ratio to consumers | median peak RSS | lines written |"
echo "|---|---:|---:|---:|---:|"
for name in consumers changes-first changes-unchanged changes-evolving; do
	t=$(awk -v n="$name" '$1==n{print $2}' "$work/results" | median)
	kib=$(awk -v n="$name" '$1==n{print $3}' "$work/results" | median)
	lines=$(awk -v n="$name" '$1==n{print $4}' "$work/results" | median)
	awk -v n="$name" -v t="$t" -v b="$base" -v k="$kib" -v l="$lines" \
		'BEGIN {printf "| %s | %.2f s | %.2f× | %.1f MiB | %d |\n", n, t, t/b, k/1024, l}'
done
echo
echo "all runs (name, seconds, peak RSS KiB, lines, user and system seconds):"
cat "$work/results"
size=$(stat -c %s "$work/static.state")
awk -v s="$size" -v n="$N" 'BEGIN {printf "\nstate file: %d bytes for %d entries, %.2f bytes an entry\n", s, n, s/n}'
