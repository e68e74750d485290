// Command fakeserve serves synthetic waitlists from the SDK's fake (clienttest) on a loopback
// port until it is interrupted, so that the CLI can be measured against it from a process of
// its own (its peak RSS and time then are the CLI's alone). It prints the environment the CLI
// needs, one variable per line:
//
//	go run ./bench/cmd/fakeserve -n 200000 > /tmp/fake.env &
//	env $(cat /tmp/fake.env) fanfare waitlist consumers static --format jsonl > /dev/null
//
// Sequence "static" is Synthetic(n, seed); "evolving" is the same list made with
// clienttest.Evolving(seed): each read of it gets the next generation.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

func main() {
	n := flag.Int("n", 200000, "entries in the lists (in generation 0 for the evolving one)")
	seed := flag.Int64("seed", 1, "seed of the synthetic data and of its evolution")
	flag.Parse()
	s := clienttest.NewServer(clienttest.WithRateLimit(1_000_000, time.Minute))
	defer s.Close()
	s.AddSyntheticWaitlist("static", *n, *seed)
	s.AddSyntheticWaitlist("evolving", *n, *seed, clienttest.Evolving(*seed))
	fmt.Printf("FANFARE_BASE_URL=%s\nFANFARE_SECRET_KEY=%s\n", s.URL, s.SecretKey())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
}
