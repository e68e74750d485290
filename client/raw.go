package client

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
)

// RawEntry is one element of a waitlist's JSON array as the API sent it, with the entry it
// decodes to.
type RawEntry struct {
	// Index is the element's position in the array, from 0.
	Index int
	// JSON is the element exactly as it arrived, from its first byte to its last (the white
	// space around it in the array is not part of it). It is the RawEntry's own copy: keep it,
	// store it or change it freely; unless the call has [WithBorrowedJSON], which makes it
	// valid only until the loop body returns.
	JSON json.RawMessage
	// Entry is what JSON decodes to, exactly as json.Unmarshal would decode it (members the spec
	// does not know are in its AdditionalProperties). It is the zero value when the element does
	// not decode; the step's error is then an [*EntryError].
	Entry WaitlistConsumer
}

// RawWaitlistConsumers is [Client.WaitlistConsumers] with each element's bytes as the API sent
// them: for storing or forwarding entries byte for byte, or for reading what the Go types do
// not hold. It streams, retries and fails exactly as WaitlistConsumers does; copying each
// element's bytes is its only extra cost (none with [WithBorrowedJSON]), which calls that do not
// ask for them never pay.
//
// An element that does not decode is yielded with its JSON and an [*EntryError], and the
// iteration goes on. A final error is yielded with the zero RawEntry.
func (c *Client) RawWaitlistConsumers(ctx context.Context, sequenceID string, opts ...Option) iter.Seq2[RawEntry, error] {
	return func(yield func(RawEntry, error) bool) {
		borrow := c.settings.with(opts).borrowJSON
		err := c.call(ctx, sequenceID, opts, func(i int, raw []byte, e *WaitlistConsumer, err error) bool {
			r := RawEntry{Index: i, JSON: raw}
			if !borrow {
				r.JSON = bytes.Clone(raw)
			}
			if err != nil {
				return yield(r, err)
			}
			r.Entry = *e
			return yield(r, nil)
		})
		if err != nil {
			yield(RawEntry{}, err)
		}
	}
}

// WithBorrowedJSON makes [Client.RawWaitlistConsumers] yield each element's JSON without copying
// it: the bytes are the SDK's read buffer, valid only until the loop body returns, and must be
// written out or copied (bytes.Clone) before the next step. It is for exports that write each
// element at once, like the fanfare CLI's json and jsonl: on a large waitlist the copies are a
// tenth of the CPU time of such an export. Other calls yield no JSON: it changes nothing there.
func WithBorrowedJSON() Option {
	return func(s *settings) { s.borrowJSON = true }
}
