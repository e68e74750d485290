// Package contract checks HTTP exchanges against the SDK's OpenAPI document (api/openapi.yaml)
// with kin-openapi: every response the fake (client/clienttest) gives that is meant to be valid,
// and every request the client sends. Its tests are the contract tests; the helpers here are
// what they are built from.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/fanfare-go/fanfare/api"
	"github.com/fanfare-go/fanfare/tools/formats"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// securityScheme is the spec's name for the bearer secret key.
const securityScheme = "SecretKeyAuth"

var defineFormatsOnce sync.Once

// defineFormats registers the string formats the spec uses, strictly (package formats), so that
// values are checked against them: a malformed uuid or e-mail address fails validation.
func defineFormats() { defineFormatsOnce.Do(formats.Define) }

// Validator validates requests and responses against the spec, served at one base URL.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

// NewValidator loads the embedded spec (api.Spec) and routes requests sent to baseURL (for
// example a clienttest.Server's URL) to its operations, in place of the spec's own servers.
func NewValidator(ctx context.Context, baseURL string) (*Validator, error) {
	defineFormats()
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(api.Spec)
	if err != nil {
		return nil, fmt.Errorf("load the spec: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("the spec is invalid: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: strings.TrimRight(baseURL, "/")}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route the spec: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
}

// route finds the operation of req. kin-openapi's legacy router matches the decoded path, in
// which an escaped slash inside a sequence id ("a%2Fb") would split the segment: it is given
// the escaped path instead, so each path parameter stays one segment.
func (v *Validator) route(req *http.Request) (*routers.Route, map[string]string, error) {
	r := req.Clone(req.Context())
	r.URL.Path = req.URL.EscapedPath()
	r.URL.RawPath = ""
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s is no operation of the spec: %w", req.Method, req.URL.EscapedPath(), err)
	}
	return route, params, nil
}

// requireBearer is the AuthenticationFunc of the checks: the bearer scheme needs an
// Authorization header "Bearer <non-empty credential>".
func requireBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != securityScheme {
		return fmt.Errorf("unexpected security scheme %q", in.SecuritySchemeName)
	}
	scheme, credential, ok := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(credential) == "" {
		return errors.New("no bearer credential in the Authorization header")
	}
	return nil
}

func (v *Validator) requestInput(req *http.Request) (*openapi3filter.RequestValidationInput, error) {
	route, params, err := v.route(req)
	if err != nil {
		return nil, err
	}
	return &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:                requireBearer,
			MultiError:                        true,
			RejectWhenRequestBodyNotSpecified: true,
		},
	}, nil
}

// ValidateRequest checks a request as the client sent it: its operation, parameters, security
// (a bearer credential) and the absence of a body. req's body is not read.
func (v *Validator) ValidateRequest(ctx context.Context, req *http.Request) error {
	in, err := v.requestInput(req)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(ctx, in)
}

// ValidateResponse checks a response to req: the status must be declared (the spec's default
// counts), the declared headers must fit their schemas, and the body (already read, and
// decompressed if it was gzipped) must fit the content type's schema.
func (v *Validator) ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	reqIn, err := v.requestInput(req)
	if err != nil {
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqIn,
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(bytes.Clone(body))
	return openapi3filter.ValidateResponse(ctx, in)
}

// Recorder is an http.RoundTripper that keeps a copy of every request it sends. Put it below
// the client's own transport layers (client.WithHTTPClient(&http.Client{Transport: rec})), so
// it sees requests exactly as they go out, Authorization included.
type Recorder struct {
	// Next sends the requests; http.DefaultTransport when nil.
	Next http.RoundTripper

	mu       sync.Mutex
	requests []*http.Request
}

// RoundTrip records req and sends it.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.requests = append(r.requests, req.Clone(context.WithoutCancel(req.Context())))
	r.mu.Unlock()
	next := r.Next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// Requests returns the requests recorded so far, in order.
func (r *Recorder) Requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.requests...)
}
