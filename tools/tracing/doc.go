// Package tracing holds the README's example of tracing the SDK's calls with OpenTelemetry
// (otelhttp as client middleware). It lives in the tools module so that the SDK itself never
// depends on OpenTelemetry. It has no code of its own.
package tracing
