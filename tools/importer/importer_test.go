// Package importer checks what a program that imports the SDK inherits: the root module's
// dependency graph is every importer's, so it must stay the generated code's runtime and what
// that needs.
package importer

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// allowed is the whole module graph an importer may see, besides itself and the SDK.
var allowed = []string{
	"github.com/oapi-codegen/runtime",
	"github.com/google/uuid",             // required by the runtime
	"github.com/apapsch/go-jsonmerge/v2", // required by the runtime
}

// maxModules is the most modules `go list -m all` may show in an importer, besides the importer
// itself: the SDK, the runtime and the modules the runtime's go.mod names.
const maxModules = 14

func TestThrowawayImporterInheritsOnlyTheRuntime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a throwaway module")
	}
	_, file, _, _ := runtime.Caller(0)
	root, err := filepath.Abs(filepath.Join(filepath.Dir(file), "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/importer\n\ngo 1.26.0\n\nrequire github.com/fanfare-go/fanfare v0.0.0\n\nreplace github.com/fanfare-go/fanfare => "+root+"\n")
	write("main.go", `package main

import (
	"context"
	"fmt"

	"github.com/fanfare-go/fanfare/client"
)

func main() {
	c, err := client.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	entries, err := c.ListWaitlistConsumers(context.Background(), "seq")
	fmt.Println(len(entries), err)
}
`)
	run := func(args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mod", "tidy")
	run("build", "./...")
	// What is compiled into an importer: the SDK, the runtime, and what the runtime imports.
	var compiled []string
	for _, path := range strings.Fields(run("list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", ".")) {
		if path == "example.com/importer" || path == "github.com/fanfare-go/fanfare" || slices.Contains(compiled, path) {
			continue
		}
		if !slices.Contains(allowed, path) {
			t.Errorf("an importer compiles code from %s", path)
		}
		compiled = append(compiled, path)
	}
	if !slices.Contains(compiled, "github.com/oapi-codegen/runtime") {
		t.Errorf("the runtime is not compiled in (%v): is the check looking at the right program?", compiled)
	}

	// The module graph: the SDK may add nothing of its own to what the runtime's go.mod names,
	// and the whole graph stays small (scanners read every module of it: runtime v1.8.0's go.mod
	// named gin, echo and iris, 81 modules in all; v1.9.0's names 12).
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(run("mod", "graph")), "\n") {
		f := strings.Fields(line)
		graph[f[0]] = append(graph[f[0]], f[1])
	}
	reach := map[string]bool{}
	var walk func(string)
	walk = func(node string) {
		for _, next := range graph[node] {
			if !reach[next] {
				reach[next] = true
				walk(next)
			}
		}
	}
	var sdkRequires []string
	for _, req := range graph["github.com/fanfare-go/fanfare@v0.0.0"] {
		sdkRequires = append(sdkRequires, req)
		if strings.HasPrefix(req, "github.com/oapi-codegen/runtime@") {
			reach[req] = true
			walk(req)
		}
	}
	if len(sdkRequires) == 0 {
		t.Fatalf("go mod graph shows no requirement of the SDK: is the check reading the graph right?")
	}
	for _, req := range sdkRequires {
		if !reach[req] {
			t.Errorf("the SDK requires %s, which is not the runtime nor one of its needs", req)
		}
	}
	modules := strings.Split(strings.TrimSpace(run("list", "-m", "all")), "\n")
	if inherited := len(modules) - 1; inherited > maxModules { // the importer itself is not inherited
		t.Errorf("go list -m all in an importer shows %d modules besides the importer, want at most %d:\n%s",
			inherited, maxModules, strings.Join(modules, "\n"))
	}
	for _, line := range modules {
		f := strings.Fields(line)
		if f[0] == "example.com/importer" || f[0] == "github.com/fanfare-go/fanfare" || len(f) < 2 {
			continue
		}
		if !reach[f[0]+"@"+f[1]] {
			t.Errorf("go list -m all shows %s, which the runtime does not need", line)
		}
	}
}
