package client

import (
	"encoding/json"
	"errors"
	"io"
)

// The reference the stream decoder is held to.

// decodeEntriesStd is encoding/json's Decoder reading the array one element at a time, each
// element decoded by decodeEntry: what decodeEntries must deliver, and where it must fail with
// an error of the same class (errClass). Its errors' offsets are not the body's.
func decodeEntriesStd(r io.Reader, sink entrySink) error {
	dec := json.NewDecoder(r)
	if err := openStd(dec, -1); err != nil {
		return err
	}
	var raw json.RawMessage
	for i := 0; dec.More(); i++ {
		raw = raw[:0]
		if err := dec.Decode(&raw); err != nil {
			return referenceError(err)
		}
		var e WaitlistConsumer
		err := decodeEntry(raw, &e)
		if !sink(i, raw, &e, err) {
			return nil
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return referenceError(err)
	}
	return checkTrailer(dec, -1)
}

// referenceError classifies an error of the Decoder inside the array. A stream cut short there
// is a truncation however the Decoder says so: io.EOF (Go 1.26, cut between elements),
// io.ErrUnexpectedEOF (cut inside one), or a syntax error "unexpected end of JSON input" (Go
// 1.27, anywhere).
func referenceError(err error) error {
	var se *json.SyntaxError
	if isEOF(err) || errors.As(err, &se) && se.Error() == "unexpected end of JSON input" {
		return &SyntaxError{Offset: -1, msg: "the body ends inside the array", truncated: true}
	}
	return classifyStd(err, -1, "in the array")
}
