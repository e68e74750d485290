package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The parts of a body that encoding/json reads on decodeEntries's behalf, token by token: a
// body that does not begin with '[', and what follows the array. How its Decoder reads a value
// there that the body cuts short, or that a failed read follows, differs between Go versions;
// deciding by encoding/json keeps the error's class its own. The offsets are the caller's: the
// byte where the value stands.

// openStd reads the body's first token, which must be the array's '['; at is the body offset
// of that token's first byte (or the body's length, when it has none).
func openStd(dec *json.Decoder, at int64) error {
	tok, err := dec.Token()
	switch {
	case isEOF(err):
		return &SyntaxError{Offset: at, msg: "empty body, expected a JSON array"}
	case err != nil:
		return classifyStd(err, at, "not a JSON array")
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return &SyntaxError{Offset: at, msg: "expected a JSON array, got " + describeToken(tok)}
	}
	return nil
}

// checkTrailer checks that only white space follows the array, whose ']' dec has just read; at
// is the body offset of the first byte after it that is not white space.
func checkTrailer(dec *json.Decoder, at int64) error {
	_, err := dec.Token()
	switch {
	case isEOF(err):
		return nil
	case err == nil:
		return &SyntaxError{Offset: at, msg: "data after the array"}
	}
	return classifyStd(err, at, "data after the array")
}

// classifyStd turns an error of encoding/json's Decoder into the stream's: a syntax error or a
// value cut short by the end of the body is a *SyntaxError at offset at; anything else is the
// reader's own error, passed through.
func classifyStd(err error, at int64, what string) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &SyntaxError{Offset: at, msg: what + ": " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &SyntaxError{Offset: at, msg: what + ", cut short", truncated: true}
	}
	return err
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}
