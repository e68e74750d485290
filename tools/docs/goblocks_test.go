package docs

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

const sampleMarkdown = "# T\n" + // 1
	"## One\n" + // 2
	"```go\n" + // 3
	"package main\n" + // 4
	"\n" + // 5
	"func main() {}\n" + // 6
	"```\n" + // 7
	"```sh\n" + // 8
	"go test\n" + // 9
	"```\n" + // 10
	"## Two\n" + // 11
	"- a list item:\n" + // 12
	"  <!-- fragment: s *clienttest.Server -->\n" + // 13
	"  ```go\n" + // 14
	"  s.Enqueue(clienttest.Status(503))\n" + // 15
	"  ```\n" + // 16
	"<!-- fragment: (ctx context.Context, c *client.Client) error -->\n" + // 17
	"```go\n" + // 18
	"for _, err := range c.WaitlistConsumers(ctx, \"seq\") {\n" + // 19
	"\tif err != nil {\n" + // 20
	"\t\treturn err\n" + // 21
	"\t}\n" + // 22
	"}\n" + // 23
	"```\n" + // 24
	"<!-- fragment -->\n" + // 25
	"```go\n" + // 26
	"func TestX(t *testing.T) { t.Log(time.Now()) }\n" + // 27
	"```\n" + // 28
	"```go\n" + // 29
	"fmt.Println(1)\n" + // 30
	"```\n" // 31

func TestGoBlocksAndTheirSources(t *testing.T) {
	blocks, err := goBlocks(sampleMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		line      int
		section   string
		fragment  bool
		signature string
		firstCode string
	}
	wants := []want{
		{4, "One", false, "", "package main"},
		{15, "Two", true, "s *clienttest.Server", "s.Enqueue(clienttest.Status(503))"},
		{19, "Two", true, "(ctx context.Context, c *client.Client) error", "for _, err := range"},
		{27, "Two", true, "", "func TestX"},
		{30, "Two", false, "", "fmt.Println(1)"},
	}
	if len(blocks) != len(wants) {
		t.Fatalf("%d blocks, want %d: %+v", len(blocks), len(wants), blocks)
	}
	for i, w := range wants {
		b := blocks[i]
		if b.line != w.line || b.section != w.section || b.fragment != w.fragment || b.signature != w.signature ||
			!strings.HasPrefix(b.code, w.firstCode) {
			t.Errorf("block %d: %+v, want %+v", i, b, w)
		}
	}

	for i, tc := range []struct {
		imports  []string
		contains string
		tests    bool
	}{
		{nil, "//line README.md:4\npackage main", false},
		{[]string{`"github.com/fanfare-go/fanfare/client/clienttest"`}, "func _(s *clienttest.Server) {\n//line README.md:15\n", false},
		{[]string{`"context"`, `"github.com/fanfare-go/fanfare/client"`}, "\tpanic(", false},
		{[]string{`"testing"`, `"time"`}, "//line README.md:27\nfunc TestX", true},
	} {
		src, tests, err := blocks[i].source("README.md")
		if err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "", src, 0); err != nil {
			t.Errorf("block %d does not parse: %v\n%s", i, err, src)
		}
		if !strings.Contains(src, tc.contains) || tests != tc.tests {
			t.Errorf("block %d: tests %v, source lacks %q:\n%s", i, tests, tc.contains, src)
		}
		for _, imp := range tc.imports {
			if !strings.Contains(src, "import "+imp) {
				t.Errorf("block %d does not import %s:\n%s", i, imp, src)
			}
		}
		if strings.Count(src, "import ") != len(tc.imports) {
			t.Errorf("block %d imports more than it uses:\n%s", i, src)
		}
	}
	if _, _, err := blocks[4].source("README.md"); err == nil || !strings.Contains(err.Error(), "README.md:30") {
		t.Errorf("an unmarked block of statements: %v, want an error at README.md:30", err)
	}
}
