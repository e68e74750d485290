package main

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
)

func TestParseArgsAllowsFlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		pos    []string
		format string
		demo   bool
	}{
		{[]string{"seq", "--demo", "--format", "csv"}, []string{"seq"}, "csv", true},
		{[]string{"--format=json", "seq"}, []string{"seq"}, "json", false},
		{[]string{"-demo", "seq", "-format", "jsonl"}, []string{"seq"}, "jsonl", true},
		{[]string{"--format", "csv", "--", "--demo"}, []string{"--demo"}, "csv", false},
		{[]string{"-"}, []string{"-"}, "table", false},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		demo := fs.Bool("demo", false, "")
		format := fs.String("format", "table", "")
		pos, err := parseArgs(fs, tc.args, "", nil, "SEQ")
		if err != nil || !reflect.DeepEqual(pos, tc.pos) || *format != tc.format || *demo != tc.demo {
			t.Errorf("%v: pos %v format %q demo %v (%v)", tc.args, pos, *format, *demo, err)
		}
	}
}

func TestParseArgsErrorsAndHelp(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.String("format", "table", "the `format`")
	if _, err := parseArgs(fs, nil, "", nil, "SEQ"); err == nil || err.Error() != "missing SEQ" {
		t.Errorf("no argument: %v", err)
	}
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	if _, err := parseArgs(fs, []string{"a", "b"}, "", nil, "SEQ"); err == nil || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("two arguments: %v", err)
	}
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	fs.String("format", "table", "the `format`")
	var out bytes.Buffer
	if _, err := parseArgs(fs, []string{"seq", "--help"}, "Usage: x\n", &out, "SEQ"); !errors.Is(err, errHelp) {
		t.Fatalf("--help: %v", err)
	}
	if !strings.Contains(out.String(), "Usage: x") || !strings.Contains(out.String(), "--format format") {
		t.Errorf("help text:\n%s", out.String())
	}
}

func TestSplitList(t *testing.T) {
	if got := splitList(" a, b,,c ,"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("splitList = %q", got)
	}
}
