package client

import "github.com/fanfare-go/fanfare/gen"

// The aliases of gen's types and their enum constants are generated from the spec, in
// types.gen.go; these are the ones whose name or type the spec does not give.

// Metadata is a consumer's free-form metadata: string, json.Number, bool, nil or []any values
// (the type of [Consumer]'s Metadata field). A number is a json.Number, its text as sent, so
// that json.Marshal writes it back digit for digit; its Float64 and Int64 methods read it.
type Metadata = map[string]any

// ErrorBody is the JSON body of an error response, as the API sends it.
type ErrorBody = gen.Error

// TimestampError is the error of a Get…Time accessor (such as [WaitlistConsumer]'s
// GetEnteredAtTime) whose field holds a string that is not a timestamp: the field and the value.
type TimestampError = gen.TimestampError
