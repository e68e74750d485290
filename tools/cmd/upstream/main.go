// Command upstream follows Fanfare's published OpenAPI document for the SDK's endpoint.
//
// Usage (from the repository's root: go -C tools run ./cmd/upstream …; relative file names are
// read from tools/ then, so prefer absolute ones or the make targets):
//
//	upstream extract FILE           the slice of a whole published document, canonical, on stdout
//	upstream pin FILE [-commit SHA] write api/upstream/slice.json and lock.json from FILE
//	upstream check                  the lock's hash matches the slice, api/openapi.yaml covers it
//	upstream diff OLD NEW           a Markdown report of what changed from OLD to NEW
//
// FILE, OLD and NEW may each be a whole published document, a slice file in the format of
// shared/reference/upstream/*.json, or a canonical slice. diff exits 0 when nothing changed,
// 1 when a change can break a client, 3 when every change is compatible; check exits 1 on any
// finding; every command exits 2 on misuse.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
