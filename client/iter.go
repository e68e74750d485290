package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"time"
)

// WaitlistConsumers streams the entries on a sequence's waitlist, decoding the response's JSON
// array one entry at a time: memory stays flat whatever the waitlist's length.
//
// Each step yields an entry and a nil error, or an error:
//   - an [*EntryError] for an entry that could not be decoded; iteration goes on with the next;
//   - a final error, after which the iteration ends: an [*InputError] (nothing was sent), an
//     [*APIError], a [*StreamError] (the body broke off or was not an array), or a transport or
//     context error.
//
// Failed attempts are retried (see [WithMaxRetries]) as long as no entry has been yielded.
// Breaking out of the loop closes the response at once.
func (c *Client) WaitlistConsumers(ctx context.Context, sequenceID string, opts ...Option) iter.Seq2[WaitlistConsumer, error] {
	return func(yield func(WaitlistConsumer, error) bool) {
		err := c.stream(ctx, sequenceID, opts, func(_ int, _ []byte, e *WaitlistConsumer, err error) bool {
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
// When some entries cannot be decoded, it returns all the others, in order, with an
// [EntryErrors] naming the failed ones. On a final error it returns the entries read before it
// (none, unless the stream broke off midway) and that error.
func (c *Client) ListWaitlistConsumers(ctx context.Context, sequenceID string, opts ...Option) ([]WaitlistConsumer, error) {
	var (
		entries entryChunks
		bad     EntryErrors
	)
	err := c.stream(ctx, sequenceID, opts, func(_ int, _ []byte, e *WaitlistConsumer, err error) bool {
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

// stream runs the call: attempts with retries, then the body decoded into sink. It returns the
// final error, if any; entry errors go to sink as *EntryError.
func (c *Client) stream(ctx context.Context, sequenceID string, opts []Option, sink entrySink) error {
	s, err := c.callSettings(opts)
	if err != nil {
		return err
	}
	if err := validateSequenceID(sequenceID); err != nil {
		return err
	}
	base, _ := url.Parse(s.baseURL) // validated by callSettings
	hc := httpClientFor(&s, base)

	for n := 1; ; n++ {
		if err := c.pacer.wait(ctx, s.maxRetryWait); err != nil {
			return fmt.Errorf("fanfare: waiting for the rate limit: %w", err)
		}
		a, err := c.send(ctx, &s, hc, sequenceID, n)
		var rl RateLimit
		if a != nil {
			rl = parseRateLimit(a.resp.Header)
		}
		c.pacer.done(rl)
		if err != nil {
			if s.responseInto != nil {
				*s.responseInto = Response{Attempts: n} // no response came
			}
			if ctx.Err() != nil || n > s.maxRetries || isInputError(err) || permanentTransportError(err) {
				return withAttempts(err, n)
			}
			if werr := c.waitRetry(ctx, &s, n, s.backoff(n), err); werr != nil {
				return werr
			}
			continue
		}
		retry, err := c.handle(ctx, &s, a, rl, sink)
		if !retry {
			return err
		}
		var wait time.Duration
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.hinted {
			wait = apiErr.RetryAfter
			if wait > s.maxRetryWait {
				return err // past the cap: the caller decides, RetryAfter says how long
			}
		} else {
			wait = s.backoff(n)
		}
		if n > s.maxRetries {
			return err
		}
		if werr := c.waitRetry(ctx, &s, n, wait, err); werr != nil {
			return werr
		}
	}
}

// waitRetry logs the retry and sleeps, ending at once with ctx.
func (c *Client) waitRetry(ctx context.Context, s *settings, n int, wait time.Duration, cause error) error {
	if s.logger != nil {
		s.logger.DebugContext(ctx, "fanfare retry", "attempt", n+1, "wait", wait, "cause", cause.Error())
	}
	if err := sleep(ctx, wait); err != nil {
		return fmt.Errorf("fanfare: waiting to retry: %w (after: %w)", err, cause)
	}
	return nil
}

func isInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// withAttempts notes how many attempts a transport failure took.
func withAttempts(err error, n int) error {
	if n == 1 || isInputError(err) {
		return err
	}
	return fmt.Errorf("%w (after %d attempts)", err, n)
}
