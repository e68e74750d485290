#!/usr/bin/env bash
# check-generated.sh: fail when the committed generated code, go.mod or go.sum drift from what
# api/openapi.yaml and the generator configs produce (see DESIGN.md, "Generation").
#
#   1. delete every *.gen.go under gen/, internal/ and tools/ (tracked or not);
#   2. regenerate with `make generate`;
#   3. `go mod tidy -diff` in the root module and in tools/;
#   4. `git status --porcelain` must be empty: a changed, deleted or new (untracked) file is drift.
#
# Run it from anywhere: it works on the repository that holds it. Exit 0 when clean, 1 on drift.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
MAKE=${MAKE:-make}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "check-generated: $root is not a git work tree" >&2
	exit 1
fi

fail=0

echo "check-generated: deleting *.gen.go under gen/ internal/ tools/"
dirs=()
for d in gen internal tools; do
	[[ -d $d ]] && dirs+=("$d")
done
if ((${#dirs[@]})); then
	find "${dirs[@]}" -type f -name '*.gen.go' -not -path '*/vendor/*' -not -path '*/node_modules/*' -print -delete | sed 's/^/  removed /'
fi

echo "check-generated: make generate"
if ! "$MAKE" --no-print-directory generate; then
	echo "check-generated: FAIL: make generate failed (is api/openapi.yaml valid? try make spec-check)" >&2
	exit 1
fi

for dir in . tools; do
	echo "check-generated: go mod tidy -diff in $dir"
	if ! out=$(cd "$dir" && "$GO" mod tidy -diff 2>&1); then
		echo "check-generated: FAIL: $dir/go.mod or go.sum is not tidy (run: cd $dir && go mod tidy):" >&2
		printf '%s\n' "$out" >&2
		fail=1
	fi
done

echo "check-generated: git status --porcelain"
status=$(git status --porcelain --untracked-files=all)
if [[ -n $status ]]; then
	echo "check-generated: FAIL: the tree differs from what is committed after regenerating." >&2
	echo "Run 'make generate' (and 'go mod tidy' where needed) and commit the result. Offending files:" >&2
	printf '%s\n' "$status" | sed 's/^/  /' >&2
	if ! git diff --quiet; then
		echo "--- git diff --stat" >&2
		git --no-pager diff --stat >&2
		echo "--- git diff (first 200 lines)" >&2
		{ git --no-pager diff | head -n 200; } >&2 || true
	fi
	fail=1
fi

if ((fail)); then
	exit 1
fi
echo "check-generated: OK, generated code and go.mod/go.sum match the spec"
