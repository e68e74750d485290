package upstream

import (
	"fmt"
	"regexp"
	"strings"
)

// Path names a place in a slice as JSON path segments, from the slice's root.
type Path []string

// plainSegment is a segment written after a dot; any other is written in brackets, quoted.
var plainSegment = regexp.MustCompile(`^[A-Za-z0-9_*-]+$`)

// With returns the path extended by segs, never sharing p's backing array.
func (p Path) With(segs ...string) Path {
	out := make(Path, 0, len(p)+len(segs))
	return append(append(out, p...), segs...)
}

// String writes the path as `$.a.b["c/d"]`.
func (p Path) String() string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range p {
		if plainSegment.MatchString(s) {
			b.WriteString(".")
			b.WriteString(s)
			continue
		}
		fmt.Fprintf(&b, "[%q]", s)
	}
	return b.String()
}

// ParsePath reads a path written by [Path.String]. In a pattern, a segment `*` matches any
// one segment and `**` any number of them (see [Path.Matches]).
func ParsePath(s string) (Path, error) {
	if !strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("path %q does not start with $", s)
	}
	rest := s[1:]
	var p Path
	for rest != "" {
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			seg := rest[1 : 1+end]
			if !plainSegment.MatchString(seg) {
				return nil, fmt.Errorf("path %q: segment %q must be written in brackets", s, seg)
			}
			p = append(p, seg)
			rest = rest[1+end:]
		case '[':
			seg, n, err := quoted(rest[1:])
			if err != nil || n+1 >= len(rest) || rest[1+n] != ']' {
				return nil, fmt.Errorf("path %q: a bracket must hold one quoted string", s)
			}
			p = append(p, seg)
			rest = rest[n+2:]
		default:
			return nil, fmt.Errorf("path %q: unexpected %q", s, rest[0])
		}
	}
	return p, nil
}

// quoted reads a Go-quoted string at the start of s, returning it and the bytes it used.
func quoted(s string) (string, int, error) {
	if s == "" || s[0] != '"' {
		return "", 0, fmt.Errorf("no quoted string")
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			var out string
			_, err := fmt.Sscanf(s[:i+1], "%q", &out)
			return out, i + 1, err
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}

// Matches reports whether the pattern p matches path: a `*` segment matches any one segment,
// `**` any run of segments (none included); every other segment matches itself.
func (p Path) Matches(path Path) bool {
	if len(p) == 0 {
		return len(path) == 0
	}
	switch p[0] {
	case "**":
		for i := 0; i <= len(path); i++ {
			if p[1:].Matches(path[i:]) {
				return true
			}
		}
		return false
	case "*":
		return len(path) > 0 && p[1:].Matches(path[1:])
	}
	return len(path) > 0 && p[0] == path[0] && p[1:].Matches(path[1:])
}
