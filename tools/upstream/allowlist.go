package upstream

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
)

// Allowed is one deliberate difference between the spec and the slice: findings of Kind whose
// path matches Pattern are expected, for Reason.
type Allowed struct {
	Kind    string
	Pattern Path
	Reason  string
	Line    int
}

// String is the entry as written in the file.
func (a Allowed) String() string {
	return fmt.Sprintf("%s %s %s", a.Kind, a.Pattern, a.Reason)
}

// ReadAllowlist reads an allowlist file. Each line that is neither blank nor a comment (#) is
// `KIND PATH REASON…`: a finding kind (see [Check]), a path pattern (see [Path.Matches]) and
// the reason, which is required.
func ReadAllowlist(name string) ([]Allowed, error) {
	data, err := os.ReadFile(name) //nolint:gosec // G304: the allowlist named by the caller
	if err != nil {
		return nil, err
	}
	list, err := ParseAllowlist(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return list, nil
}

// ParseAllowlist is [ReadAllowlist] on bytes.
func ParseAllowlist(data []byte) ([]Allowed, error) {
	var out []Allowed
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, _ := strings.Cut(line, " ")
		path, reason := splitPath(strings.TrimSpace(rest))
		if path == "" || reason == "" {
			return nil, fmt.Errorf("line %d: want KIND PATH REASON, got %q", n, line)
		}
		if !knownKinds[kind] {
			return nil, fmt.Errorf("line %d: unknown kind %q", n, kind)
		}
		p, err := ParsePath(path)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, Allowed{Kind: kind, Pattern: p, Reason: reason, Line: n})
	}
	return out, sc.Err()
}

// applyAllowlist drops the findings an entry allows, and adds one finding for each entry that
// allows nothing (a stale entry hides the next real difference).
func applyAllowlist(findings []Finding, allow []Allowed) []Finding {
	used := make([]bool, len(allow))
	var out []Finding
	for _, f := range findings {
		ok := false
		for i, a := range allow {
			if a.Kind == f.Kind && a.Pattern.Matches(f.Path) {
				used[i], ok = true, true
			}
		}
		if !ok {
			out = append(out, f)
		}
	}
	for i, a := range allow {
		if !used[i] {
			out = append(out, Finding{Path: a.Pattern, Kind: KindStale,
				What: fmt.Sprintf("allowlist line %d (%s) matches no difference: remove it", a.Line, a.Kind)})
		}
	}
	return out
}

// splitPath splits s at the first space outside a quoted path segment: the path, then the rest.
func splitPath(s string) (path, rest string) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ' ' || c == '\t'):
			return s[:i], strings.TrimSpace(s[i:])
		}
	}
	return s, ""
}
