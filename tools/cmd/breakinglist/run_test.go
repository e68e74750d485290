package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const changelog = `# Changelog

## [Unreleased]

### Breaking

- ` + "`Consumer.LastGeoCounty`" + ` is gone; so is ` + "`Server.FailNext`" + `.
- The consumer's ` + "`smsOptOut`" + ` is no longer sent.

### Added

- ` + "`WithPageSize`" + ` (named outside the Breaking list: does not count).

## [0.1.0] - 2026-12-01

### Breaking

- ` + "`OldThing`" + ` (an earlier release: does not count).
`

const apidiffReport = `=== github.com/fanfare-go/fanfare/gen against HEAD
Incompatible changes:
- Consumer.LastGeoCounty: removed
- WithPageSize: removed

Compatible changes:
- Consumer.LastGeoCountry: added
=== github.com/fanfare-go/fanfare/client/clienttest against HEAD
Incompatible changes:
- (*Server).FailNext: removed
- OldThing: removed
- Consumer.LastGeoCountyX: removed
=== github.com/fanfare-go/fanfare/client against HEAD
no changes
=== github.com/fanfare-go/fanfare/extra against HEAD
removed
`

const oasdiffChangesJSON = `[
 {"id": "response-optional-property-removed", "text": "removed the optional property ` + "`items/consumer/smsOptOut`" + ` from the response with the ` + "`200`" + ` status", "operation": "GET", "path": "/sequences/{sequenceId}/waitlist/consumers", "level": 3},
 {"id": "response-required-property-removed", "text": "removed the required property ` + "`items/consumer/createdBy`" + ` from the response with the ` + "`200`" + ` status", "operation": "GET", "path": "/sequences/{sequenceId}/waitlist/consumers", "level": 3},
 {"id": "response-property-became-nullable", "text": "the response property ` + "`items/consumer/phone`" + ` became nullable", "level": 2},
 {"id": "response-success-status-removed", "text": "removed the success response with the status ` + "`200`" + `", "operation": "GET", "path": "/sequences/{sequenceId}/waitlist/consumers", "level": 3}
]`

// TestApidiffNames: each incompatible change must be named by its Go name in the Unreleased
// Breaking list; a name elsewhere, in an older release, or as a prefix of a longer name does not
// count.
func TestApidiffNames(t *testing.T) {
	code, out := runWith(t, "-apidiff", apidiffReport)
	want := []string{
		"gen: WithPageSize: removed   (name it: `WithPageSize`)",
		"clienttest: OldThing: removed",
		"clienttest: Consumer.LastGeoCountyX: removed",
		"fanfare/extra: package removed",
	}
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, named := range []string{"Consumer.LastGeoCounty: removed", "FailNext"} {
		if strings.Contains(out, named) {
			t.Errorf("output names %q, which the Breaking list names:\n%s", named, out)
		}
	}
	if got := strings.Count(out, "\n  "); got != len(want) {
		t.Errorf("%d changes reported, want %d:\n%s", got, len(want), out)
	}
}

// TestOasdiffNames: a property change is named by the property, any other by its rule id; a
// warning is not a breaking change.
func TestOasdiffNames(t *testing.T) {
	code, out := runWith(t, "-oasdiff", oasdiffChangesJSON)
	if code != 1 || strings.Contains(out, "smsOptOut") || strings.Contains(out, "phone") ||
		!strings.Contains(out, "(name it: `items/consumer/createdBy`)") ||
		!strings.Contains(out, "(name it: `response-success-status-removed`)") {
		t.Fatalf("exit %d, want 1 naming createdBy and the status removal only:\n%s", code, out)
	}
	if code, out := runWith(t, "-oasdiff", "[]"); code != 0 {
		t.Fatalf("no changes: exit %d, want 0:\n%s", code, out)
	}
	if code, out := runWith(t, "-oasdiff", "not json"); code != 2 {
		t.Fatalf("malformed JSON: exit %d, want 2:\n%s", code, out)
	}
}

func runWith(t *testing.T, flag, content string) (int, string) {
	t.Helper()
	dir := t.TempDir()
	log, report := filepath.Join(dir, "CHANGELOG.md"), filepath.Join(dir, "report")
	if err := os.WriteFile(log, []byte(changelog), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(report, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"-changelog", log, flag, report}, &out, &errOut)
	return code, out.String() + errOut.String()
}
