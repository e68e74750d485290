#!/usr/bin/env bash
# lint.sh: the static checks of make lint, in every module. Each step runs even when an earlier
# one failed; a summary closes the output and the exit code is 1 when any step failed.
#
#   golangci-lint   root module and tools/, with .golangci.yml (tools module's pinned version)
#   actionlint      .github/workflows (pinned; run from its own module graph, see below)
#   spec-lint       Spectral and Redocly on api/openapi.yaml (tools/scripts/spec-lint.sh; needs
#                   node, installs the versions pinned in tools/package-lock.json with npm ci)
#   govulncheck     root module and tools/ (tools module's pinned version), against
#                   $FANFARE_VULNDB if set, else vuln.go.dev when reachable, else a database
#                   built offline from golang.org/x/vulndb as the Go module proxy serves it.
#                   GOVULNCHECK_STDLIB=warn: standard-library-only findings warn instead of failing.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}

# actionlint v1.7.12 needs go.yaml.in/yaml/v4 v4.0.0-rc.3, whose API v4.0.0 changed; kin-openapi
# and oasdiff in tools/go.mod need v4.0.0. So it cannot share that graph: `go run pkg@version`
# builds it with its own go.mod, still pinned and checksummed.
ACTIONLINT=github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
# The x/vulndb module version that holds the OSV data (data/osv) for the offline database:
# "latest" takes the freshest the proxy serves; VULNDB_FALLBACK is used when that fails.
VULNDB_VERSION=${VULNDB_VERSION:-latest}
VULNDB_FALLBACK=v0.0.0-20261105234957-e22db6528018
ONLINE_DB=https://vuln.go.dev

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
tool=("$GO" tool -modfile="$root/tools/go.mod")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

summary=()
failed=0
step_warning=
# step NAME CMD...: run CMD, record NAME as OK or FAIL.
step() {
	local name=$1
	shift
	echo
	echo "=== $name"
	step_warning=
	if "$@"; then
		if [[ -n $step_warning ]]; then
			summary+=("WARN     $name: $step_warning")
		else
			summary+=("OK       $name")
		fi
	else
		summary+=("FAIL     $name")
		failed=1
	fi
}

golangci_tools() { (cd tools && "${tool[@]}" golangci-lint run --config "$root/.golangci.yml" ./...); }
step "golangci-lint (root module)" "${tool[@]}" golangci-lint run --config "$root/.golangci.yml" ./...
step "golangci-lint (tools module)" golangci_tools

if compgen -G ".github/workflows/*.y*ml" >/dev/null; then
	step "actionlint (.github/workflows)" "$GO" run "$ACTIONLINT"
else
	summary+=("SKIPPED  actionlint: no workflow files in .github/workflows")
fi

step "spec-lint (Spectral, Redocly on api/openapi.yaml)" bash tools/scripts/spec-lint.sh

# vulndb_dir VERSION: print the directory of golang.org/x/vulndb@VERSION and its time, fetched
# through the Go module proxy.
vulndb_dir() {
	local json
	json=$(cd "$tmp" && GOFLAGS=-mod=mod "$GO" mod download -json "golang.org/x/vulndb@$1") || return 1
	dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
	info=$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
	version=$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
	modified=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info")
	[[ -d $dir/data/osv ]]
}

# choose_db: set db to the vulnerability database to use, or explain on stderr why there is none.
choose_db() {
	if [[ -n ${FANFARE_VULNDB:-} ]]; then
		db=$FANFARE_VULNDB
		echo "govulncheck: using \$FANFARE_VULNDB=$db"
		return 0
	fi
	if (cd tools && "$GO" run ./cmd/vulndb reachable "$ONLINE_DB") 2>/dev/null; then
		db=$ONLINE_DB
		echo "govulncheck: using $db"
		return 0
	fi
	echo "govulncheck: $ONLINE_DB is unreachable; building a database from golang.org/x/vulndb via the module proxy"
	if ! vulndb_dir "$VULNDB_VERSION"; then
		echo "govulncheck: golang.org/x/vulndb@$VULNDB_VERSION unavailable, trying $VULNDB_FALLBACK" >&2
		vulndb_dir "$VULNDB_FALLBACK" || return 1
	fi
	(cd tools && "$GO" run ./cmd/vulndb build -osv "$dir/data/osv" -out "$tmp/vulndb" -modified "$modified") || return 1
	db=file://$tmp/vulndb
	echo "govulncheck: using golang.org/x/vulndb@$version (data as of $modified)"
}

# govulncheck_in DIR: run govulncheck on the module in DIR. Vulnerabilities that the code calls
# fail the step. When they are all in the standard library (fixed by a newer Go, not by this
# code) and GOVULNCHECK_STDLIB=warn, they are reported as a warning instead: CI sets that on the
# Go floor, whose release line may no longer get security fixes.
govulncheck_in() {
	local out rc=0
	out=$(cd "$1" && "${tool[@]}" govulncheck -db "$db" ./... 2>&1) || rc=$?
	printf '%s\n' "$out"
	if ((rc == 3)) && [[ ${GOVULNCHECK_STDLIB:-fail} == warn ]] &&
		! grep -E '^ +Found in: ' <<<"$out" | grep -qvE 'Found in: [^@ ]+@go[0-9]'; then
		local goversion
		goversion=$(cd "$1" && "$GO" env GOVERSION)
		echo "govulncheck: WARNING: the vulnerabilities above are in the standard library of $goversion;"
		echo "govulncheck: a newer Go fixes them (see 'Fixed in'). Not failing: GOVULNCHECK_STDLIB=warn."
		step_warning="standard-library vulnerabilities of $goversion (see above)"
		return 0
	fi
	return "$rc"
}
govulncheck_root() { govulncheck_in .; }
govulncheck_tools() { govulncheck_in tools; }
echo
echo "=== govulncheck: choosing a vulnerability database"
if choose_db; then
	step "govulncheck (root module)" govulncheck_root
	step "govulncheck (tools module)" govulncheck_tools
else
	summary+=("SKIPPED  govulncheck: no vulnerability database could be had ($ONLINE_DB unreachable and golang.org/x/vulndb not served): NOT checked")
fi

echo
echo "=== lint summary"
printf '  %s\n' "${summary[@]}"
if ((failed)); then
	echo "lint: FAIL" >&2
	exit 1
fi
echo "lint: OK"
