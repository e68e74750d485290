package docs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

// A block is one ```go block of a Markdown file.
//
// A block is a whole Go file unless the line before its fence marks it as a fragment:
//
//	<!-- fragment -->                                 top-level declarations, or statements
//	<!-- fragment: s *clienttest.Server -->           statements using these names
//	<!-- fragment: (c *client.Client) error -->       statements that may return an error
//	<!-- recipe -->                                   statements run by a test against the fake
//
// A fragment is compiled in a file of its own with the imports it uses (from knownImports);
// statements are wrapped in a function: "fragment:" is followed by its parameters, or by its
// whole signature when that starts with "(". A function with results whose fragment does not end
// in a return statement ends in a panic, so that it compiles.
//
// A recipe is statements with the signature recipeSignature, compiled as the function Recipe and
// run by a test of its own (recipeTest) against the fake, twice, in an empty directory.
type block struct {
	line      int    // the line of the block's first line of code, from 1
	section   string // the "## " heading the block is under
	fragment  bool
	recipe    bool
	signature string // the wrapping function's parameters or signature, for a fragment of statements
	code      string // the code, without the indentation of its fence
}

var fragmentMark = regexp.MustCompile(`^<!-- fragment(?::\s*(.*?))?\s*-->$`)

// recipeMark marks a recipe.
var recipeMark = regexp.MustCompile(`^<!-- recipe\s*-->$`)

// recipeSignature is the signature of every recipe: what the README says it is given.
const recipeSignature = "(ctx context.Context, c *client.Client, sequenceID string) error"

// recipeTest is the test beside each recipe: it runs the recipe against the fake, serving a
// synthetic waitlist that changes between reads and two 503s before the first, and fails on
// an error.
const recipeTest = `package readme

import (
	"testing"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestRecipe(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq_123", 300, 1, clienttest.Evolving(2))
	s.Enqueue(clienttest.Status(503), clienttest.Status(503))
	t.Chdir(t.TempDir())
	for run := 1; run <= 2; run++ {
		if err := Recipe(t.Context(), s.Client(), "seq_123"); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
}
`

// goBlocks returns the ```go blocks of a Markdown text.
func goBlocks(markdown string) ([]block, error) {
	var (
		blocks  []block
		section string
		open    *block
		indent  string
		code    []string
	)
	lines := strings.Split(markdown, "\n")
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if open != nil {
			if trimmed == "```" {
				open.code = strings.Join(code, "\n") + "\n"
				blocks = append(blocks, *open)
				open, code = nil, nil
				continue
			}
			if !strings.HasPrefix(line, indent) && trimmed != "" {
				return nil, fmt.Errorf("line %d: a line of a go block is indented less than its fence", i+1)
			}
			code = append(code, strings.TrimPrefix(line, indent))
			continue
		}
		if h, ok := strings.CutPrefix(line, "## "); ok {
			section = h
		}
		info, ok := strings.CutPrefix(trimmed, "```")
		if lang, _, _ := strings.Cut(info, " "); !ok || lang != "go" {
			continue
		}
		open = &block{line: i + 2, section: section}
		indent = line[:len(line)-len(strings.TrimLeft(line, " "))]
		if i > 0 {
			if m := fragmentMark.FindStringSubmatch(strings.TrimSpace(lines[i-1])); m != nil {
				open.fragment, open.signature = true, m[1]
			}
			if recipeMark.MatchString(strings.TrimSpace(lines[i-1])) {
				open.fragment, open.recipe, open.signature = true, true, recipeSignature
			}
		}
	}
	if open != nil {
		return nil, fmt.Errorf("line %d: a go block is never closed", open.line-1)
	}
	return blocks, nil
}

// knownImports are the packages a fragment may use without importing them, by name.
var knownImports = map[string]string{
	"changes":    "github.com/fanfare-go/fanfare/client/changes",
	"client":     "github.com/fanfare-go/fanfare/client",
	"clienttest": "github.com/fanfare-go/fanfare/client/clienttest",
	"context":    "context",
	"csv":        "encoding/csv",
	"errors":     "errors",
	"fmt":        "fmt",
	"json":       "encoding/json",
	"http":       "net/http",
	"log":        "log",
	"os":         "os",
	"otelhttp":   "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp",
	"slog":       "log/slog",
	"testing":    "testing",
	"time":       "time",
}

// source returns the block as a Go file named by the //line directives after the Markdown file
// (so compile errors name its lines), and whether it declares tests.
func (b block) source(file string) (src string, hasTests bool, err error) {
	directive := fmt.Sprintf("//line %s:%d\n", file, b.line)
	body := directive + b.code
	if !b.fragment {
		if _, err := parser.ParseFile(token.NewFileSet(), file, body, parser.PackageClauseOnly); err != nil {
			return "", false, fmt.Errorf("a go block that is not a whole file needs <!-- fragment --> on the line before it: %w", err)
		}
		return body, strings.Contains(b.code, "\nfunc Test"), nil
	}
	if b.signature == "" {
		if _, err := parser.ParseFile(token.NewFileSet(), "", "package readme\n"+body, 0); err == nil {
			return withImports(body), strings.HasPrefix(b.code, "func Test") || strings.Contains(b.code, "\nfunc Test"), nil
		}
	}
	sig := b.signature
	if !strings.HasPrefix(sig, "(") {
		sig = "(" + sig + ")"
	}
	name := "_"
	if b.recipe {
		name = "Recipe"
	}
	wrapped := "func " + name + sig + " {\n" + body + "}\n"
	f, err := parser.ParseFile(token.NewFileSet(), file, "package readme\n"+wrapped, 0)
	if err != nil {
		return "", false, fmt.Errorf("a fragment that is neither declarations nor statements: %w", err)
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	if n := len(fn.Body.List); fn.Type.Results != nil && (n == 0 || !isReturn(fn.Body.List[n-1])) {
		wrapped = "func " + name + sig + " {\n" + body + "\tpanic(\"the README's fragment ends here\")\n}\n"
	}
	return withImports(wrapped), false, nil
}

func isReturn(s ast.Stmt) bool {
	_, ok := s.(*ast.ReturnStmt)
	return ok
}

// withImports puts a package clause and the imports of knownImports the code uses before it.
func withImports(code string) string {
	// The parser's object resolution leaves the names no declaration of the file binds
	// unresolved: package names among them.
	used := map[string]bool{}
	if f, err := parser.ParseFile(token.NewFileSet(), "", "package readme\n"+code, 0); err == nil {
		for _, id := range f.Unresolved {
			used[id.Name] = true
		}
	}
	var paths []string
	for name, path := range knownImports {
		if used[name] {
			paths = append(paths, path)
		}
	}
	slices.Sort(paths)
	var b strings.Builder
	b.WriteString("package readme\n\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "import %q\n", p)
	}
	b.WriteString("\n")
	b.WriteString(code)
	return b.String()
}
