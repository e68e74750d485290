package contract

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

// exchange is one request to the fake and its answer, read whole.
type exchange struct {
	req    *http.Request
	status int
	header http.Header
	body   []byte
}

// get asks the fake for sequenceID's waitlist with the given Authorization ("" for none) and
// reads the answer, gunzipping it when it says gzip.
func get(t *testing.T, s *clienttest.Server, sequenceID, auth string, edit ...func(*http.Request)) exchange {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
		s.URL+"/sequences/"+url.PathEscape(sequenceID)+"/waitlist/consumers", http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for _, e := range edit {
		e(req)
	}
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true, DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", sequenceID, err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", sequenceID, err)
	}
	return exchange{req: req, status: resp.StatusCode, header: resp.Header, body: body}
}

func bearer(s *clienttest.Server) string { return "Bearer " + s.SecretKey() }

// validator is a Validator for the fake s.
func validator(t *testing.T, s *clienttest.Server) *Validator {
	t.Helper()
	v, err := NewValidator(t.Context(), s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wantValid fails the test unless the exchange fits the spec (and has the expected status).
func wantValid(t *testing.T, v *Validator, x exchange, status int) {
	t.Helper()
	if x.status != status {
		t.Fatalf("status %d, want %d: %s", x.status, status, x.body)
	}
	if err := v.ValidateResponse(t.Context(), x.req, x.status, x.header, x.body); err != nil {
		t.Fatalf("the %d response breaks the spec: %v\nbody: %.300s", x.status, err, x.body)
	}
}

func TestSuccessfulResponsesFitTheSpec(t *testing.T) {
	s := clienttest.Start(t)
	v := validator(t, s)
	s.AddSyntheticWaitlist("synthetic", 2000, 1)         // nulls and absent fields as the generator mixes them
	s.AddWaitlist("given", clienttest.Synthetic(300, 2)) // every field sent: explicit zeros, nulls, {}
	s.AddWaitlist("empty", nil)
	s.AddWaitlist("a/b", clienttest.Synthetic(3, 3))
	s.AddSyntheticWaitlist("unknown", 500, 5, clienttest.WithUnknownMembers()) // members the spec does not know

	for _, seq := range []string{"synthetic", "given", "empty", "a/b", "unknown"} {
		t.Run(seq, func(t *testing.T) {
			x := get(t, s, seq, bearer(s))
			wantValid(t, v, x, http.StatusOK)
			for _, h := range []string{"X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
				if x.header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
		})
	}
}

func TestSuccessfulVariantsFitTheSpec(t *testing.T) {
	acceptGzip := func(r *http.Request) { r.Header.Set("Accept-Encoding", "gzip") }
	for _, tc := range []struct {
		name  string
		opts  []clienttest.ServerOption
		fault *clienttest.Fault
		edit  []func(*http.Request)
	}{
		{"gzip when accepted", []clienttest.ServerOption{clienttest.WithGzip()}, nil, []func(*http.Request){acceptGzip}},
		{"gzip forced", nil, &clienttest.Fault{Gzip: true}, nil},
		{"slow headers", nil, &clienttest.Fault{Delay: 20 * time.Millisecond}, nil},
		{"stalled body", nil, &clienttest.Fault{Stall: 20 * time.Millisecond, StallAfter: 1000}, nil},
		{"a 2xx status fault", nil, &clienttest.Fault{Status: http.StatusOK}, nil},
		{"a JSON body fault", nil, &clienttest.Fault{Body: []byte("[]")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := clienttest.Start(t, tc.opts...)
			v := validator(t, s)
			s.AddSyntheticWaitlist("seq", 200, 4)
			if tc.fault != nil {
				s.Enqueue(*tc.fault)
			}
			wantValid(t, v, get(t, s, "seq", bearer(s), tc.edit...), http.StatusOK)
		})
	}
}

func TestErrorResponsesFitTheSpec(t *testing.T) {
	t.Run("401 without a key", func(t *testing.T) {
		s := clienttest.Start(t)
		s.AddWaitlist("seq", nil)
		wantValid(t, validator(t, s), get(t, s, "seq", ""), http.StatusUnauthorized)
	})
	t.Run("401 with a wrong key", func(t *testing.T) {
		s := clienttest.Start(t)
		s.AddWaitlist("seq", nil)
		wantValid(t, validator(t, s), get(t, s, "seq", "Bearer sk_test_wrong"), http.StatusUnauthorized)
	})
	t.Run("404 unknown sequence", func(t *testing.T) {
		s := clienttest.Start(t)
		wantValid(t, validator(t, s), get(t, s, "nope", bearer(s)), http.StatusNotFound)
	})
	t.Run("429 past the rate limit", func(t *testing.T) {
		s := clienttest.Start(t, clienttest.WithRateLimit(1, time.Hour))
		v := validator(t, s)
		s.AddWaitlist("seq", nil)
		wantValid(t, v, get(t, s, "seq", bearer(s)), http.StatusOK)
		x := get(t, s, "seq", bearer(s))
		wantValid(t, v, x, http.StatusTooManyRequests)
		if x.header.Get("Retry-After") == "" || x.header.Get("X-RateLimit-Remaining") != "0" {
			t.Errorf("a rate-limited 429 without Retry-After or Remaining 0: %v", x.header)
		}
	})

	retryDate := time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)
	retryISO := time.Now().Add(time.Minute).UTC().Format(time.RFC3339)
	faults := map[string]clienttest.Fault{
		"400":                         clienttest.Status(400),
		"400 in the prose docs' form": clienttest.StatusBody(400, `{"error":"Validation failed","details":[{"field":"sequenceId","message":"Required"}]}`),
		"401":                         clienttest.Status(401),
		"403":                         clienttest.Status(403),
		"404":                         clienttest.Status(404),
		"408":                         clienttest.Status(408),
		"409":                         clienttest.Status(409),
		"413":                         clienttest.Status(413),
		"423 with an ISO Retry-After": {Status: 423, RetryAfter: retryISO},
		"429 with seconds":            clienttest.RateLimited("30"),
		"429 with an HTTP date":       clienttest.RateLimited(retryDate),
		"429 with an ISO timestamp":   clienttest.RateLimited(retryISO),
		"500":                         clienttest.Status(500),
		"500 with message and code":   clienttest.StatusBody(500, `{"error":"Internal server error","message":"try again","code":"E500"}`),
		"502":                         clienttest.Status(502),
		"503 with Retry-After":        {Status: 503, RetryAfter: "2"},
		"504":                         clienttest.Status(504),
	}
	for name, f := range faults {
		t.Run(name, func(t *testing.T) {
			s := clienttest.Start(t)
			s.AddWaitlist("seq", nil)
			s.Enqueue(f)
			wantValid(t, validator(t, s), get(t, s, "seq", bearer(s)), f.Status)
		})
	}
}

// The faults that are meant to break the contract do break it: the checks see bodies and
// content types, not just status codes.
func TestBrokenResponsesAreRejected(t *testing.T) {
	for name, f := range map[string]clienttest.Fault{
		"proxy HTML 502":          clienttest.HTMLBadGateway(),
		"wrong content type":      clienttest.WrongContentType("text/plain"),
		"truncated JSON":          clienttest.Truncated(500),
		"malformed JSON":          clienttest.Malformed(1),
		"an object, not an array": {Body: []byte(`{"data":[]}`)},
		"null":                    {Body: []byte("null")},
	} {
		t.Run(name, func(t *testing.T) {
			s := clienttest.Start(t)
			s.AddSyntheticWaitlist("seq", 5, 1)
			s.Enqueue(f)
			x := get(t, s, "seq", bearer(s))
			if err := validator(t, s).ValidateResponse(t.Context(), x.req, x.status, x.header, x.body); err == nil {
				t.Fatalf("a %d response with %.80q passed the contract", x.status, x.body)
			}
		})
	}
}

// The contract test can fail: a response with a deliberately wrong entry, sent over HTTP by the
// fake, is rejected by the same check the valid responses pass, with an error naming the field.
func TestWrongEntriesAreRejected(t *testing.T) {
	base := clienttest.Start(t)
	base.AddWaitlist("seq", clienttest.Synthetic(3, 1)) // entry 0 sets every optional field
	valid := string(get(t, base, "seq", bearer(base)).body)
	if !strings.Contains(valid, `"enteredAt":`) {
		t.Fatalf("unexpected valid body: %.200s", valid)
	}
	for _, tc := range []struct {
		name, old, new, field string
	}{
		{"a required field missing", `"enteredAt":`, `"enteredAtX":`, "enteredAt"},
		{"a wrong type", `"status":"notified"`, `"status":5`, "status"},
		{"a value outside the enum", `"status":"notified"`, `"status":"pending"`, "status"},
		{"a malformed uuid", `"id":"`, `"id":"not-a-uuid-`, "id"},
		{"a money field that is not a decimal", `"aov":"`, `"aov":"12,5`, "aov"},
		{"a rank out of range", `"activityRank":`, `"activityRank":9,"x":`, "activityRank"},
		{"an object in metadata", `"metadata":{`, `"metadata":{"nested":{"a":1},`, "metadata"},
		{"a malformed date-time", `"createdAt":"`, `"createdAt":"yesterday`, "createdAt"},
		{"an e-mail address with a non-ASCII local part", `"email":"`, `"email":"siobhán.`, "email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(valid, tc.old) {
				t.Fatalf("the valid body has no %s", tc.old)
			}
			broken := strings.Replace(valid, tc.old, tc.new, 1)
			s := clienttest.Start(t)
			s.Enqueue(clienttest.Fault{Body: []byte(broken)})
			x := get(t, s, "seq", bearer(s))
			err := validator(t, s).ValidateResponse(t.Context(), x.req, x.status, x.header, x.body)
			if err == nil {
				t.Fatalf("a response with %s passed the contract", tc.name)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("the error does not name %s: %v", tc.field, err)
			}
		})
	}

	t.Run("the same body unbroken passes", func(t *testing.T) {
		s := clienttest.Start(t)
		s.Enqueue(clienttest.Fault{Body: []byte(valid)})
		wantValid(t, validator(t, s), get(t, s, "seq", bearer(s)), http.StatusOK)
	})
}
