package upstream

import (
	"fmt"
	"io"
)

// Exit codes of a diff: nothing changed, a change can break a client, every change is
// compatible. (2 is misuse, for the command.)
const (
	DiffSame       = 0
	DiffBreaking   = 1
	DiffCompatible = 3
)

// DiffCode is the exit code for a list of changes.
func DiffCode(changes []Change) int {
	code := DiffSame
	for _, c := range changes {
		if c.Breaking {
			return DiffBreaking
		}
		code = DiffCompatible
	}
	return code
}

// WriteReport writes the Markdown report of the changes from old to next.
func WriteReport(w io.Writer, old, next *Slice, changes []Change) error {
	ew := &errWriter{w: w}
	ew.printf("## Upstream changes to `GET %s`\n\n", next.Path)
	ew.printf("From %s to %s.\n\n", describe(old), describe(next))
	if len(changes) == 0 {
		ew.printf("No changes for this endpoint.\n")
		return ew.err
	}
	for _, section := range []struct {
		title    string
		breaking bool
	}{{"Can break a client", true}, {"Compatible", false}} {
		n := 0
		for _, c := range changes {
			if c.Breaking != section.breaking {
				continue
			}
			if n == 0 {
				ew.printf("### %s\n\n", section.title)
			}
			n++
			ew.printf("- `%s`: %s\n", c.Path, c.What)
		}
		if n > 0 {
			ew.printf("\n")
		}
	}
	return ew.err
}

// describe names where a slice was read, when it says so.
func describe(s *Slice) string {
	commit, _ := s.Source["commit"].(string)
	if commit == "" {
		return "a slice of unrecorded origin (sha256 `" + s.SHA256()[:12] + "`)"
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	repo, _ := s.Source["repo"].(string)
	if repo == "" {
		repo, _ = s.Source["repository"].(string)
	}
	if repo == "" {
		return "commit `" + commit + "`"
	}
	return "`" + repo + "@" + commit + "`"
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
