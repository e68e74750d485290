package client

// client.Version against CHANGELOG.md: it is the latest release the changelog names.

import (
	"bufio"
	"os"
	"regexp"
	"testing"
)

// releaseHeading is a release's heading in CHANGELOG.md (Keep a Changelog):
// "## [1.2.3] - 2026-12-01".
var releaseHeading = regexp.MustCompile(`^## \[(v?[0-9]+\.[0-9]+\.[0-9]+[^\]]*)\] - ([0-9]{4}-[0-9]{2}-[0-9]{2})$`)

func TestVersionIsTheLatestReleaseInTheChangelog(t *testing.T) {
	f, err := os.Open("../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var unreleased bool
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "## [Unreleased]" {
			unreleased = true
			continue
		}
		m := releaseHeading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if !unreleased {
			t.Errorf("CHANGELOG.md: release %s comes before the ## [Unreleased] section", m[1])
		}
		if m[1] != Version {
			t.Errorf("client.Version is %q, but the latest release in CHANGELOG.md is %q (%s)", Version, m[1], line)
		}
		return
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("CHANGELOG.md has no release heading (## [X.Y.Z] - YYYY-MM-DD): client.Version %q is not released", Version)
}
