#!/usr/bin/env bash
# prism-check.sh [SPEC] [N]: serve SPEC (default api/openapi.yaml) with Stoplight Prism's mock
# server in dynamic mode (`prism mock -d`, pinned in tools/package-lock.json), then read N (default
# 50) random responses of every documented status with the SDK (tools/cmd/prismcheck): Prism must
# never answer with its own error (a crash of its data faker), and each response must read as
# documented. Part of make lint.
#
# Needs node and npm; installs tools/node_modules with `npm ci` as spec-lint.sh does (same stamp).
# Exit 0 when every response is read as documented, 1 otherwise.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools=$root/tools
spec=$(cd "$root" && realpath "${1:-api/openapi.yaml}")
n=${2:-50}
stamp=$tools/node_modules/.spec-lint-lock.sha256

for cmd in node npm curl sha256sum; do
	if ! command -v "$cmd" >/dev/null; then
		echo "prism-check: $cmd not found" >&2
		exit 1
	fi
done
want=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [[ ! -f $stamp || $(<"$stamp") != "$want" || ! -x $tools/node_modules/.bin/prism ]]; then
	echo "prism-check: npm ci in tools/ (node $(node --version), npm $(npm --version))"
	(cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund)
	echo "$want" >"$stamp"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/prism-check.XXXXXX")
pid=
cleanup() {
	if [[ -n $pid ]]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$tools" && "$GO" build -o "$tmp/prismcheck" ./cmd/prismcheck)

# start: Prism on a random loopback port, until it answers (a port taken: another one).
start() {
	local try i
	for try in 1 2 3; do
		port=$((20000 + RANDOM % 20000))
		"$tools/node_modules/.bin/prism" mock --dynamic --host 127.0.0.1 --port "$port" "$spec" >"$tmp/prism.log" 2>&1 &
		pid=$!
		for i in $(seq 1 120); do
			if curl --silent --output /dev/null "http://127.0.0.1:$port/"; then
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		pid=
	done
	cat "$tmp/prism.log" >&2
	echo "prism-check: Prism did not start" >&2
	return 1
}
start
echo "prism-check: $("$tools/node_modules/.bin/prism" --version 2>/dev/null | tail -n 1) mock -d on $spec, port $port"
if ! "$tmp/prismcheck" -url "http://127.0.0.1:$port" -n "$n" -spec "$spec"; then
	echo "prism-check: FAIL (Prism's log: its errors below)" >&2
	grep -i 'error' "$tmp/prism.log" | grep -v NO_PATH_MATCHED | head -n 5 >&2 || true
	exit 1
fi
echo "prism-check: OK"
