package main

// The CLI exports every member it was sent: members whose value does not fit their type, members
// the spec does not know, exotic numbers; through the built binary.

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

// surprises are entries that each carry a surprise, then an element that is no entry.
var surprises = []string{
	`{"id":"e0","status":"notified","consumer":{"id":"c0","createdAt":"2025-01-01 00:00:00"}}`,
	`{"id":"e1","status":"waitlisted","consumer":{"id":"c1","totalOrders":"7"}}`,
	`{"id":"e2","status":"waitlisted","priority":3,"consumer":{"id":"c2","loyaltyTier":{"name":"gold"},"metadata":{"shopifyId":12345678901234567891,"inf":1e400,"negz":-0},"lastGeoCoordinates":{"latitude":1,"longitude":2,"accuracy":12345678901234567891}}}`,
	`null`,
}

func surpriseServer(t *testing.T) *clienttest.Server {
	s := clienttest.Start(t)
	s.Always(clienttest.Fault{Body: []byte("[" + strings.Join(surprises, ",\n ") + "]")})
	return s
}

func TestJSONLWritesEveryElementAsSent(t *testing.T) {
	s := surpriseServer(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl")
	wantCode(t, r, 0)
	if want := strings.Join(surprises, "\n") + "\n"; r.stdout != want {
		t.Fatalf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	want := []string{
		"entry 0 (id e0): consumer.createdAt = \"2025-01-01 00:00:00\" does not fit its type",
		"entry 1 (id e1): consumer.totalOrders = \"7\" does not fit its type",
		"entry 3: entry is null; written as sent",
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), r.stderr)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) || !strings.HasPrefix(lines[i], "fanfare: warning: waitlist ") {
			t.Errorf("stderr line %d %q lacks %q", i, lines[i], w)
		}
	}

	// json: the same elements, in one array that encoding/json reads back to the same values.
	r = cli(t, against(s), "waitlist", "consumers", "seq", "--format", "json")
	wantCode(t, r, 0)
	var got []json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != len(surprises) {
		t.Fatalf("json output: %v, %d elements", err, len(got))
	}
	for i := range got {
		if string(got[i]) != surprises[i] {
			t.Errorf("element %d: %s", i, got[i])
		}
	}
}

func TestFieldsReadAnyMemberFromTheBytes(t *testing.T) {
	s := surpriseServer(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl",
		"--fields", "id,priority,consumer.loyaltyTier,consumer.createdAt,consumer.metadata.shopifyId,consumer.shoeSize")
	wantCode(t, r, 1) // the null element is left out of a selection
	want := `{"id":"e0","consumer.createdAt":"2025-01-01 00:00:00"}
{"id":"e1"}
{"id":"e2","priority":3,"consumer.loyaltyTier":{"name":"gold"},"consumer.metadata.shopifyId":12345678901234567891}
`
	if r.stdout != want {
		t.Fatalf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	if strings.Count(r.stderr, "no entry had a member consumer.shoeSize") != 1 ||
		strings.Contains(r.stderr, "no entry had a member priority") || !strings.Contains(r.stderr, "left out") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

func TestCSVKeepsEveryMember(t *testing.T) {
	s := surpriseServer(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "csv")
	wantCode(t, r, 1) // the null element cannot be a row
	records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 4 {
		t.Fatalf("%d records, want a header and 3 rows", len(records))
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	for _, c := range []struct {
		row  int
		name string
		want string
	}{
		{1, "consumer.createdAt", "2025-01-01 00:00:00"},
		{2, "consumer.totalOrders", "7"},
		{3, "consumer.metadata", `{"inf":1e400,"negz":-0,"shopifyId":12345678901234567891}`}, // every digit; keys sorted
		{3, "unknownMembers", `{"consumer.loyaltyTier":{"name":"gold"},"priority":3}`},
		{1, "unknownMembers", ""},
		{3, "consumer.lastGeoCoordinates", `{"accuracy":12345678901234567891,"latitude":1,"longitude":2}`},
	} {
		i, ok := col[c.name]
		if !ok {
			t.Fatalf("no column %s", c.name)
		}
		if got := records[c.row][i]; got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.name, got, c.want)
		}
	}

	r = cli(t, against(s), "waitlist", "consumers", "seq", "--format", "table", "--fields", "id,consumer.loyaltyTier,unknownMembers")
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, `{"name":"gold"}`) || !strings.Contains(r.stdout, "UNKNOWN MEMBERS") || !strings.Contains(r.stdout, `{"consumer.loyaltyTier":`) {
		t.Errorf("table:\n%s", r.stdout)
	}
}

func TestChangesWarnsOfEveryMemberThatDoesNotFit(t *testing.T) {
	s := clienttest.Start(t)
	s.Always(clienttest.Fault{Body: []byte("[" + strings.Join(surprises[:3], ",") + "]")})
	r := cli(t, against(s), changesArgs(filepath.Join(t.TempDir(), "seq.state"))...)
	wantCode(t, r, 0)
	lines := changeLines(t, r.stdout)
	if len(lines) != 3 {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	for i, line := range lines {
		if string(line["entry"]) != surprises[i] {
			t.Errorf("change %d: entry %s, want it as sent: %s", i, line["entry"], surprises[i])
		}
	}
	warnings := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	want := []string{
		"fanfare: warning: waitlist entry 0 (id e0): consumer.createdAt = \"2025-01-01 00:00:00\" does not fit its type",
		"fanfare: warning: waitlist entry 1 (id e1): consumer.totalOrders = \"7\" does not fit its type",
	}
	if len(warnings) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(warnings), len(want), r.stderr)
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("stderr line %d %q, want %q…", i, warnings[i], w)
		}
	}
}
