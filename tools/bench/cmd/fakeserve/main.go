// Command fakeserve serves synthetic waitlists from the SDK's fake (clienttest) on a loopback
// port until it is interrupted, so that the CLI can be measured against it from a process of
// its own (its peak RSS and time then are the CLI's alone). It prints the environment the CLI
// needs, one variable per line:
//
//	go run ./bench/cmd/fakeserve -n 200000 > /tmp/fake.env &
//	env $(cat /tmp/fake.env) fanfare waitlist consumers static --format jsonl > /dev/null
//
// Sequence "static" is Synthetic(n, seed); "evolving" is the same list made with
// clienttest.Evolving(seed): each read of it gets the next generation. With -prerender, the
// printed base URL is a plain server that sends the static list's bytes, rendered once, for
// every sequence: serving then costs next to nothing, and a run measures the CLI alone.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

func main() {
	n := flag.Int("n", 200000, "entries in the lists (in generation 0 for the evolving one)")
	seed := flag.Int64("seed", 1, "seed of the synthetic data and of its evolution")
	prerender := flag.Bool("prerender", false, "render the static list once and serve those bytes for every sequence, "+
		"so that serving costs next to nothing and the CLI's own speed is what a run measures")
	flag.Parse()
	if err := serve(*n, *seed, *prerender); err != nil {
		fmt.Fprintln(os.Stderr, "fakeserve:", err)
		os.Exit(1)
	}
}

// serve serves the lists until SIGINT or SIGTERM, once it has printed the environment.
func serve(n int, seed int64, prerender bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := clienttest.NewServer(clienttest.WithRateLimit(1_000_000, time.Minute))
	defer s.Close()
	s.AddSyntheticWaitlist("static", n, seed)
	s.AddSyntheticWaitlist("evolving", n, seed, clienttest.Evolving(seed))
	baseURL := s.URL
	if prerender {
		url, stopServing, err := servePrerendered(ctx, s)
		if err != nil {
			return err
		}
		defer stopServing()
		baseURL = url
	}
	fmt.Printf("FANFARE_BASE_URL=%s\nFANFARE_SECRET_KEY=%s\n", baseURL, s.SecretKey())
	<-ctx.Done()
	return nil
}

// servePrerendered reads the static list from s once and serves its bytes, with the fake's key
// checked and a Content-Length, from a plain server of its own: its base URL, and how to stop it.
func servePrerendered(ctx context.Context, s *clienttest.Server) (baseURL string, stop func(), err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/sequences/static/waitlist/consumers", http.NoBody)
	if err != nil {
		return "", nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.SecretKey())
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		return "", nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return "", nil, fmt.Errorf("rendering the static list: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("rendering the static list: status %d", resp.StatusCode)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+s.SecretKey() {
			http.Error(w, `{"error":"Authentication required"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	return srv.URL + "/api", srv.Close, nil
}
