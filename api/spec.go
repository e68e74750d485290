// Package api embeds the OpenAPI document the SDK is generated from.
package api

import _ "embed"

// Spec is api/openapi.yaml, the OpenAPI 3.0.3 description of the endpoints this SDK covers.
//
//go:embed openapi.yaml
var Spec []byte
