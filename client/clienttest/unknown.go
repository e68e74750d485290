package clienttest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"

	"github.com/fanfare-go/fanfare/client"
)

// SyntheticOption changes what [Synthetic], [SyntheticEntry] and [Server.AddSyntheticWaitlist]
// make.
type SyntheticOption func(*syntheticConfig)

type syntheticConfig struct {
	unknown    bool
	evolving   bool
	evolveSeed uint64
	generation int
}

func newSyntheticConfig(opts []SyntheticOption) syntheticConfig {
	var c syntheticConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithUnknownMembers gives every synthetic entry, its consumer record and its coordinates
// members that the spec does not know, as a later version of the API might send: numbers past
// float64's precision, strings with escapes, nested objects and arrays, empty ones, null, and a
// key that differs from a known one only in case. They are held in the AdditionalProperties of
// each value and sent as they are, so a test can check that its own code keeps them. The other
// fields are exactly those made without the option.
func WithUnknownMembers() SyntheticOption {
	return func(c *syntheticConfig) { c.unknown = true }
}

// unknownStream is a PCG stream, apart from the entries' own, for the unknown members, so that
// asking for them changes nothing else.
const unknownStream = 1 << 62

// unknownValues are the raw JSON values that unknown members take.
var unknownValues = []string{
	`12345678901234567890`, `-0.000001`, `1e300`, `true`, `false`, `null`, `""`, `{}`, `[]`,
	`"caf\u00e9 \"quoted\" \\ back"`, `"✓ 東京"`, `{"campaign":"spring","clicks":[1,2,3],"ok":true}`,
	`[null,{"deep":{"er":[[]]}},"x"]`, `0`,
}

// addUnknownMembers gives e, its consumer and its coordinates a few unknown members, drawn from
// (seed, i).
func addUnknownMembers(seed uint64, i int, e *client.WaitlistConsumer) {
	r := rand.New(rand.NewPCG(seed, unknownStream+uint64(i))) //nolint:gosec // deterministic test data
	draw := func(names ...string) map[string]json.RawMessage {
		m := make(map[string]json.RawMessage, len(names))
		for _, n := range names[:1+r.IntN(len(names))] {
			m[n] = json.RawMessage(unknownValues[r.IntN(len(unknownValues))])
		}
		return m
	}
	e.AdditionalProperties = draw("priority", "referral", "ID", "position")
	e.Consumer.AdditionalProperties = draw("loyaltyTier", "consents", "Email", "segments")
	if g := e.Consumer.LastGeoCoordinates; g != nil {
		g.AdditionalProperties = draw("accuracy", "altitude")
	}
}

// checkUnknownMembers reports an unknown member of e (or of its consumer or coordinates) that
// is not valid JSON or has the name of a field the spec knows.
func checkUnknownMembers(e *client.WaitlistConsumer) error {
	check := func(where string, t reflect.Type, m map[string]json.RawMessage) error {
		for k, v := range m {
			if !json.Valid(v) {
				return fmt.Errorf("%sAdditionalProperties[%q] is not valid JSON: %q", where, k, v)
			}
			if knownNames(t)[k] {
				return fmt.Errorf("%sAdditionalProperties[%q] has the name of a field", where, k)
			}
		}
		return nil
	}
	if err := check("", reflect.TypeFor[client.WaitlistConsumer](), e.AdditionalProperties); err != nil {
		return err
	}
	if err := check("Consumer.", reflect.TypeFor[client.Consumer](), e.Consumer.AdditionalProperties); err != nil {
		return err
	}
	if g := e.Consumer.LastGeoCoordinates; g != nil {
		return check("Consumer.LastGeoCoordinates.", reflect.TypeFor[client.GeoCoordinates](), g.AdditionalProperties)
	}
	return nil
}

// knownNames returns the JSON names of t's fields.
func knownNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names[name] = true
		}
	}
	return names
}
