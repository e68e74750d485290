// Package client reads the consumers on a Fanfare sequence's waitlist.
//
//	c, err := client.New(client.WithSecretKey(os.Getenv("FANFARE_SECRET_KEY")))
//	for entry, err := range c.WaitlistConsumers(ctx, "seq_123") {
//		if err != nil { /* an element that is no entry (*EntryError) or a final error */ }
//		fmt.Println(entry.Consumer.ID, entry.Status)
//	}
//
// The waitlist is one bare JSON array that can run to hundreds of megabytes, so
// [Client.WaitlistConsumers] streams it entry by entry with flat memory, and
// [Client.ListWaitlistConsumers] collects the same stream into a slice.
//
// Each entry is a [WaitlistConsumer], with the consumer's record in its Consumer field (a
// [Consumer]). Both are aliases of the types generated from the API's spec, where every field is
// documented: [gen.WaitlistConsumer] (go doc github.com/fanfare-go/fanfare/gen.WaitlistConsumer)
// and [gen.Consumer]. Import only this package: package gen is the low-level layer it is built
// on, and its own client has none of the retries, pacing, key care and streaming of this one.
//
// Failed calls return an [*APIError] that matches the sentinels [ErrUnauthorized],
// [ErrForbidden], [ErrNotFound], [ErrRateLimited] and [ErrServer] with [errors.Is].
// Transient failures (transport errors, 408, 429, 500, 502, 503, 504) are retried with the
// server's Retry-After hint or exponential backoff, and the organisation's rate limit is
// respected by every goroutine that shares one [Client].
//
// The secret key is never printed: not in errors, logs, nor any %v of any value.
package client
