// Package formats defines the string formats of api/openapi.yaml for kin-openapi, strictly, so
// that the spec check and the contract tests refuse what a strict tool (a JSON Schema validator,
// Prism) would refuse.
package formats

import "github.com/getkin/kin-openapi/openapi3"

// Email is JSON Schema's "email" format: an RFC 5321 mailbox, whose local part is a dot-atom of
// ASCII characters (addresses with other characters are the "idn-email" format) and whose domain
// is a dotted host name of ASCII letters, digits and hyphens.
const Email = "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
	"@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"

// Decimal is a decimal number written as a string, as Fanfare sends money ("129.90").
const Decimal = `^-?[0-9]+(\.[0-9]+)?$`

// Define registers uuid, email and decimal in kin-openapi's (package-level) registry of string
// formats. Calling it more than once is harmless.
func Define() {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(Email))
	openapi3.DefineStringFormatValidator("decimal", openapi3.NewRegexpFormatValidator(Decimal))
}
