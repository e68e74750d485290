// Command ratios turns benchstat's CSV output (benchstat -format csv -col /path …) into
// Markdown tables of medians with their ratio to the first column (the base path), plus the
// ratio of two chosen paths, for BENCHMARKS.md:
//
//	go tool benchstat -format csv -col '/path@(naive …)' bench.txt | go run ./bench/cmd/ratios -pair sdk-iter/ogen
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	pair := flag.String("pair", "sdk-iter/ogen", "two paths whose ratio gets a column of its own (a/b)")
	units := flag.String("units", "B/s,cpu-sec/op,B/op,allocs/op", "the benchstat units to print, comma-separated")
	flag.Parse()
	if err := run(os.Stdin, os.Stdout, *pair, strings.Split(*units, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}

// section is one benchstat table: a unit, its columns (paths) and rows of medians.
type section struct {
	unit  string
	paths []string
	cols  []int // the CSV column of each path's median
	rows  [][]string
}

func run(in io.Reader, out io.Writer, pair string, units []string) error {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return err
	}
	var sections []*section
	for i := 0; i < len(records); i++ {
		rec := records[i]
		// A table starts with a header of paths, then one of units.
		if len(rec) > 1 && rec[0] == "" && rec[1] != "" && i+1 < len(records) && len(records[i+1]) > 1 && records[i+1][0] == "" {
			s := &section{unit: records[i+1][1]}
			for c, name := range rec {
				if name != "" {
					s.paths = append(s.paths, name)
					s.cols = append(s.cols, c)
				}
			}
			i++
			for i+1 < len(records) && len(records[i+1]) > 1 && records[i+1][0] != "" {
				i++
				if records[i][0] != "geomean" {
					s.rows = append(s.rows, records[i])
				}
			}
			sections = append(sections, s)
		}
	}
	a, b, _ := strings.Cut(pair, "/")
	for _, unit := range units {
		for _, s := range sections {
			if s.unit == unit {
				printSection(out, s, a, b)
			}
		}
	}
	return nil
}

// printSection prints one table of medians with their ratios.
func printSection(out io.Writer, s *section, a, b string) {
	fmt.Fprintf(out, "\n%s, median (ratio to %s)\n\n| benchmark |", s.unit, s.paths[0])
	for _, p := range s.paths {
		fmt.Fprintf(out, " %s |", p)
	}
	ia, ib := index(s.paths, a), index(s.paths, b)
	if ia >= 0 && ib >= 0 {
		fmt.Fprintf(out, " %s / %s |", a, b)
	}
	fmt.Fprint(out, "\n|---|")
	for range s.paths {
		fmt.Fprint(out, "---:|")
	}
	if ia >= 0 && ib >= 0 {
		fmt.Fprint(out, "---:|")
	}
	fmt.Fprintln(out)
	for _, row := range s.rows {
		vals := make([]float64, len(s.cols))
		for k, c := range s.cols {
			if c < len(row) {
				vals[k], _ = strconv.ParseFloat(row[c], 64)
			}
		}
		fmt.Fprintf(out, "| %s |", strings.TrimSuffix(row[0], "-2"))
		for k, v := range vals {
			if k == 0 || vals[0] == 0 {
				fmt.Fprintf(out, " %s |", human(v, s.unit))
			} else {
				fmt.Fprintf(out, " %s (%.2f×) |", human(v, s.unit), v/vals[0])
			}
		}
		if ia >= 0 && ib >= 0 && vals[ib] != 0 {
			fmt.Fprintf(out, " %.2f× |", vals[ia]/vals[ib])
		}
		fmt.Fprintln(out)
	}
}

func index(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// human prints a median in the unit's usual scale.
func human(v float64, unit string) string {
	switch unit {
	case "B/s":
		return fmt.Sprintf("%.0f MB/s", v/1e6)
	case "B/op":
		switch {
		case v >= 1<<20:
			return fmt.Sprintf("%.1f MiB", v/(1<<20))
		case v >= 1<<10:
			return fmt.Sprintf("%.1f KiB", v/(1<<10))
		}
		return fmt.Sprintf("%.0f B", v)
	case "sec/op", "cpu-sec/op":
		switch {
		case v >= 1:
			return fmt.Sprintf("%.2f s", v)
		case v >= 1e-3:
			return fmt.Sprintf("%.2f ms", v*1e3)
		}
		return fmt.Sprintf("%.1f µs", v*1e6)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
