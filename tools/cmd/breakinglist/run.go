package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// change is one incompatible change and the names that may stand for it in the Breaking list.
type change struct {
	where string   // the package, or the operation
	what  string   // the tool's own line
	names []string // any one of them names the change
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("breakinglist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	changelog := fs.String("changelog", "CHANGELOG.md", "the changelog whose Unreleased Breaking list is read")
	apidiff := fs.String("apidiff", "", "apidiff.sh's report")
	oasdiff := fs.String("oasdiff", "", "oasdiff breaking's JSON output")
	if fs.Parse(args) != nil || fs.NArg() != 0 || (*apidiff == "") == (*oasdiff == "") {
		_, _ = fmt.Fprintln(stderr, "usage: breakinglist -changelog CHANGELOG.md (-apidiff REPORT | -oasdiff CHANGES.json)")
		return 2
	}
	log, err := os.ReadFile(*changelog)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "breakinglist: %v\n", err)
		return 2
	}
	list := breakingList(string(log))
	var changes []change
	if *apidiff != "" {
		data, err := os.ReadFile(*apidiff)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "breakinglist: %v\n", err)
			return 2
		}
		changes = apidiffChanges(string(data))
	} else {
		data, err := os.ReadFile(*oasdiff)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "breakinglist: %v\n", err)
			return 2
		}
		if changes, err = oasdiffChanges(data); err != nil {
			_, _ = fmt.Fprintf(stderr, "breakinglist: %s: %v\n", *oasdiff, err)
			return 2
		}
	}
	missing := 0
	for _, c := range changes {
		if !named(list, c.names) {
			if missing == 0 {
				_, _ = fmt.Fprintf(stdout, "Not named in the Breaking list of %s's Unreleased section:\n", *changelog)
			}
			missing++
			_, _ = fmt.Fprintf(stdout, "  %s: %s   (name it: `%s`)\n", c.where, c.what, c.names[0])
		}
	}
	if missing > 0 {
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "every incompatible change (%d) is named in the Breaking list\n", len(changes))
	return 0
}

// breakingList is the text under "### Breaking" in the "## [Unreleased]" section, up to the
// next heading of level 2 or 3; "" when there is none.
func breakingList(log string) string {
	var b strings.Builder
	inUnreleased, inBreaking := false, false
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			inUnreleased = strings.HasPrefix(line, "## [Unreleased]")
			inBreaking = false
		case strings.HasPrefix(line, "### "):
			inBreaking = inUnreleased && strings.TrimSpace(strings.TrimPrefix(line, "### ")) == "Breaking"
		case inBreaking:
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// named reports whether text has one of names with no identifier character on either side.
func named(text string, names []string) bool {
	for _, n := range names {
		re := regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(n) + `($|[^A-Za-z0-9_])`)
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// apidiffChanges reads the incompatible changes of apidiff.sh's report.
func apidiffChanges(report string) []change {
	var out []change
	pkg, incompatible := "", false
	sc := bufio.NewScanner(strings.NewReader(report))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			pkg = strings.Fields(strings.TrimPrefix(line, "=== "))[0]
			incompatible = false
		case line == "removed" && pkg != "":
			out = append(out, change{where: pkg, what: "package removed", names: []string{pkg}})
		case line == "Incompatible changes:":
			incompatible = true
		case strings.HasSuffix(line, "changes:") && !strings.HasPrefix(line, "- "):
			incompatible = false
		case incompatible && strings.HasPrefix(line, "- "):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "- "), ":")
			out = append(out, change{where: pkg, what: strings.TrimPrefix(line, "- "), names: goNames(name)})
		}
	}
	return out
}

// receiver matches a method's name as apidiff writes it: "(*T).M" or "(T).M".
var receiver = regexp.MustCompile(`^\(\*?([A-Za-z0-9_]+)\)\.(.+)$`)

// goNames are the ways to write an apidiff name: as written, and "T.M" for a method.
func goNames(name string) []string {
	if m := receiver.FindStringSubmatch(name); m != nil {
		return []string{m[1] + "." + m[2], name}
	}
	return []string{name}
}

// oasdiffJSON is one change of `oasdiff breaking --format json`.
type oasdiffJSON struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Operation string `json:"operation"`
	Path      string `json:"path"`
	Level     int    `json:"level"`
}

// levelError is oasdiff's level of an error (WARN is 2, INFO 1): the changes --fail-on ERR fails on.
const levelError = 3

// property is the first `quoted` token of an oasdiff text.
var property = regexp.MustCompile("`([^`]+)`")

// oasdiffChanges reads oasdiff's changes.
func oasdiffChanges(data []byte) ([]change, error) {
	var list []oasdiffJSON
	if len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, err
		}
	}
	var out []change
	for _, c := range list {
		if c.Level < levelError {
			continue
		}
		ch := change{where: strings.TrimSpace(c.Operation + " " + c.Path), what: fmt.Sprintf("[%s] %s", c.ID, c.Text)}
		if m := property.FindStringSubmatch(c.Text); m != nil && strings.Contains(c.ID, "property") {
			p := strings.Trim(m[1], "/")
			ch.names = []string{p, p[strings.LastIndex(p, "/")+1:]}
		} else {
			ch.names = []string{c.ID}
		}
		out = append(out, ch)
	}
	return out, nil
}
