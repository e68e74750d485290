package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// call makes one call of the waitlist endpoint: the settings and the input are checked, then
// each page is read (one, unless the body is a page envelope with an endCursor: see page.go),
// with attempts until one succeeds or the retry policy (retry.go) gives up. Entries go to
// sink as they are decoded (entry errors as *EntryError); the error is the call's final one.
func (c *Client) call(ctx context.Context, sequenceID string, opts []Option, sink entrySink) error {
	s, err := c.callSettings(opts)
	if err != nil {
		return err
	}
	if err := validateSequenceID(sequenceID); err != nil {
		return err
	}
	base, _ := url.Parse(s.baseURL) // validated by callSettings
	hc := httpClientFor(&s, base)

	pg := &page{number: 1}
	for {
		if err := c.attempts(ctx, &s, hc, sequenceID, pg, sink); err != nil {
			return err
		}
		if !pg.more {
			return nil
		}
		pg = pg.following()
	}
}

// attempts reads one page: attempts are made until one succeeds or the retry policy (retry.go)
// gives up.
func (c *Client) attempts(ctx context.Context, s *settings, hc *http.Client, sequenceID string, pg *page, sink entrySink) error {
	for n := 1; ; n++ {
		o := c.try(ctx, s, hc, sequenceID, pg, n, sink)
		if o.err == nil {
			return nil
		}
		retry, reason := shouldRetry(o, n, s)
		err := o.final(n)
		if retry {
			wait := retryDelay(o, n, s)
			s.debug(ctx, "fanfare retry", "page", pg.number, "attempt", n+1, "wait", wait, "reason", reason, "cause", o.err)
			if err = s.sleep(ctx, wait); err == nil {
				continue
			}
			err = fmt.Errorf("fanfare: waiting to retry: %w (after: %w)", err, o.err)
			reason = "the context ended while waiting to retry"
		}
		s.debug(ctx, "fanfare give up", "page", pg.number, "attempt", n, "reason", reason, "error", err)
		return err
	}
}

// try makes attempt n of page pg: it waits for the rate limit, sends the request and reads the
// response.
func (c *Client) try(ctx context.Context, s *settings, hc *http.Client, sequenceID string, pg *page, n int, sink entrySink) outcome {
	if err := c.pacer.wait(ctx, s.maxRetryWait); err != nil {
		return pacingOutcome(err)
	}
	a, err := c.send(ctx, s, hc, sequenceID, pg, n)
	var rl RateLimit
	if a != nil {
		rl = parseRateLimit(a.resp.Header)
	}
	c.pacer.done(rl)
	if err != nil {
		if s.responseInto != nil {
			*s.responseInto = Response{Attempts: n, Pages: pg.number} // no response came
		}
		return transportOutcome(ctx, err)
	}
	return c.handle(ctx, s, a, rl, pg, sink)
}

// debug logs a debug line when the call has a logger.
func (s *settings) debug(ctx context.Context, msg string, args ...any) {
	if s.logger != nil {
		s.logger.DebugContext(ctx, msg, args...)
	}
}

// sleep waits d before a retry, through WithRetrySleep's function when one is set.
func (s *settings) sleep(ctx context.Context, d time.Duration) error {
	if s.retrySleep != nil {
		return s.retrySleep(ctx, d)
	}
	return sleep(ctx, d)
}
