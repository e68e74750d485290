package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// entrySink receives the array's elements in order: the entry, or the error decoding it. The
// entry is only valid during the call. It returns false to stop.
type entrySink func(index int, entry *WaitlistConsumer, err error) bool

// errNullEntry is the decode error of a `null` element: a waitlist entry is never null, and
// passing it on as an empty entry would hide a broken record.
var errNullEntry = errors.New("entry is null")

// decodeEntry decodes one array element. It is the reference semantics of the stream: exactly
// encoding/json's Unmarshal, except that `null` is an error.
func decodeEntry(raw []byte, e *WaitlistConsumer) error {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return errNullEntry
	}
	return json.Unmarshal(raw, e)
}

// decodeEntries reads one JSON array of waitlist entries from r and calls sink for each element
// in order. It returns nil at the end of the array (only white space may follow) or when sink
// returns false. Otherwise it returns an error matching ErrMalformedResponse (not an array,
// malformed or truncated JSON, data after the array), or r's own error.
func decodeEntries(r io.Reader, sink entrySink) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return fmt.Errorf("%w: empty body, expected a JSON array", ErrMalformedResponse)
		}
		return streamSyntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeToken(tok))
	}
	var raw json.RawMessage
	for i := 0; dec.More(); i++ {
		raw = raw[:0]
		if err := dec.Decode(&raw); err != nil {
			return streamSyntax(err)
		}
		var e WaitlistConsumer
		err := decodeEntry(raw, &e)
		if !sink(i, &e, err) {
			return nil
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return streamSyntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return fmt.Errorf("%w: data after the array", ErrMalformedResponse)
		}
		return streamSyntax(err)
	}
	return nil
}

// streamSyntax classifies an error of the JSON decoder: the reader's own errors pass through.
func streamSyntax(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w: %v (at byte %d)", ErrMalformedResponse, err, se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
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
