package main

import (
	"strings"
	"testing"
)

// A benchstat -format csv table, as benchstat writes it.
const sampleCSV = `goos: linux
,naive,,ogen,,,,sdk-iter,,,
,B/s,CI,B/s,CI,vs base,P,B/s,CI,vs base,P
Waitlist/src=pre/n=1000-2,2e+07,∞,5e+07,∞,~,p=0.333 n=2,1.5e+08,∞,~,p=0.333 n=2
geomean,2e+07,,5e+07,,+150.00%,,1.5e+08,,+650.00%,

,naive,,ogen,,,,sdk-iter,,,
,B/op,CI,B/op,CI,vs base,P,B/op,CI,vs base,P
Waitlist/src=pre/n=1000-2,1048576,∞,2097152,∞,~,p=0.333 n=2,524288,∞,~,p=0.333 n=2
`

func TestRatios(t *testing.T) {
	var out strings.Builder
	if err := run(strings.NewReader(sampleCSV), &out, "sdk-iter/ogen", []string{"B/s", "B/op"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| benchmark | naive | ogen | sdk-iter | sdk-iter / ogen |",
		"| Waitlist/src=pre/n=1000 | 20 MB/s | 50 MB/s (2.50×) | 150 MB/s (7.50×) | 3.00× |",
		"| Waitlist/src=pre/n=1000 | 1.0 MiB | 2.0 MiB (2.00×) | 512.0 KiB (0.50×) | 0.25× |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no line %q in\n%s", want, out.String())
		}
	}
}
