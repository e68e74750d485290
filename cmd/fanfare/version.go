package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is the release's version, set by the release build (GoReleaser's
// -ldflags "-X main.version={{.Version}}"). Empty in any other build.
var version string

// develVersion is what the build information says of a main module built from a checkout
// without version control stamping (go build -buildvcs=false, or a copy outside git).
const develVersion = "(devel)"

// buildVersion says which version of the module this binary was built from: the release
// build's version, else the main module's version in the build information (the tag, for
// `go install github.com/fanfare-go/fanfare/cmd/fanfare@vX`; a pseudo-version for a build in a git
// checkout), else "(devel)".
func buildVersion(release string, info *debug.BuildInfo, ok bool) string {
	if release != "" {
		return "v" + strings.TrimPrefix(release, "v")
	}
	if ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return develVersion
}

// printVersion writes the one line of `fanfare --version`: the module version, the Go release
// it was built with, and the platform.
func printVersion(w io.Writer) {
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintf(w, "fanfare %s (%s %s/%s)\n", buildVersion(version, info, ok), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
