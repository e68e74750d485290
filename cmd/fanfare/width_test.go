package main

import "testing"

func TestDisplayWidthCountsTerminalColumns(t *testing.T) {
	for s, want := range map[string]int{
		"": 0, "Ada": 3, "Zoë": 3, "東京": 4, "山田 Yamada": 11, "👟": 2, "e\u0301": 1, "محمد": 4,
	} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFitTruncatesAndPadsToColumns(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  string
	}{
		{"Ada", 5, "Ada  "},
		{"Lovelace", 5, "Love…"},
		{"東京都庁", 5, "東京…"},
		{"東京都庁", 6, "東京… "},
		{"exact", 5, "exact"},
	} {
		got := fit(tc.s, tc.width)
		if got != tc.want || displayWidth(got) != tc.width {
			t.Errorf("fit(%q, %d) = %q (%d columns), want %q", tc.s, tc.width, got, displayWidth(got), tc.want)
		}
	}
}

func TestSanitizeRemovesControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"plain Zoë":             "plain Zoë",
		"two\nlines\tand\rmore": "two lines and more",
		"\x1b[31mred\x1b[0m":    "\ufffd[31mred\ufffd[0m",
		"bell\x07 c1\u009b":     "bell\ufffd c1\ufffd",
		"bad \xff utf8":         "bad \ufffd utf8",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
