package release

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client"
)

// releaseHeading matches a release's heading in CHANGELOG.md.
var releaseHeading = regexp.MustCompile(`(?m)^## \[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}$`)

// TestVersionBumps reads CHANGELOG.md's releases, newest first (client.Version is the newest,
// TestReleaseNotesOfThisRelease checks it): a release whose section has a Breaking list must be
// a minor bump over the one before it before v1, and a major one from v1 on; every release must
// be greater than the one before. tools/scripts/release-bump.sh holds a tag to the same rule,
// and to what apidiff and oasdiff find.
func TestVersionBumps(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBumps(string(data)); err != "" {
		t.Error(err)
	}
	if !strings.Contains(string(data), "## ["+client.Version+"] - ") {
		t.Errorf("client.Version %s is not a release in CHANGELOG.md", client.Version)
	}
}

// TestVersionBumpsRefuse checks the rule on made-up changelogs.
func TestVersionBumpsRefuse(t *testing.T) {
	section := func(v, body string) string { return "## [" + v + "] - 2026-12-01\n\n" + body + "\n" }
	for _, tc := range []struct {
		log  string
		want string
	}{
		{section("0.1.1", "### Breaking\n\n- x") + section("0.1.0", "First."), "0.1.1 has a Breaking list, so it must be a minor bump over 0.1.0"},
		{section("1.1.0", "### Breaking\n\n- x") + section("1.0.0", "First."), "1.1.0 has a Breaking list, so it must be a major bump over 1.0.0"},
		{section("0.1.0", "### Fixed\n\n- x") + section("0.1.0", "First."), "0.1.0 is not greater than 0.1.0"},
		{section("0.2.0", "### Breaking\n\n- x") + section("0.1.0", "First."), ""},
		{section("0.1.1", "### Fixed\n\n- x") + section("0.1.0", "First."), ""},
		{changelog, ""},
	} {
		if got := checkBumps(tc.log); got != tc.want {
			t.Errorf("checkBumps(%q) = %q, want %q", tc.log, got, tc.want)
		}
	}
}

// checkBumps returns the first release of the changelog whose bump is too small, as a
// sentence, or "".
func checkBumps(log string) string {
	heads := releaseHeading.FindAllStringSubmatchIndex(log, -1)
	for i := 0; i+1 < len(heads); i++ {
		newer, older := version(log, heads[i]), version(log, heads[i+1])
		body := log[heads[i][1]:heads[i+1][0]]
		breaking := regexp.MustCompile(`(?m)^### +Breaking\s*$`).MatchString(body)
		name := func(v [3]int) string {
			return strconv.Itoa(v[0]) + "." + strconv.Itoa(v[1]) + "." + strconv.Itoa(v[2])
		}
		switch {
		case !less(older, newer):
			return name(newer) + " is not greater than " + name(older)
		case breaking && older[0] == 0 && newer[0] == 0 && newer[1] == older[1]:
			return name(newer) + " has a Breaking list, so it must be a minor bump over " + name(older)
		case breaking && older[0] > 0 && newer[0] == older[0]:
			return name(newer) + " has a Breaking list, so it must be a major bump over " + name(older)
		}
	}
	return ""
}

func version(log string, m []int) [3]int {
	var v [3]int
	for i := range v {
		v[i], _ = strconv.Atoi(log[m[2+2*i]:m[3+2*i]])
	}
	return v
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
