#!/usr/bin/env bash
# spec-lint.sh [SPEC]: lint SPEC (default api/openapi.yaml) with the npm linters, at the
# versions pinned in tools/package-lock.json:
#
#   Spectral   ruleset tools/spectral.yaml (spectral:oas, recommended rules)
#   Redocly    config tools/redocly.yaml (recommended)
#
# Needs node and npm (versions: tools/package.json, "engines"). The linters are installed with
# `npm ci` into tools/node_modules when it is missing or was installed from another lock file.
# Both linters always run; exit 1 when either reports an error (warnings are printed and pass).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools=$root/tools
spec=${1:-api/openapi.yaml}
stamp=$tools/node_modules/.spec-lint-lock.sha256

# Redocly CLI sends usage telemetry and checks for updates unless told not to.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

for cmd in node npm sha256sum; do
	if ! command -v "$cmd" >/dev/null; then
		echo "spec-lint: $cmd not found: install Node.js (see tools/package.json, \"engines\")" >&2
		exit 1
	fi
done

# install: npm ci unless node_modules holds exactly what package-lock.json pins. Install
# scripts stay off: neither linter needs one, and the only one in the tree reports analytics.
install() {
	local want
	want=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
	if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
		return 0
	fi
	echo "spec-lint: npm ci in tools/ (node $(node --version), npm $(npm --version))"
	(cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund) || return 1
	echo "$want" >"$stamp"
}
if ! install; then
	echo "spec-lint: FAIL: npm ci in tools/ failed" >&2
	exit 1
fi

# version PACKAGE: the installed version of an npm package (asking the CLIs prints banners).
version() { node -p "require(process.argv[1]).version" "$tools/node_modules/$1/package.json"; }

cd "$root"
bin=$tools/node_modules/.bin
failed=0

echo "=== Spectral $(version @stoplight/spectral-cli) (tools/spectral.yaml) on $spec"
"$bin/spectral" lint --ruleset tools/spectral.yaml --fail-severity error "$spec" || failed=1

echo
echo "=== Redocly $(version @redocly/cli) (tools/redocly.yaml) on $spec"
"$bin/redocly" lint --config tools/redocly.yaml "$spec" || failed=1

if ((failed)); then
	echo "spec-lint: FAIL: $spec has lint errors (above)" >&2
	exit 1
fi
echo "spec-lint: OK"
