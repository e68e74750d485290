package main

import "github.com/fanfare-go/fanfare/tools/formats"

// defineFormats registers the string formats the spec uses (uuid, email, decimal; strictly, as
// package formats defines them), so that kin-openapi checks example values against them and,
// with format validation on, refuses any other unknown format.
func defineFormats() { formats.Define() }
