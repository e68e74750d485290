# shellcheck shell=bash
# Helpers for the scripts that time the CLI as a user runs it (bench-changes.sh, bench-export.sh),
# sourced from the repository's root after `set -euo pipefail`. Needs GNU time (/usr/bin/time).
#
#	timing_init                  a work directory ($work), removed on exit with the fake
#	start_fakeserve ARGS...      the fake in a process of its own (tools/bench/cmd/fakeserve ARGS),
#	                             its FANFARE_BASE_URL and FANFARE_SECRET_KEY exported
#	measure NAME CMD...          one run of CMD, stdout counted then dropped: appends
#	                             "NAME seconds peak-RSS-KiB lines user-seconds system-seconds"
#	                             to $work/results
#	median                       the median of the numbers on stdin, one a line

export GOWORK=off
work=
srv=

timing_init() {
	work=$(mktemp -d)
	trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$work"' EXIT
	: > "$work/results"
}

start_fakeserve() {
	(cd tools && go build -o "$work/fakeserve" ./bench/cmd/fakeserve)
	"$work/fakeserve" "$@" > "$work/env" &
	srv=$!
	for _ in $(seq 600); do
		[ "$(wc -l < "$work/env")" -ge 2 ] && break
		sleep 0.1
	done
	# shellcheck disable=SC2046
	export $(cat "$work/env")
}

measure() {
	local name=$1 secs kib user sys
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out"
	read -r secs kib user sys < "$work/time"
	echo "$name $secs $kib $(wc -l < "$work/out") $user $sys" >> "$work/results"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
