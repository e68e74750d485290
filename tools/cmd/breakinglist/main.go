// Command breakinglist checks that every incompatible change a compatibility tool reports is
// named in the Breaking list of CHANGELOG.md's Unreleased section, so that a pull request cannot
// wave a change through with a heading that is already there.
//
// Usage:
//
//	breakinglist -changelog CHANGELOG.md -apidiff REPORT
//	breakinglist -changelog CHANGELOG.md -oasdiff CHANGES.json
//
// REPORT is apidiff.sh's output: for each package, a "=== <import path> against <ref>" line, then
// apidiff's report ("Incompatible changes:" and "- Name: what" lines) or "removed". Each
// incompatible change is named by its Go name as apidiff writes it ("Consumer.LastGeoCounty",
// "(*Server).FailNext" — which may also be written "Server.FailNext"); a removed package by its
// import path.
//
// CHANGES.json is `oasdiff breaking --format json`'s output. A change of a property is named by
// the property's path as oasdiff writes it ("items/consumer/lastGeoCity") or by the property's
// own name ("lastGeoCity"); any other change by its rule id ("response-success-status-removed").
//
// A name counts when the Breaking list (the lines under "### Breaking" in "## [Unreleased]", up to
// the next heading) has it with no letter, digit or underscore on either side. It prints each
// change that is not named and exits 1 when there is one, 0 when every change is named (or there
// is none), 2 on misuse.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
