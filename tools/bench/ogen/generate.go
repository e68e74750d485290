// Package ogenclient is ogen's client for api/openapi.yaml, generated for the benchmarks
// (tools/bench) that compare the SDK with other generators. Regenerate with `make generate`.
//
// ogen names its files oas_*_gen.go; the generate line renames them *.gen.go, so that the
// drift check (tools/scripts/check-generated.sh) deletes and regenerates them like the rest.
package ogenclient

//go:generate go tool ogen -loglevel error -config ogen.yml -target . -package ogenclient -clean ../../../api/openapi.yaml
//go:generate sh -c "for f in oas_*_gen.go; do mv -f \"$DOLLAR{f}\" \"$DOLLAR{f%_gen.go}.gen.go\"; done"
