package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestBarIsProportionalInEighths(t *testing.T) {
	for _, tc := range []struct {
		n, most, width int
		want           string
	}{
		{0, 10, 8, ""},
		{10, 10, 4, "████"},
		{5, 10, 4, "██"},
		{1, 10, 4, "▍"},   // 3.2 eighths round to 3
		{1, 1000, 4, "▏"}, // never invisible
		{7, 8, 1, "▉"},    // 7 eighths
		{3, 4, 2, "█▌"},   // 12 eighths
		{-1, 10, 4, ""},
	} {
		if got := bar(tc.n, tc.most, tc.width); got != tc.want {
			t.Errorf("bar(%d, %d, %d) = %q, want %q", tc.n, tc.most, tc.width, got, tc.want)
		}
	}
}

func TestDaysFillTheGapsAndWeeksStartOnMonday(t *testing.T) {
	got := days(map[string]int{"2025-11-03": 5, "2025-11-06": 2})
	want := []dayCount{{"2025-11-03", 5}, {"2025-11-04", 0}, {"2025-11-05", 0}, {"2025-11-06", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("days = %v", got)
	}
	// 2025-11-02 is a Sunday, 2025-11-03 a Monday.
	w := weeks([]dayCount{{"2025-11-02", 1}, {"2025-11-03", 2}, {"2025-11-09", 3}, {"2025-11-10", 4}})
	if want := []dayCount{{"2025-10-27", 1}, {"2025-11-03", 5}, {"2025-11-10", 4}}; !reflect.DeepEqual(w, want) {
		t.Fatalf("weeks = %v, want %v", w, want)
	}
}

func TestChartGoesWeeklyOverLongSpans(t *testing.T) {
	var buf bytes.Buffer
	chart(&printer{w: &buf}, days(map[string]int{"2025-01-01": 3, "2025-06-30": 1}))
	out := buf.String()
	if !strings.Contains(out, "week of 2024-12-30") || strings.Count(out, "\n") > 30 {
		t.Fatalf("a six-month span:\n%s", out)
	}
}
