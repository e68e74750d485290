package clienttest

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/internal/fakeapi"
)

// call is what the endpoint's middleware hands the strict server about one request.
type call struct {
	index         int
	requestID     string
	authorization string
	fault         Fault
	query         url.Values
}

type callKey struct{}

// endpoint is the waitlist endpoint's middleware, around the generated strict handler: it takes
// the request's fault, records the request, applies the fault's delay and early disconnect, and
// wraps the response writer so the fault can bend the answer on the wire.
func (s *Server) endpoint(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, faulted := s.takeFault()
		var fp *Fault
		if faulted {
			fp = &f
		}
		index, requestID := s.record(r, fp)
		w.Header().Set("X-Request-Id", requestID)

		if !s.pause(r.Context(), f.Delay) {
			panic(http.ErrAbortHandler) // client gone or server closed: drop the connection
		}
		if f.Disconnect != NoDisconnect && f.DisconnectAfter < 0 {
			cutConnection(w, f.Disconnect, false)
			return
		}
		fw := &faultWriter{w: w, s: s, index: index, fault: f, req: r}
		c := &call{index: index, requestID: requestID, authorization: r.Header.Get("Authorization"), fault: f, query: r.URL.Query()}
		next.ServeHTTP(fw, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
		fw.finish()
	})
}

// api implements the generated strict server interface.
type api struct{ s *Server }

// ListWaitlistConsumers answers one request for a waitlist: the fault's answer if it has one,
// else 401 without the key, 429 past the rate limit, 404 for an unknown sequence, or the list.
func (a api) ListWaitlistConsumers(ctx context.Context, req fakeapi.ListWaitlistConsumersRequestObject) (fakeapi.ListWaitlistConsumersResponseObject, error) {
	s := a.s
	c, ok := ctx.Value(callKey{}).(*call)
	if !ok {
		return nil, errors.New("clienttest: request without its call state")
	}
	now := time.Now()
	authorized := s.checkKey(c.authorization)
	s.noteAuthorized(c.index, authorized)
	var (
		st      windowState
		limited bool
	)
	if authorized {
		var allowed bool
		st, allowed = s.limiter.take(now)
		limited = !allowed
	} else {
		st = s.limiter.peek(now)
	}
	h := headerValues{requestID: c.requestID, state: st}

	f := &c.fault
	if f.replacesAnswer() {
		return s.faultAnswer(req.SequenceID, f, h), nil
	}
	switch {
	case !authorized:
		return errorResponse(http.StatusUnauthorized, errorBody(http.StatusUnauthorized, ""), h), nil
	case limited:
		h.retryAfter = strconv.Itoa(st.retryAfterSeconds(now))
		return errorResponse(http.StatusTooManyRequests, errorBody(http.StatusTooManyRequests, h.retryAfter), h), nil
	}
	if s.cfg.pageSize > 0 {
		var wl waitlist
		if _, ok := c.query["after"]; !ok {
			wl = s.waitlist(req.SequenceID) // a new read; a next page continues its read's list
		}
		return s.pageAnswer(wl, c.query, h), nil
	}
	wl := s.waitlist(req.SequenceID)
	if wl == nil {
		return errorResponse(http.StatusNotFound, errorBody(http.StatusNotFound, ""), h), nil
	}
	return waitlistResponse{list: wl, status: http.StatusOK, headers: h, fault: f}, nil
}

// faultAnswer is the answer of a fault with a Status or a Body.
func (s *Server) faultAnswer(sequenceID string, f *Fault, h headerValues) fakeapi.ListWaitlistConsumersResponseObject {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Body != nil {
		return rawResponse{status: status, body: f.Body, headers: h}
	}
	if status >= 200 && status <= 299 {
		wl := s.waitlist(sequenceID)
		if wl == nil {
			wl = sliceWaitlist(nil)
		}
		return waitlistResponse{list: wl, status: status, headers: h, fault: f}
	}
	h.retryAfter = f.RetryAfter
	return errorResponse(status, errorBody(status, f.RetryAfter), h)
}

// checkKey reports whether an Authorization header carries the server's key.
func (s *Server) checkKey(authorization string) bool {
	scheme, key, ok := strings.Cut(authorization, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || s.cfg.key == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(key)), []byte(s.cfg.key)) == 1
}

// serveOther answers every path but the waitlist endpoint: 405 for another method on the
// endpoint's path, a JSON 404 otherwise. Such requests are recorded but take no fault.
func (s *Server) serveOther(w http.ResponseWriter, r *http.Request) {
	index, requestID := s.record(r, nil)
	s.noteAuthorized(index, s.checkKey(r.Header.Get("Authorization")))
	h := headerValues{requestID: requestID, state: s.limiter.peek(time.Now())}
	h.set(w.Header())
	w.Header().Set("Content-Type", "application/json")
	status, body := http.StatusNotFound, `{"error":"Not found"}`
	if strings.HasPrefix(r.URL.Path, basePath+"/sequences/") && strings.HasSuffix(r.URL.Path, "/waitlist/consumers") {
		status, body = http.StatusMethodNotAllowed, `{"error":"Method not allowed"}`
		w.Header().Set("Allow", "GET, HEAD")
	}
	s.noteStatus(index, status)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// requestError answers a request the generated code could not bind (a 400 in the published
// schema's form). With a plain string path parameter it should never happen.
func (s *Server) requestError(w http.ResponseWriter, r *http.Request, err error) {
	index, requestID := s.record(r, nil)
	s.noteStatus(index, http.StatusBadRequest)
	h := headerValues{requestID: requestID, state: s.limiter.peek(time.Now())}
	body := errorBody(http.StatusBadRequest, "")
	body.Issues[0].Message = err.Error()
	_ = errorResponse(http.StatusBadRequest, body, h).VisitListWaitlistConsumersResponse(w)
}

// responseError handles an error returned while writing an answer. A cut body (errCut) is the
// fault doing its job and a write error means the client went away: nothing is left to say.
// An error before the headers becomes a JSON 500.
func (s *Server) responseError(w http.ResponseWriter, _ *http.Request, err error) {
	if fw, ok := w.(*faultWriter); ok && fw.wroteHeader {
		return
	}
	if errors.Is(err, errCut) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(`{"error":"Internal server error"}`))
}
