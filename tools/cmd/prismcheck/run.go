package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/fanfare-go/fanfare/client"
)

// prismError is in the type of the problem document Prism answers when it fails itself.
const prismError = "stoplight.io/prism/errors"

// defaultStatus is the status asked for to get the `default` response.
const defaultStatus = 503

// sentinels are the errors.Is targets of the statuses that have one.
var sentinels = map[int]error{
	401: client.ErrUnauthorized, 403: client.ErrForbidden, 404: client.ErrNotFound,
	429: client.ErrRateLimited, 500: client.ErrServer, 503: client.ErrServer,
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("prismcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "the Prism mock server's base URL")
	n := fs.Int("n", 50, "responses per status")
	spec := fs.String("spec", "api/openapi.yaml", "the spec Prism serves")
	if fs.Parse(args) != nil || *url == "" || *n < 1 || fs.NArg() != 0 {
		_, _ = fmt.Fprintln(stderr, "usage: prismcheck -url URL [-n N] [-spec FILE]")
		return 2
	}
	statuses, err := documented(ctx, *spec)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "prismcheck: %v\n", err)
		return 2
	}
	failed := 0
	for _, status := range statuses {
		var failures []string
		for i := range *n {
			if err := readOne(ctx, *url, status); err != nil {
				failures = append(failures, fmt.Sprintf("response %d: %v", i+1, err))
			}
		}
		_, _ = fmt.Fprintf(stdout, "prismcheck: status %d: %d/%d responses read as documented\n", status, *n-len(failures), *n)
		for i, f := range failures {
			if i == 5 {
				_, _ = fmt.Fprintf(stdout, "  … and %d more\n", len(failures)-i)
				break
			}
			_, _ = fmt.Fprintf(stdout, "  %s\n", f)
		}
		failed += len(failures)
	}
	if failed > 0 {
		_, _ = fmt.Fprintf(stdout, "prismcheck: FAIL: %d response(s) not read as documented\n", failed)
		return 1
	}
	return 0
}

// documented lists the statuses of the spec's operations, `default` as defaultStatus.
func documented(ctx context.Context, spec string) ([]int, error) {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromFile(spec)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for code := range op.Responses.Map() {
				if code == "default" {
					seen[defaultStatus] = true
					continue
				}
				s, err := strconv.Atoi(code)
				if err != nil {
					return nil, fmt.Errorf("response %q is not a status", code)
				}
				seen[s] = true
			}
		}
	}
	var out []int
	for s := range seen {
		out = append(out, s)
	}
	sort.Ints(out)
	return out, nil
}

// readOne asks Prism for one response of the status and reads it with a new client (Prism's
// random rate-limit headers must not pace the next request).
func readOne(ctx context.Context, url string, status int) error {
	c, err := client.New(client.WithBaseURL(url), client.WithSecretKey("sk_test_prismcheck"),
		client.WithMaxRetries(0), client.WithHeader("Prefer", fmt.Sprintf("code=%d, dynamic=true", status)))
	if err != nil {
		return err
	}
	entries, err := c.ListWaitlistConsumers(ctx, "seq_prismcheck")
	var apiErr *client.APIError
	switch {
	case status == 200 && err == nil:
		for i := range entries {
			if entries[i].ID == "" || entries[i].Consumer.ID == "" {
				return fmt.Errorf("entry %d lacks a required id", i)
			}
		}
		return nil
	case status == 200:
		return fmt.Errorf("want entries, got %w", err)
	case !errors.As(err, &apiErr):
		return fmt.Errorf("want an *APIError with status %d, got %w", status, err)
	case bytes.Contains(apiErr.Body, []byte(prismError)):
		return fmt.Errorf("prism failed (%d): %.200s", apiErr.StatusCode, apiErr.Body)
	case apiErr.StatusCode != status:
		return fmt.Errorf("want status %d, got %d: %.200s", status, apiErr.StatusCode, apiErr.Body)
	case apiErr.Type == "":
		return fmt.Errorf("status %d: the body's error member was not read: %.200s", status, apiErr.Body)
	case sentinels[status] != nil && !errors.Is(err, sentinels[status]):
		return fmt.Errorf("status %d: errors.Is(err, %q) is false", status, sentinels[status].Error())
	}
	return nil
}
