package client

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/fanfare-go/fanfare/gen"
)

type attemptKey struct{}

// AttemptFromContext returns the attempt number (1 for the first try, 2 for the first retry, …)
// of the request whose context this is; middleware reads it from req.Context(). ok is false
// outside an SDK request.
func AttemptFromContext(ctx context.Context) (attempt int, ok bool) {
	attempt, ok = ctx.Value(attemptKey{}).(int)
	return attempt, ok
}

// errAttemptTimeout is the cause of an attempt cancelled by WithTimeout.
var errAttemptTimeout = fmt.Errorf("fanfare: attempt timed out (WithTimeout): %w", context.DeadlineExceeded)

// attempt is one HTTP exchange in flight: the response, and the means to end it.
type attempt struct {
	resp   *http.Response
	body   io.ReadCloser   // resp.Body, decompressed, and each read timed
	ctx    context.Context // the attempt's own context, cancelled by the timeout
	cancel context.CancelCauseFunc
	timer  *time.Timer
	start  time.Time
	number int
	drain  bool // read a little of the body before closing it (an error body, small)
}

// close releases the attempt: it closes the body, after draining a little of it when asked
// (so that the connection can be reused), and cancels the attempt's context. Without drain it
// never waits for the network: a body the caller stopped reading is closed at once.
func (a *attempt) close() {
	if a.body != nil {
		if a.drain {
			_, _ = io.CopyN(io.Discard, a.body, 64<<10)
		}
		_ = a.body.Close()
	}
	if a.timer != nil {
		a.timer.Stop()
	}
	a.cancel(nil)
}

// send makes attempt number n of a GET of the waitlist's page pg. On success the caller owns the
// attempt and must close it. The error is the transport's, or the caller's context's.
func (c *Client) send(ctx context.Context, s *settings, hc *http.Client, sequenceID string, pg *page, n int) (*attempt, error) {
	req, err := gen.NewListWaitlistConsumersRequest(s.baseURL, sequenceID)
	if err != nil {
		return nil, &InputError{Kind: InputSequenceID, Field: "sequence id", Reason: fmt.Sprintf("cannot be put in a URL: %v", err)}
	}
	pg.query(req.URL)
	actx, cancel := context.WithCancelCause(context.WithValue(ctx, attemptKey{}, n))
	a := &attempt{ctx: actx, cancel: cancel, start: time.Now(), number: n}
	if s.timeout > 0 {
		a.timer = time.AfterFunc(s.timeout, func() { cancel(errAttemptTimeout) })
	}
	req = req.WithContext(actx)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", s.userAgent)

	resp, err := hc.Do(req) //nolint:bodyclose // the attempt owns the body: attempt.close drains and closes it
	if err != nil {
		a.close()
		c.logAttempt(ctx, s, req, a, 0, "", err)
		return nil, attemptError(ctx, actx, err)
	}
	a.resp = resp
	a.body = resp.Body
	switch {
	case resp.Uncompressed:
		a.body = transportGzipBody{resp.Body}
	case resp.Header.Get("Content-Encoding") == "gzip":
		a.body = &gzipBody{under: resp.Body}
	}
	if a.timer != nil {
		a.timer.Stop() // from now on it runs only while a read waits for the body
		a.body = &readTimeoutBody{ReadCloser: a.body, timer: a.timer, timeout: s.timeout}
	}
	c.logAttempt(ctx, s, req, a, resp.StatusCode, resp.Header.Get("X-Request-Id"), nil)
	return a, nil
}

// attemptError says why an attempt failed: the caller's context, our per-attempt timeout, or
// the transport. The URL in a *url.Error names no secret: the key only travels in a header.
func attemptError(ctx, actx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("fanfare: %w", context.Cause(ctx))
	}
	if cause := context.Cause(actx); errors.Is(cause, errAttemptTimeout) {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			return fmt.Errorf("fanfare: %s %s: %w", uerr.Op, uerr.URL, errAttemptTimeout)
		}
		return errAttemptTimeout
	}
	return fmt.Errorf("fanfare: %w", err)
}

func (c *Client) logAttempt(ctx context.Context, s *settings, req *http.Request, a *attempt, status int, requestID string, err error) {
	if s.logger == nil || !s.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.EscapedPath()),
		slog.Int("attempt", a.number),
		slog.Duration("duration", time.Since(a.start)),
		slog.String("authorization", "Bearer "+redacted),
	}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if requestID != "" {
		attrs = append(attrs, slog.String("request_id", requestID))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	s.logger.LogAttrs(ctx, slog.LevelDebug, "fanfare request", attrs...)
}

// gzipBody decompresses a body the server gzipped without being asked (the transport does it
// by itself when it asked). A body that is not valid gzip is a malformed response, not a
// transport failure: it is not retried.
type gzipBody struct {
	under    io.ReadCloser
	zr       *gzip.Reader
	err      error
	underErr error // the transport's own read error, if any
}

func (g *gzipBody) Read(p []byte) (int, error) {
	if g.zr == nil && g.err == nil {
		if g.zr, g.err = gzip.NewReader(underReader{g}); g.err != nil {
			g.err = g.badGzip(g.err)
		}
	}
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		g.err = g.badGzip(err)
		return n, g.err
	}
	return n, err
}

// badGzip tells the transport's failures (passed on as they are) from a body that arrived
// whole but is not gzip, or is cut short inside the gzip stream (malformed).
func (g *gzipBody) badGzip(err error) error {
	if g.underErr != nil {
		return g.underErr
	}
	if errors.Is(err, io.EOF) { // an empty body
		err = io.ErrUnexpectedEOF
	}
	return notGzip(err)
}

func notGzip(err error) error {
	return fmt.Errorf("%w: Content-Encoding is gzip but the body is not valid gzip: %w", ErrMalformedResponse, err)
}

// transportGzipBody is a body the transport decompressed (it asked for gzip itself). There
// too, a body that is not valid gzip is a malformed response, not a transport failure. (A
// gzip stream cut short cannot be told from a connection cut short here: both read as
// io.ErrUnexpectedEOF, left as the transport's.)
type transportGzipBody struct{ io.ReadCloser }

func (b transportGzipBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var corrupt flate.CorruptInputError
	if err != nil && (errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &corrupt)) {
		err = notGzip(err)
	}
	return n, err
}

func (g *gzipBody) Close() error { return g.under.Close() }

// underReader reads the compressed body, noting the transport's errors.
type underReader struct{ g *gzipBody }

func (u underReader) Read(p []byte) (int, error) {
	n, err := u.g.under.Read(p)
	if err != nil && err != io.EOF {
		u.g.underErr = err
	}
	return n, err
}

// readTimeoutBody bounds each wait for more of the body: the attempt's timer runs while a read
// waits and is stopped when it returns. A long stream that keeps moving is fine, a stalled one
// is cancelled after the timeout, and the caller's own time between reads never counts.
type readTimeoutBody struct {
	io.ReadCloser
	timer   *time.Timer
	timeout time.Duration
}

func (b *readTimeoutBody) Read(p []byte) (int, error) {
	b.timer.Reset(b.timeout)
	n, err := b.ReadCloser.Read(p)
	b.timer.Stop()
	return n, err
}
