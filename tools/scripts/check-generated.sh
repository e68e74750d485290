#!/usr/bin/env bash
# check-generated.sh: fail when the generated code, go.mod or go.sum drift from what
# api/openapi.yaml and the generator configs produce (see DESIGN.md, "Generation").
#
# It never touches the working tree: everything happens in a temporary copy of it, removed on
# exit, on failure and on interruption alike (SIGINT, SIGTERM, SIGHUP).
#
#   1. copy the working tree as it is (tracked files, changed or not, and untracked files that
#      .gitignore does not exclude) into a temporary directory, and commit it there;
#   2. in the copy, delete every *.gen.go under gen/, client/, internal/ and tools/;
#   3. regenerate the copy with `make generate`;
#   4. `go mod tidy -diff` in the copy's root module and tools/;
#   5. the copy's `git status --porcelain` must be empty: a changed, deleted or new (untracked)
#      file is drift.
#
# So it checks the tree as it is now, uncommitted edits included. Run it from anywhere: it works
# on the repository that holds it. Exit 0 when clean, 1 on drift or failure, 128+N on signal N.
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-generated.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
work=$tmp/tree
mkdir "$work"

# copy_tree: the working tree's files as they are into $work (a tracked file deleted from the
# working tree is left out, as it is from the tree).
copy_tree() {
	local name
	git ls-files -z --cached --others --exclude-standard --deduplicate |
		while IFS= read -r -d '' name; do
			if [[ -e $name || -L $name ]]; then
				printf '%s\0' "$name"
			fi
		done |
		tar --null --files-from=- --create --file=- | tar --extract --file=- --directory="$work"
}

echo "check-generated: copying the working tree to $work"
copy_tree
git -C "$work" init --quiet
git -C "$work" add --all --force
git -C "$work" -c user.name=check-generated -c user.email=check-generated@example.invalid \
	-c commit.gpgsign=false commit --quiet --no-verify --message "the working tree of $root"

fail=0

echo "check-generated: deleting *.gen.go under gen/ client/ internal/ tools/ (in the copy)"
dirs=()
for d in gen client internal tools; do
	[[ -d $work/$d ]] && dirs+=("$d")
done
if ((${#dirs[@]})); then
	(cd "$work" && find "${dirs[@]}" -type f -name '*.gen.go' -not -path '*/vendor/*' -not -path '*/node_modules/*' -print -delete) | sed 's/^/  removed /'
fi

echo "check-generated: make generate (in the copy)"
if ! "$MAKE" --no-print-directory -C "$work" generate; then
	echo "check-generated: FAIL: make generate failed (is api/openapi.yaml valid? try make spec-check); the working tree is untouched" >&2
	exit 1
fi

for dir in . tools; do
	echo "check-generated: go mod tidy -diff in $dir"
	if ! out=$(cd "$work/$dir" && "$GO" mod tidy -diff 2>&1); then
		echo "check-generated: FAIL: $dir/go.mod or go.sum is not tidy (run: cd $dir && go mod tidy):" >&2
		printf '%s\n' "$out" >&2
		fail=1
	fi
done

echo "check-generated: git status --porcelain (of the copy)"
status=$(git -C "$work" status --porcelain --untracked-files=all)
if [[ -n $status ]]; then
	echo "check-generated: FAIL: regenerating changes the tree." >&2
	echo "Run 'make generate' (and 'go mod tidy' where needed) and commit the result. Offending files:" >&2
	printf '%s\n' "$status" | sed 's/^/  /' >&2
	if ! git -C "$work" diff --quiet; then
		echo "--- git diff --stat" >&2
		git -C "$work" --no-pager diff --stat >&2
		echo "--- git diff (first 200 lines)" >&2
		{ git -C "$work" --no-pager diff | head -n 200; } >&2 || true
	fi
	fail=1
fi

if ((fail)); then
	exit 1
fi
echo "check-generated: OK, generated code and go.mod/go.sum match the spec"
