// Package fanfare is the Go SDK for Fanfare's waitlist API: it reads the consumers on a sequence's
// waitlist (GET /sequences/{sequenceId}/waitlist/consumers) with a secret key.
//
// Import [github.com/fanfare-go/fanfare/client]; it is the only package a program needs. Tests use
// [github.com/fanfare-go/fanfare/client/clienttest], an in-process fake of the API.
//
// This root package holds no code: it carries the go:generate lines that turn api/openapi.yaml
// into gen/, internal/fakeapi/, internal/codec's decoders, internal/schema's description of the
// schema and client's aliases. Run `make generate` after editing the spec.
package fanfare

//go:generate env GOWORK=off go tool -modfile=tools/go.mod oapi-codegen -config gen/config.yaml api/openapi.yaml
//go:generate env GOWORK=off go tool -modfile=tools/go.mod oapi-codegen -config internal/fakeapi/config.yaml api/openapi.yaml

// The getters of gen's optional fields and string timestamps, read from gen's source.
//go:generate env GOWORK=off go -C tools run ./cmd/accessorgen -in ../gen/fanfare.gen.go -o ../gen/accessors.gen.go

// The streaming decoders of internal/codec, generated from gen's types (after them).
//go:generate env GOWORK=off go -C tools run ./cmd/codecgen -o ../internal/codec/waitlist.gen.go

// The description of the schema that the fake and the tests walk, and client's aliases of gen's
// types and enum constants, from the spec and gen's types (after them).
//go:generate env GOWORK=off go -C tools run ./cmd/schemagen -spec ../api/openapi.yaml -schema ../internal/schema/schema.gen.go -client ../client/types.gen.go
