package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

// The environment variables client.New reads the secret key and the base URL from.
const (
	envSecretKey = "FANFARE_SECRET_KEY"
	envBaseURL   = "FANFARE_BASE_URL"
)

// fanfareAPI is Fanfare's API root, the client's default base URL.
const fanfareAPI = "https://admin.fanfare.io/api"

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the API or the network failed
	exitUsage   = 2 // the command line (or the environment it relies on) is wrong
)

// usageError prints a usage error and where to find help, in one line, and returns exitUsage.
func usageError(e env, err error, help string) int {
	fmt.Fprintf(e.stderr, "fanfare: %s (run '%s' for usage)\n", oneLine(err.Error()), help)
	return exitUsage
}

// failure prints the one line that explains err and returns its exit code.
func failure(e env, err error, sequenceID string) int {
	msg, code := explain(err, sequenceID)
	if base := e.getenv(envBaseURL); base != "" && errors.Is(err, client.ErrNotFound) {
		msg += baseURLHint(base)
	}
	fmt.Fprintln(e.stderr, "fanfare: "+oneLine(msg))
	return code
}

// baseURLHint is what a 404 adds when the base URL was overridden: a base URL without Fanfare's
// /api root answers 404 for every sequence, which reads like a wrong sequence id.
func baseURLHint(base string) string {
	if !strings.HasSuffix(strings.TrimRight(base, "/"), "/api") {
		return fmt.Sprintf("; %s is %s, which does not end with /api: check it (Fanfare's is %s)", envBaseURL, base, fanfareAPI)
	}
	return fmt.Sprintf("; %s is set to %s: check it is Fanfare's API (%s)", envBaseURL, base, fanfareAPI)
}

// explain turns an error of the client into a sentence for a person, and an exit code.
func explain(err error, sequenceID string) (string, int) {
	var (
		inputErr  *client.InputError
		apiErr    *client.APIError
		refused   *client.RateLimitError
		streamErr *client.StreamError
		entryErrs client.EntryErrors
	)
	switch {
	case errors.As(err, &inputErr):
		return explainInputError(inputErr), exitUsage
	case errors.As(err, &apiErr):
		return explainAPIError(apiErr, sequenceID), exitFailure
	case errors.As(err, &refused):
		return fmt.Sprintf("rate limited: Fanfare's rate limit lets the next request go in %v, at %s; nothing was sent",
			refused.Wait.Round(time.Second), refused.Until.Format(time.RFC3339)), exitFailure
	case errors.As(err, &entryErrs):
		return fmt.Sprintf("%s could not be decoded and left out; the first, entry %d: %v",
			plural(len(entryErrs), "waitlist entry", "waitlist entries"), entryErrs[0].Index, entryErrs[0].Err), exitFailure
	case errors.As(err, &streamErr):
		return explainStreamError(streamErr), exitFailure
	case errors.Is(err, context.Canceled):
		return "interrupted", exitFailure
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out: " + trimPrefix(err), exitFailure
	}
	return "cannot reach Fanfare: " + trimPrefix(err), exitFailure
}

// explainInputError says what input was refused and, for the key and the base URL, where the
// CLI read it from.
func explainInputError(e *client.InputError) string {
	switch e.Kind {
	case client.InputMissingKey:
		return "no secret key: set " + envSecretKey + " to your organisation's sk_live_… or sk_test_… key, or try --demo"
	case client.InputPublishableKey:
		return envSecretKey + " holds a publishable key (pk_…), which cannot read the Admin API: set it to your organisation's secret key (sk_live_… or sk_test_…), or try --demo"
	case client.InputMalformedKey:
		return "the secret key " + e.Reason + " (the key is read from " + envSecretKey + "; try --demo to run without one)"
	case client.InputBaseURL:
		return "invalid " + e.Field + ": " + e.Reason + " (the base URL is read from " + envBaseURL + ")"
	}
	return "invalid " + e.Field + ": " + e.Reason
}

func explainStreamError(e *client.StreamError) string {
	var msg string
	switch {
	case errors.Is(e.Err, client.ErrMalformedResponse) && e.Entries == 0:
		msg = "the response is not a waitlist: " + trimPrefix(e.Err)
	case errors.Is(e.Err, client.ErrMalformedResponse), errors.Is(e.Err, client.ErrResponseTooLarge):
		msg = fmt.Sprintf("the response broke off after %s: %s", plural(e.Entries, "entry", "entries"), trimPrefix(e.Err))
	default:
		msg = fmt.Sprintf("the connection broke after %s: %s", plural(e.Entries, "entry", "entries"), trimPrefix(e.Err))
	}
	return msg + requestID(e.RequestID)
}

// plural writes n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

func explainAPIError(e *client.APIError, sequenceID string) string {
	status := fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	detail := ""
	if e.Message != "" {
		detail = ": " + e.Message
	}
	var msg string
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		msg = fmt.Sprintf("the secret key was rejected (%s). The key is read from %s: check it is your organisation's current sk_live_… or sk_test_… key",
			status, envSecretKey)
	case e.StatusCode == http.StatusForbidden:
		msg = fmt.Sprintf("the secret key may not read the waitlist of sequence %q (%s%s)", sequenceID, status, detail)
	case e.StatusCode == http.StatusNotFound:
		msg = fmt.Sprintf("sequence %q not found (%s)", sequenceID, status)
	case e.StatusCode == http.StatusTooManyRequests:
		msg = "rate limited by Fanfare (" + status + ")"
		if e.RetryAfter > 0 {
			msg += fmt.Sprintf("; retry after %v", e.RetryAfter)
		}
	case e.StatusCode >= 500:
		msg = fmt.Sprintf("Fanfare failed (%s%s)", status, detail)
	default:
		msg = fmt.Sprintf("Fanfare refused the request (%s", status)
		if e.Type != "" && e.Type != http.StatusText(e.StatusCode) {
			msg += ": " + e.Type
		}
		msg += detail + ")"
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return msg + requestID(e.RequestID)
}

func requestID(id string) string {
	if id == "" {
		return ""
	}
	return " [request id " + id + "]"
}

// trimPrefix drops the client's "fanfare: " prefix, which the CLI adds once itself.
func trimPrefix(err error) string {
	s := err.Error()
	for strings.HasPrefix(s, "fanfare: ") {
		s = strings.TrimPrefix(s, "fanfare: ")
	}
	return s
}

// oneLine keeps a message on one line, whatever the server or the network put in it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)), " ")
}
