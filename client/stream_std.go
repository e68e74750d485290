package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// decodeEntriesStd is the stream's reference semantics: encoding/json's Decoder, one element
// at a time. decodeEntries must give exactly what it gives; decodeEntries also hands it the
// rest of a stream whenever that stream is not a plain well-formed array (a syntax error, a
// truncation, a reader error, something other than an array), so that the errors, and the
// elements delivered before them, are encoding/json's own.
func decodeEntriesStd(r io.Reader, sink entrySink) error {
	return decodeStd(r, sink, offsets{})
}

// offsets maps the offsets of encoding/json's syntax errors in a stream that decodeStd reads
// on decodeEntries's behalf (a synthetic start, then the rest of the body) to what they would
// be in the whole body. The Decoder has two kinds of offsets: its token errors (a misplaced
// delimiter, a missing comma) give the input offset, its scanner's errors (inside a value)
// count the bytes its Decode calls scanned; abs is added to the first, scanned to the second.
type offsets struct{ abs, scanned int64 }

// errNoComma is the message of the one token error that Decode returns.
const errNoComma = "expected comma after array element"

// decodeStd is decodeEntriesStd with its syntax errors' offsets mapped by off.
func decodeStd(r io.Reader, sink entrySink, off offsets) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		if isEOF(err) {
			return fmt.Errorf("%w: empty body, expected a JSON array", ErrMalformedResponse)
		}
		return streamSyntaxAt(err, off.abs)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeToken(tok))
	}
	var raw json.RawMessage
	for i := 0; dec.More(); i++ {
		raw = raw[:0]
		if err := dec.Decode(&raw); err != nil {
			if err.Error() == errNoComma {
				return streamSyntaxAt(err, off.abs)
			}
			return streamSyntaxAt(err, off.scanned)
		}
		var e WaitlistConsumer
		err := decodeEntry(raw, &e)
		if !sink(i, raw, &e, err) {
			return nil
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return streamSyntaxAt(err, off.abs)
	}
	base := off.scanned
	if b, _ := io.ReadAll(dec.Buffered()); len(b) > 0 { // what follows, as far as it is read
		if i := bytes.IndexFunc(b, func(r rune) bool { return !strings.ContainsRune(" \t\r\n", r) }); i >= 0 && isDelim(b[i]) {
			base = off.abs
		}
	}
	return checkTrailer(dec, base)
}

// isDelim reports whether c is a byte that encoding/json's Token takes as a delimiter (its
// errors then give the input offset).
func isDelim(c byte) bool { return strings.IndexByte("[]{},:", c) >= 0 }

// checkTrailer checks that nothing but white space follows the array, whose ']' dec has just
// read; base is added to the offsets of syntax errors.
func checkTrailer(dec *json.Decoder, base int64) error {
	if _, err := dec.Token(); !isEOF(err) {
		if err == nil {
			return fmt.Errorf("%w: data after the array", ErrMalformedResponse)
		}
		return streamSyntaxAt(err, base)
	}
	return nil
}

// streamSyntaxAt classifies an error of the JSON decoder (the reader's own errors pass
// through); base is added to a syntax error's offset.
func streamSyntaxAt(err error, base int64) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w: %w (at byte %d)", ErrMalformedResponse, err, base+se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), isEOF(err):
		return fmt.Errorf("%w: truncated: %w", ErrMalformedResponse, io.ErrUnexpectedEOF)
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
