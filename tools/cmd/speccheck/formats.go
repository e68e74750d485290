package main

import "github.com/getkin/kin-openapi/openapi3"

// decimalPattern is a decimal number written as a string, as Fanfare sends money ("129.90").
const decimalPattern = `^-?[0-9]+(\.[0-9]+)?$`

// defineFormats registers the string formats the spec uses, so that kin-openapi checks example
// values against them and, with format validation on, refuses any other unknown format.
//
// kin-openapi keeps formats in a package-level registry; calling this more than once is harmless.
func defineFormats() {
	openapi3.DefineStringFormatValidator("uuid",
		openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	openapi3.DefineStringFormatValidator("email",
		openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	openapi3.DefineStringFormatValidator("decimal",
		openapi3.NewRegexpFormatValidator(decimalPattern))
}
