package clienttest

import (
	"compress/gzip"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// errCut ends an answer's writing once a fault has cut its body short.
var errCut = errors.New("clienttest: response body cut by a fault")

// resetGrace is how long a reset waits after flushing, so the bytes before it reach the client:
// an RST discards whatever the kernel has not sent yet.
const resetGrace = 20 * time.Millisecond

// faultWriter is the http.ResponseWriter the generated handler writes through. It applies the
// request's fault to the answer: header overrides when the headers go out, gzip, and the byte
// offsets at which the body stalls, is truncated or loses its connection.
type faultWriter struct {
	w     http.ResponseWriter
	s     *Server
	index int
	fault Fault
	req   *http.Request

	wroteHeader  bool
	gz           *gzip.Writer
	written      int // body bytes on the wire so far
	cut          bool
	stalled      bool
	disconnected bool
}

// Header returns the header to be sent.
func (fw *faultWriter) Header() http.Header { return fw.w.Header() }

// Unwrap gives http.ResponseController the underlying writer.
func (fw *faultWriter) Unwrap() http.ResponseWriter { return fw.w }

// WriteHeader applies the fault's header changes, records the status and sends the headers.
func (fw *faultWriter) WriteHeader(code int) {
	if fw.wroteHeader {
		return
	}
	fw.wroteHeader = true
	f := &fw.fault
	h := fw.w.Header()
	if f.ContentType != "" {
		h.Set("Content-Type", f.ContentType)
	}
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	if bodyAllowed(fw.req, code) && (f.Gzip || (fw.s.cfg.gzip && code == http.StatusOK && acceptsGzip(fw.req))) {
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		h.Del("Content-Length")
		fw.gz = gzip.NewWriter(wireWriter{fw})
	}
	for k, v := range f.Header {
		ck := http.CanonicalHeaderKey(k)
		if len(v) == 0 {
			h.Del(ck)
		} else {
			h[ck] = slices.Clone(v)
		}
	}
	fw.s.noteStatus(fw.index, code)
	fw.w.WriteHeader(code)
}

// Write sends body bytes, through gzip when the answer is compressed.
func (fw *faultWriter) Write(p []byte) (int, error) {
	if !fw.wroteHeader {
		fw.WriteHeader(http.StatusOK)
	}
	if fw.cut {
		return 0, errCut
	}
	if fw.gz != nil {
		return fw.gz.Write(p)
	}
	return fw.wire(p)
}

// wireWriter is where gzip's output goes: onto the wire, through the fault's offsets.
type wireWriter struct{ fw *faultWriter }

func (w wireWriter) Write(p []byte) (int, error) { return w.fw.wire(p) }

// wire writes body bytes as they go on the wire, firing the fault's events at their offsets.
func (fw *faultWriter) wire(p []byte) (int, error) {
	total := 0
	for {
		if fw.cut {
			return total, errCut
		}
		next, ok := fw.nextEvent()
		chunk := p
		if ok && next-fw.written < len(chunk) {
			chunk = p[:next-fw.written]
		}
		if len(chunk) > 0 {
			n, err := fw.w.Write(chunk)
			fw.written += n
			total += n
			if err != nil {
				return total, err
			}
			p = p[n:]
		}
		if ok && fw.written == next {
			if err := fw.fire(); err != nil {
				return total, err
			}
			continue
		}
		if len(p) == 0 {
			return total, nil
		}
	}
}

// The byte offsets of the fault's events; negative offsets mean 0.
func (fw *faultWriter) stallAt() int      { return max(fw.fault.StallAfter, 0) }
func (fw *faultWriter) truncateAt() int   { return max(fw.fault.TruncateAfter, 0) }
func (fw *faultWriter) disconnectAt() int { return fw.fault.DisconnectAfter }

func (fw *faultWriter) stallPending() bool { return fw.fault.Stall > 0 && !fw.stalled }
func (fw *faultWriter) disconnectPending() bool {
	return fw.fault.Disconnect != NoDisconnect && !fw.disconnected
}

// nextEvent returns the offset of the next event still to come, if any.
func (fw *faultWriter) nextEvent() (offset int, ok bool) {
	offset = -1
	consider := func(at int) {
		if at >= fw.written && (offset < 0 || at < offset) {
			offset = at
		}
	}
	if fw.stallPending() {
		consider(fw.stallAt())
	}
	if fw.fault.Truncate {
		consider(fw.truncateAt())
	}
	if fw.disconnectPending() {
		consider(fw.disconnectAt())
	}
	return offset, offset >= 0
}

// fire runs the events due at the current offset: a stall first, then a cut.
func (fw *faultWriter) fire() error {
	if fw.stallPending() && fw.stallAt() == fw.written {
		fw.stall()
	}
	if fw.disconnectPending() && fw.disconnectAt() == fw.written {
		fw.disconnect()
		return errCut
	}
	if fw.fault.Truncate && fw.truncateAt() == fw.written {
		fw.cut = true
		return errCut
	}
	return nil
}

// stall flushes what was written and pauses; a pause cut short drops the connection.
func (fw *faultWriter) stall() {
	fw.stalled = true
	_ = http.NewResponseController(fw.w).Flush()
	if !fw.s.pause(fw.req.Context(), fw.fault.Stall) {
		panic(http.ErrAbortHandler)
	}
}

// disconnect cuts the connection after flushing what was written.
func (fw *faultWriter) disconnect() {
	fw.disconnected, fw.cut = true, true
	cutConnection(fw.w, fw.fault.Disconnect, true)
}

// finish ends the body once the handler is done: the gzip trailer, then the stall and the
// disconnect whose offsets lay beyond the body, so that they still happen before the HTTP
// message ends.
func (fw *faultWriter) finish() {
	if !fw.wroteHeader {
		return
	}
	if fw.gz != nil && !fw.cut {
		_ = fw.gz.Close()
	}
	if fw.cut {
		return
	}
	if fw.stallPending() {
		fw.stall()
	}
	if fw.disconnectPending() {
		fw.disconnect()
	}
}

// cutConnection ends a response's connection abruptly: a FIN for CloseConnection, an RST for
// ResetConnection. With flush, what the handler wrote goes out first.
func cutConnection(w http.ResponseWriter, mode Disconnect, flush bool) {
	rc := http.NewResponseController(w)
	if flush {
		_ = rc.Flush()
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // not hijackable: the server drops the connection itself
	}
	if mode == ResetConnection {
		if flush {
			time.Sleep(resetGrace)
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
	}
	_ = conn.Close()
}

// bodyAllowed reports whether an answer with this status to this request has a body.
func bodyAllowed(r *http.Request, code int) bool {
	return r.Method != http.MethodHead && code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "gzip" && name != "*" {
				continue
			}
			q := strings.ReplaceAll(strings.ToLower(params), " ", "")
			if q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000" {
				return true
			}
		}
	}
	return false
}
