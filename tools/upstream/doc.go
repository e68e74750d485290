// Package upstream follows the part of Fanfare's published OpenAPI document that the SDK covers:
// the slice (the endpoint's path item, the document's servers, security and security schemes),
// its lock (where it was read, and the SHA-256 of its canonical form), the report of what changed
// between two slices ([Diff]) and the check that api/openapi.yaml covers a slice ([Check]), with
// the deliberate differences listed in an allowlist. Command tools/cmd/upstream is its front end.
package upstream
