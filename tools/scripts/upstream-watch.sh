#!/usr/bin/env bash
# upstream-watch.sh: compare the slice of Fanfare's published document that the spec follows
# (api/upstream/lock.json: repository, file, commit, SHA-256) with the document on the default
# branch of that repository today; run weekly by .github/workflows/upstream.yml.
#
# Unchanged slice (whatever else changed in the document, other endpoints included): print one
# line and exit 0, touching nothing. Changed: on the fixed branch $UPSTREAM_BRANCH, move the pin
# (api/upstream/slice.json and lock.json, with `upstream pin`), commit, force-push, and open
# the one pull request of that branch, or update it, with `upstream diff`'s report and `upstream
# check`'s findings as its body. It never edits api/openapi.yaml: the pull request stays red
# (make test runs the check) until a person updates the spec and runs make generate.
#
# It uses the project's own tool (tools/cmd/upstream), git, curl and the gh CLI (GH_TOKEN), and
# sends nothing anywhere but the repository's own remote and pull request.
#
# Environment (defaults in brackets):
#   UPSTREAM_RAW_URL  where files are read, as $UPSTREAM_RAW_URL/OWNER/NAME/COMMIT/PATH
#                     [https://raw.githubusercontent.com]; tests serve a copy on loopback
#   UPSTREAM_BRANCH   the pull request's branch [upstream/admin-api]
#   UPSTREAM_BASE     the pull request's base [the branch checked out]
#   UPSTREAM_REMOTE   the git remote pushed to [origin]
#
# Exit 0 when unchanged or the pull request is opened or up to date, 1 on a failure.
set -euo pipefail

export GOWORK=off
GO=${GO:-go}
raw=${UPSTREAM_RAW_URL:-https://raw.githubusercontent.com}
branch=${UPSTREAM_BRANCH:-upstream/admin-api}
remote=${UPSTREAM_REMOTE:-origin}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
lock=api/upstream/lock.json
base=${UPSTREAM_BASE:-$(git rev-parse --abbrev-ref HEAD)}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/upstream-watch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# field NAME: a string member of the lock (written by `upstream pin`, one member a line).
field() { sed -n "s/^ *\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" "$lock"; }
repository=$(field repository)
file=$(field file)
pinned=$(field sha256)
if [[ -z $repository || -z $file || -z $pinned ]]; then
	echo "upstream-watch: $lock lacks repository, file or sha256" >&2
	exit 1
fi

(cd tools && "$GO" build -o "$tmp/upstream" ./cmd/upstream)
up=$tmp/upstream

default_branch=$(gh api "repos/$repository" --jq .default_branch)
commit=$(gh api "repos/$repository/commits/$default_branch" --jq .sha)
if [[ ! $commit =~ ^[0-9a-f]{40}$ ]]; then
	echo "upstream-watch: no commit for $repository@$default_branch (got '$commit')" >&2
	exit 1
fi
curl --fail --silent --show-error --location --retry 3 --max-time 120 \
	--output "$tmp/document.json" "$raw/$repository/$commit/$file"
"$up" extract "$tmp/document.json" >"$tmp/slice.json"
current=$(sha256sum "$tmp/slice.json" | cut -d' ' -f1)

if [[ $current == "$pinned" ]]; then
	echo "upstream-watch: $repository@${commit:0:12}: the slice is the pinned one (sha256 ${pinned:0:12}): nothing to do"
	exit 0
fi
echo "upstream-watch: $repository@${commit:0:12}: the slice changed (sha256 ${pinned:0:12} → ${current:0:12})"

# The pull request's branch already holds this slice: nothing new to say.
if git fetch --quiet "$remote" "$branch" 2>/dev/null &&
	git show "FETCH_HEAD:$lock" 2>/dev/null | grep -q "\"sha256\": \"$current\""; then
	echo "upstream-watch: $remote/$branch already pins this slice: its pull request is up to date"
	exit 0
fi

cp api/upstream/slice.json "$tmp/old.json"
git checkout --quiet -B "$branch"
"$up" pin -root "$root" -commit "$commit" -repository "$repository" -file "$file" "$tmp/document.json"

diff_code=0
"$up" diff "$tmp/old.json" api/upstream/slice.json >"$tmp/diff.md" || diff_code=$?
check_code=0
"$up" check -root "$root" >"$tmp/check.txt" 2>&1 || check_code=$?
if ((diff_code == 2 || check_code == 2)); then
	cat "$tmp/diff.md" "$tmp/check.txt" >&2
	echo "upstream-watch: upstream diff or check could not run" >&2
	exit 1
fi

verdict="every change is compatible"
((diff_code == 1)) && verdict="a change can break a client"
title="upstream: $repository@${commit:0:12} changes GET $(field endpoint) ($verdict)"
{
	echo "Fanfare's published document changed the slice this SDK follows. This pull request moves"
	echo "the pin (\`api/upstream/\`) only; it stays red until \`api/openapi.yaml\` covers the new slice:"
	echo "update the spec (or add a deliberate difference, with its reason, to \`api/upstream/allowlist.txt\`),"
	echo "run \`make generate\`, and add the CHANGELOG entries."
	echo
	cat "$tmp/diff.md"
	echo
	echo "## \`upstream check\` on this branch"
	echo
	echo '```'
	cat "$tmp/check.txt"
	echo '```'
} >"$tmp/body.md"

git add api/upstream
git commit --quiet -m "$title" -m "$(cat "$tmp/diff.md")"
git push --quiet --force "$remote" "HEAD:refs/heads/$branch"

number=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
if [[ -n $number ]]; then
	gh pr edit "$number" --title "$title" --body-file "$tmp/body.md"
	echo "upstream-watch: updated pull request #$number"
else
	gh pr create --head "$branch" --base "$base" --title "$title" --body-file "$tmp/body.md"
	echo "upstream-watch: opened a pull request from $branch"
fi
