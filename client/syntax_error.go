package client

import (
	"fmt"
	"io"
)

// SyntaxError is a successful response whose body is not the JSON array the API documents,
// and where in the body that shows. A [*StreamError] wraps it (entries before the offset were
// delivered). It matches [ErrMalformedResponse], and also io.ErrUnexpectedEOF when the body
// ends in the middle of a JSON value: the array, or what stands in its place or after it.
type SyntaxError struct {
	// Offset is where in the body the problem is, in bytes from its start, counted after any
	// decompression:
	//   - a byte that is not valid where it stands, inside the array (a bracket nesting
	//     deeper than 10,000 levels included): that byte;
	//   - a body that is not an array (an object, null, HTML, …): its first byte that is not
	//     white space;
	//   - data after the array: its first byte that is not white space;
	//   - a body that ends inside the array: the body's length (where more was due); an empty
	//     body (or only white space): its length too.
	Offset int64

	msg       string // what is wrong, for Error
	truncated bool   // the body ends first: matches io.ErrUnexpectedEOF
}

// Error says what is wrong with the body and where.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%v: %s (at byte %d)", ErrMalformedResponse, e.msg, e.Offset)
}

// Is matches [ErrMalformedResponse], and io.ErrUnexpectedEOF when the body ends too early.
func (e *SyntaxError) Is(target error) bool {
	return target == ErrMalformedResponse || e.truncated && target == io.ErrUnexpectedEOF
}

// describeByte names c as a syntax error does: 'x' when it prints, 0x01 when it does not.
func describeByte(c byte) string {
	if ' ' <= c && c <= '~' {
		return fmt.Sprintf("character %q", rune(c))
	}
	return fmt.Sprintf("byte %#02x", c)
}
