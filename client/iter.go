package client

import (
	"context"
	"errors"
	"iter"
)

// WaitlistConsumers streams the entries on a sequence's waitlist, decoding the response's JSON
// array one entry at a time: memory stays flat whatever the waitlist's length.
//
// Each step yields an entry and a nil error, or an error:
//   - an [*EntryError] for an element that is no entry (not a JSON object: null, a string, …);
//     iteration goes on with the next;
//   - a final error, after which the iteration ends: an [*InputError] (nothing was sent), an
//     [*APIError], a [*StreamError] (the body broke off or was not an array), or a transport or
//     context error.
//
// An object is always an entry: a member whose value its field cannot hold (a date-time that
// does not parse, "7" for a number, …) does not cost the entry. It comes with a nil error,
// every other member decoded, that field at its zero value and the member kept as sent (see
// [FieldErrors], which lists them, and [FieldError]); json.Marshal of the entry writes it back
// as sent. So the common loop, `if err != nil { log; continue }` included, stores every entry
// the API sent.
//
// Failed attempts are retried (see [WithMaxRetries]) as long as no entry has been yielded.
// Breaking out of the loop closes the response at once.
//
// A body in Fanfare's page envelope ({"data": [...], "pageInfo": {"endCursor": …}}) instead of
// the bare array is followed to its last page (after=<endCursor>, first=100, until endCursor is
// null or absent): the pages are one list, each entry yielded once with its index in it, and
// each page request is paced, timed and retried as the first is (a page is retried only while
// none of its entries has been yielded).
func (c *Client) WaitlistConsumers(ctx context.Context, sequenceID string, opts ...Option) iter.Seq2[WaitlistConsumer, error] {
	return func(yield func(WaitlistConsumer, error) bool) {
		err := c.call(ctx, sequenceID, opts, func(_ int, _ []byte, e *WaitlistConsumer, err error) bool {
			if err != nil {
				return yield(WaitlistConsumer{}, err)
			}
			return yield(*e, nil)
		})
		if err != nil {
			yield(WaitlistConsumer{}, err)
		}
	}
}

// ListWaitlistConsumers returns every entry on a sequence's waitlist. It is
// [Client.WaitlistConsumers] collected: the body is decoded as it arrives, never buffered whole.
//
// When some elements are no entries (not JSON objects), it returns all the others, in order,
// with an [EntryErrors] naming the failed ones. Entries with members their fields cannot hold
// are entries like the others (see [FieldErrors]): they do not make the error non-nil. On a final error it returns the entries read before it
// (none, unless the stream broke off midway) and that error.
func (c *Client) ListWaitlistConsumers(ctx context.Context, sequenceID string, opts ...Option) ([]WaitlistConsumer, error) {
	var (
		entries entryChunks
		bad     EntryErrors
	)
	err := c.call(ctx, sequenceID, opts, func(_ int, _ []byte, e *WaitlistConsumer, err error) bool {
		if err != nil {
			var ee *EntryError
			if errors.As(err, &ee) {
				bad = append(bad, ee)
			}
			return true
		}
		entries.add(e)
		return true
	})
	if err != nil {
		if entries.total == 0 {
			return nil, err
		}
		return entries.slice(), err
	}
	if len(bad) > 0 {
		return entries.slice(), bad
	}
	return entries.slice(), nil
}
