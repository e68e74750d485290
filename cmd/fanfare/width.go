package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terminal text: names come from many scripts, so the table measures cells in terminal columns
// (wide East Asian characters and emoji take two, combining marks none) rather than in bytes
// or runes, and replaces control characters so that no value can move the cursor or inject an
// escape sequence.

// sanitize makes s safe to print on a terminal: a newline or tab becomes a space, any other
// control character (C0, DEL, C1, including ESC) becomes U+FFFD, and so does invalid UTF-8.
func sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r < ' ' || (r >= 0x7f && r < 0xa0) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case r < ' ' || (r >= 0x7f && r < 0xa0):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// runeWidth is the number of terminal columns r takes: 0, 1 or 2.
func runeWidth(r rune) int {
	switch {
	case r == 0 || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200b' || r == '\u200d':
		return 0
	case isWide(r):
		return 2
	}
	return 1
}

// isWide reports whether r is East Asian wide or full-width, or an emoji presented as one.
func isWide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115f) || (r >= 0x2e80 && r <= 0x303e) || (r >= 0x3041 && r <= 0x33ff) ||
		(r >= 0x3400 && r <= 0x4dbf) || (r >= 0x4e00 && r <= 0x9fff) || (r >= 0xa000 && r <= 0xa4cf) ||
		(r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) ||
		(r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6) || (r >= 0x1f300 && r <= 0x1f64f) ||
		(r >= 0x1f900 && r <= 0x1f9ff) || (r >= 0x20000 && r <= 0x3fffd)
}

// displayWidth is the number of terminal columns s takes.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// fit truncates s to at most width columns, ending it with "…" when cut, and pads it with
// spaces to exactly width columns.
func fit(s string, width int) string {
	w := displayWidth(s)
	if w > width {
		var b strings.Builder
		used := 0
		for _, r := range s {
			rw := runeWidth(r)
			if used+rw > width-1 {
				break
			}
			b.WriteRune(r)
			used += rw
		}
		b.WriteString("…")
		s, w = b.String(), used+1
	}
	return s + strings.Repeat(" ", max(width-w, 0))
}
