package main

import (
	"strings"
	"testing"
)

// TestEveryCommandIsListedAndHelps: each command of the table is in fanfare's help and in
// "fanfare waitlist"'s, and answers --help with its usage line, its help and its flags.
func TestEveryCommandIsListedAndHelps(t *testing.T) {
	top := cli(t, nil, "--help")
	wantCode(t, top, 0)
	group := cli(t, nil, "waitlist", "--help")
	wantCode(t, group, 0)
	for _, c := range waitlistCommands {
		for name, out := range map[string]string{"fanfare --help": top.stdout, "fanfare waitlist --help": group.stdout} {
			if !strings.Contains(out, c.usageLine()) || !strings.Contains(out, c.short) {
				t.Errorf("%s does not list %q", name, c.usageLine())
			}
		}
		r := cli(t, nil, "waitlist", c.name, "--help")
		wantCode(t, r, 0)
		if !strings.HasPrefix(r.stdout, "Usage:\n  "+c.usageLine()+"\n\n"+c.long) || !strings.Contains(r.stdout, "\nFlags:\n") {
			t.Errorf("%s --help:\n%s", c.name, r.stdout)
		}
	}
}
