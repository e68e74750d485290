package clienttest

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/fakeapi"
	"github.com/fanfare-go/fanfare/internal/schema"
)

// headerValues are the headers every answer carries.
type headerValues struct {
	requestID  string
	state      windowState
	retryAfter string // "" for none
}

// set writes the headers into h.
func (v headerValues) set(h http.Header) {
	h.Set("X-Request-Id", v.requestID)
	h.Set("X-RateLimit-Limit", strconv.Itoa(v.state.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(v.state.remaining))
	h.Set("X-RateLimit-Reset", strconv.Itoa(v.state.resetUnix()))
	if v.retryAfter != "" {
		h.Set("Retry-After", v.retryAfter)
	}
}

// generated returns the values as the generated code's optional header fields.
func (v headerValues) generated() (limit, remaining, reset *int, requestID, retryAfter *string) {
	l, r, s, id := v.state.limit, v.state.remaining, v.state.resetUnix(), v.requestID
	limit, remaining, reset, requestID = &l, &r, &s, &id
	if v.retryAfter != "" {
		ra := v.retryAfter
		retryAfter = &ra
	}
	return limit, remaining, reset, requestID, retryAfter
}

// errorBody is the documented body of an error status: the spec's example for the status (or its
// status's own text when it has none). A 429's retryAfter member is retryAfter, when that is
// whole seconds, and absent otherwise.
func errorBody(status int, retryAfter string) client.ErrorBody {
	var body client.ErrorBody
	example, ok := errorExample(status)
	if !ok {
		text := http.StatusText(status)
		if text == "" {
			text = "Unexpected error"
		}
		example, _ = json.Marshal(map[string]string{"error": text})
	}
	var m map[string]any
	if status == http.StatusTooManyRequests && json.Unmarshal(example, &m) == nil {
		delete(m, "retryAfter") // the example's own, unless the header says the same
		if secs, err := strconv.Atoi(retryAfter); err == nil && secs >= 0 {
			m["retryAfter"] = secs
		}
		example, _ = json.Marshal(m)
	}
	_ = json.Unmarshal(example, &body)
	return body
}

// errorExample returns the spec's example body of status, if it has one of its own.
func errorExample(status int) ([]byte, bool) {
	for _, e := range schema.Examples {
		if e.Status == status {
			return []byte(e.Body), true
		}
	}
	return nil, false
}

// errorResponse is an error answer as the generated code writes it.
func errorResponse(status int, body client.ErrorBody, h headerValues) fakeapi.ListWaitlistConsumersResponseObject {
	limit, remaining, reset, requestID, retryAfter := h.generated()
	switch status {
	case http.StatusBadRequest:
		return fakeapi.ListWaitlistConsumers400JSONResponse{BadRequestJSONResponse: fakeapi.BadRequestJSONResponse{
			Body:    body,
			Headers: fakeapi.BadRequestResponseHeaders{XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		}}
	case http.StatusUnauthorized:
		return fakeapi.ListWaitlistConsumers401JSONResponse{UnauthorizedJSONResponse: fakeapi.UnauthorizedJSONResponse{
			Body:    body,
			Headers: fakeapi.UnauthorizedResponseHeaders{XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		}}
	case http.StatusForbidden:
		return fakeapi.ListWaitlistConsumers403JSONResponse{ForbiddenJSONResponse: fakeapi.ForbiddenJSONResponse{
			Body:    body,
			Headers: fakeapi.ForbiddenResponseHeaders{XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		}}
	case http.StatusNotFound:
		return fakeapi.ListWaitlistConsumers404JSONResponse{NotFoundJSONResponse: fakeapi.NotFoundJSONResponse{
			Body:    body,
			Headers: fakeapi.NotFoundResponseHeaders{XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		}}
	case http.StatusTooManyRequests:
		return fakeapi.ListWaitlistConsumers429JSONResponse{TooManyRequestsJSONResponse: fakeapi.TooManyRequestsJSONResponse{
			Body:    body,
			Headers: fakeapi.TooManyRequestsResponseHeaders{RetryAfter: retryAfter, XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		}}
	case http.StatusInternalServerError:
		return fakeapi.ListWaitlistConsumers500JSONResponse{InternalServerErrorJSONResponse: fakeapi.InternalServerErrorJSONResponse{
			Body:    body,
			Headers: fakeapi.InternalServerErrorResponseHeaders{XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		}}
	}
	return fakeapi.ListWaitlistConsumersdefaultJSONResponse{
		Body:       body,
		Headers:    fakeapi.UnexpectedErrorResponseHeaders{RetryAfter: retryAfter, XRateLimitLimit: limit, XRateLimitRemaining: remaining, XRateLimitReset: reset, XRequestID: requestID},
		StatusCode: status,
	}
}

// rawResponse is a fault's own body, sent as is.
type rawResponse struct {
	status  int
	body    []byte
	headers headerValues
}

// VisitListWaitlistConsumersResponse writes the answer.
func (r rawResponse) VisitListWaitlistConsumersResponse(w http.ResponseWriter) error {
	r.headers.set(w.Header())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	_, err := w.Write(r.body)
	return err
}
