package main

import (
	"encoding/csv"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

const (
	testEntries = 300
	testSeed    = 5
)

// seeded is a fake serving Synthetic(testEntries, testSeed) as "seq", and those entries.
func seeded(t *testing.T) (*clienttest.Server, []client.WaitlistConsumer) {
	t.Helper()
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", testEntries, testSeed)
	return s, clienttest.Synthetic(testEntries, testSeed)
}

// withoutCodes returns copies of entries with their verification codes removed.
func withoutCodes(entries []client.WaitlistConsumer) []client.WaitlistConsumer {
	out := slices.Clone(entries)
	for i := range out {
		out[i].Consumer.VerificationCode = nil
	}
	return out
}

// wantNoCodes fails the test if any verification code of entries appears in out.
func wantNoCodes(t *testing.T, out string, entries []client.WaitlistConsumer) {
	t.Helper()
	if strings.Contains(out, `"verificationCode":`) {
		t.Error("the output has a verificationCode field")
	}
	for i := range entries {
		if c := entries[i].Consumer.VerificationCode; c != nil && regexp.MustCompile(`\b`+*c+`\b`).MatchString(out) {
			t.Fatalf("the output contains verification code %s", *c)
		}
	}
}

func TestConsumersTable(t *testing.T) {
	s, entries := seeded(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq")
	wantCode(t, r, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2+len(entries) {
		t.Fatalf("%d lines, want a header, a rule and %d rows", len(lines), len(entries))
	}
	if !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[0], "STATUS") || !strings.Contains(lines[0], "FULL NAME") {
		t.Errorf("header %q", lines[0])
	}
	statusCol, nameAt := strings.Index(lines[0], "STATUS"), strings.Index(lines[0], "FULL NAME")
	if statusCol < 0 || nameAt < 0 {
		t.Fatalf("header %q lacks STATUS or FULL NAME", lines[0])
	}
	nameCol := displayWidth(lines[0][:nameAt])
	for i := range entries {
		e, row := &entries[i], lines[2+i]
		if !strings.HasPrefix(row, e.ID) || !strings.HasPrefix(row[statusCol:], string(e.Status)) {
			t.Fatalf("row %d %q does not start with entry %s, status %s at column %d", i, row, e.ID, e.Status, statusCol)
		}
		if e.Consumer.FullName != nil {
			// Names in every script line up, counted in terminal columns.
			prefix := fit(sanitize(*e.Consumer.FullName), 40)
			idx := strings.Index(row, strings.TrimRight(prefix[:min(len(prefix), 8)], " "))
			if idx < 0 || displayWidth(row[:idx]) != nameCol {
				t.Fatalf("row %d: name %q not at column %d:\n%s\n%s", i, *e.Consumer.FullName, nameCol, lines[0], row)
			}
		}
	}
	wantNoCodes(t, r.stdout, entries)
	if r.stderr != "" {
		t.Errorf("stderr: %s", r.stderr)
	}
}

func TestConsumersJSONRoundTrips(t *testing.T) {
	s, entries := seeded(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "json")
	wantCode(t, r, 0)
	var got []client.WaitlistConsumer
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, withoutCodes(entries)) {
		t.Fatal("json output does not decode to the served entries (without their codes)")
	}
	wantNoCodes(t, r.stdout, entries)

	r = cli(t, against(s), "waitlist", "consumers", "--include-sensitive", "--format=json", "seq")
	wantCode(t, r, 0)
	got = nil
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || !reflect.DeepEqual(got, entries) {
		t.Fatalf("json with --include-sensitive does not decode to the entries: %v", err)
	}

	s.AddWaitlist("empty", nil)
	r = cli(t, against(s), "waitlist", "consumers", "empty", "--format", "json")
	wantCode(t, r, 0)
	if r.stdout != "[]\n" {
		t.Errorf("an empty waitlist as json: %q", r.stdout)
	}
}

// TestConsumersJSONLDecodesToTheServedEntries: each line decodes to the entry served (less its
// code); export_test.go compares the lines with the bytes sent.
func TestConsumersJSONLDecodesToTheServedEntries(t *testing.T) {
	s, entries := seeded(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl")
	wantCode(t, r, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(entries) {
		t.Fatalf("%d lines, want %d", len(lines), len(entries))
	}
	var last client.WaitlistConsumer
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || !reflect.DeepEqual(last, withoutCodes(entries)[len(entries)-1]) {
		t.Fatalf("the last whole entry does not decode to the served one: %v", err)
	}
	wantNoCodes(t, r.stdout, entries)
}

func TestConsumersCSVRoundTripsThroughEncodingCSV(t *testing.T) {
	s, entries := seeded(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "csv")
	wantCode(t, r, 0)
	records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	if len(records) != 1+len(entries) {
		t.Fatalf("%d records, want a header and %d rows", len(records), len(entries))
	}
	if len(header) != len(allColumns)-1+1 || slices.Contains(header, "consumer.verificationCode") || header[len(header)-1] != "unknownMembers" {
		t.Fatalf("header has %d fields (want every field but the verification code, then unknownMembers): %v", len(header), header)
	}
	for i, e := range entries {
		for j, name := range header {
			if name == "unknownMembers" {
				if records[1+i][j] != "" {
					t.Fatalf("row %d: unknownMembers %q, the entries have none", i, records[1+i][j])
				}
				continue
			}
			checkCell(t, i, name, records[1+i][j], &e)
		}
	}
	wantNoCodes(t, r.stdout, entries)

	r = cli(t, against(s), "waitlist", "consumers", "seq", "--format", "csv", "--include-sensitive", "--fields", "id,consumer.verificationCode")
	wantCode(t, r, 0)
	records, err = csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		want := ""
		if e.Consumer.VerificationCode != nil {
			want = *e.Consumer.VerificationCode
		}
		if records[1+i][1] != want {
			t.Fatalf("row %d: code %q, want %q", i, records[1+i][1], want)
		}
	}
}

// checkCell decodes a CSV cell back into the type of the field it names and compares it with
// the entry's value: null and absent are empty, times RFC 3339, objects JSON.
func checkCell(t *testing.T, row int, name, cellText string, e *client.WaitlistConsumer) {
	t.Helper()
	v := reflect.ValueOf(e).Elem()
	path := strings.Split(name, ".")
	if len(path) == 2 {
		v = v.FieldByName("Consumer")
	}
	var field reflect.Value
	for i := range v.NumField() {
		tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if tag == path[len(path)-1] {
			field = v.Field(i)
		}
	}
	if !field.IsValid() {
		t.Fatalf("no field %s", name)
	}
	if field.Kind() == reflect.Pointer || field.Kind() == reflect.Map || field.Kind() == reflect.Slice {
		if field.IsNil() {
			if cellText != "" {
				t.Fatalf("row %d %s: %q for a null", row, name, cellText)
			}
			return
		}
	}
	if field.Kind() == reflect.Pointer {
		field = field.Elem()
	}
	want := field.Interface()
	var got any
	var err error
	switch w := want.(type) {
	case time.Time:
		got, err = time.Parse(time.RFC3339Nano, cellText)
	case float64:
		got, err = strconv.ParseFloat(cellText, 64)
	case int:
		got, err = strconv.Atoi(cellText)
	case bool:
		got, err = strconv.ParseBool(cellText)
	default:
		if field.Kind() == reflect.String {
			got, want = cellText, field.String()
			break
		}
		v := reflect.New(field.Type()) // an object or a list: printed as JSON, numbers in `any` as sent
		dec := json.NewDecoder(strings.NewReader(cellText))
		dec.UseNumber()
		err = dec.Decode(v.Interface())
		got, want = v.Elem().Interface(), w
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("row %d %s: cell %q reads as %#v, want %#v (%v)", row, name, cellText, got, want, err)
	}
}

func TestConsumersStatusFilter(t *testing.T) {
	s, entries := seeded(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--status", "notified,CONVERTED", "--format", "jsonl", "--fields", "id,status")
	wantCode(t, r, 0)
	var want []string
	for _, e := range entries {
		if e.Status == client.WaitlistConsumerStatusNotified || e.Status == client.WaitlistConsumerStatusConverted {
			want = append(want, e.ID)
		}
	}
	var got []string
	for line := range strings.Lines(r.stdout) {
		var obj struct{ ID, Status string }
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatal(err)
		}
		if obj.Status != "notified" && obj.Status != "converted" {
			t.Fatalf("status %s passed the filter", obj.Status)
		}
		got = append(got, obj.ID)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d entries, want the %d notified or converted ones in order", len(got), len(want))
	}
}

func TestConsumersSensitiveFieldNeedsTheFlag(t *testing.T) {
	s, _ := seeded(t)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--fields", "id,verificationCode")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "--include-sensitive") || r.stdout != "" {
		t.Fatalf("stderr %q, stdout %q", r.stderr, r.stdout)
	}
	if len(s.Requests()) != 0 {
		t.Error("a request was sent for a refused command line")
	}
	r = cli(t, against(s), "waitlist", "consumers", "seq", "--format", "csv", "--fields", "all")
	wantCode(t, r, 0)
	header, err := csv.NewReader(strings.NewReader(r.stdout)).Read()
	if err != nil || slices.Contains(header, "consumer.verificationCode") || !slices.Contains(header, "consumer.verificationCodeExpiresAt") {
		t.Errorf("--fields all without --include-sensitive: header %v (%v)", header, err)
	}
}

func TestDemoNeedsNoKey(t *testing.T) {
	r := cli(t, nil, "waitlist", "consumers", "demo", "--demo")
	wantCode(t, r, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2+240 || !strings.Contains(lines[0], "STATUS") {
		t.Fatalf("demo table: %d lines, header %q", len(lines), lines[0])
	}
	want := clienttest.Synthetic(240, 1)
	if !strings.HasPrefix(lines[2], want[0].ID) || !strings.HasPrefix(lines[241], want[239].ID) {
		t.Errorf("the demo table is not the synthetic waitlist of seed 1")
	}

	r = cli(t, []string{"FANFARE_SECRET_KEY=pk_live_ignored", "FANFARE_BASE_URL=http://example.com"},
		"waitlist", "consumers", "--demo", "demo", "--format", "csv", "--demo-entries", "50")
	wantCode(t, r, 0)
	records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(records) != 51 {
		t.Fatalf("demo csv: %d records (%v)", len(records), err)
	}
}

func TestProgressOnStderr(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("big", 5000, 2)
	r := cli(t, against(s), "waitlist", "consumers", "big", "--format", "jsonl", "--fields", "id", "--progress", "always")
	wantCode(t, r, 0)
	if !strings.Contains(r.stderr, "5,000 entries in ") || !strings.Contains(r.stderr, "/s)") {
		t.Errorf("no final progress line on stderr: %q", r.stderr)
	}
	if strings.Count(r.stdout, "\n") != 5000 {
		t.Errorf("%d lines on stdout, want 5000", strings.Count(r.stdout, "\n"))
	}
	for _, mode := range []string{"never", "auto"} { // auto: stderr is not a terminal here
		r = cli(t, against(s), "waitlist", "consumers", "big", "--format", "csv", "--progress", mode)
		wantCode(t, r, 0)
		if r.stderr != "" {
			t.Errorf("--progress %s: stderr %q", mode, r.stderr)
		}
	}
}

func TestHelpEverywhere(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"help"}, {"-h"},
		{"waitlist", "--help"},
		{"waitlist", "consumers", "--help"}, {"waitlist", "consumers", "-h"}, {"waitlist", "consumers", "seq", "--help"},
		{"waitlist", "summary", "--help"},
	} {
		r := cli(t, nil, args...)
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout, "Usage:") || r.stderr != "" {
			t.Errorf("%v: stdout %q stderr %q", args, r.stdout, r.stderr)
		}
	}
	r := cli(t, nil, "waitlist", "consumers", "--help")
	for _, flagName := range []string{"--format", "--status", "--fields", "--include-sensitive", "--demo", "--progress"} {
		if !strings.Contains(r.stdout, flagName) {
			t.Errorf("consumers --help does not describe %s", flagName)
		}
	}
	r = cli(t, nil)
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("no arguments: %q", r.stderr)
	}
}
