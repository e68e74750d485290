package clienttest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"unsafe"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
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

// unknownNames are the names of the unknown members each object gets (by its schema's name;
// others get defaultUnknownNames), among them a name that differs from a field's only in case.
// A name the spec comes to declare is skipped.
var (
	unknownNames = map[string][]string{
		"WaitlistConsumer": {"priority", "referral", "ID", "position"},
		"Consumer":         {"loyaltyTier", "consents", "Email", "segments"},
		"GeoCoordinates":   {"accuracy", "altitude"},
	}
	defaultUnknownNames = []string{"extension", "revision"}
)

// addUnknownMembers gives e and every object within it that keeps unknown members a few of them,
// drawn from (seed, i).
func addUnknownMembers(seed uint64, i int, e *client.WaitlistConsumer) {
	r := rand.New(rand.NewPCG(seed, unknownStream+uint64(i))) //nolint:gosec // deterministic test data
	addUnknown(r, schema.WaitlistConsumer, unsafe.Pointer(e)) //nolint:gosec // G103: fields are read at the offsets the generated description gives for this struct
}

func addUnknown(r *rand.Rand, o *schema.Object, base unsafe.Pointer) {
	if o.HasExtra {
		names, ok := unknownNames[o.Name]
		if !ok {
			names = defaultUnknownNames
		}
		m := make(map[string]json.RawMessage, len(names))
		for _, n := range names[:1+r.IntN(len(names))] {
			if !slices.ContainsFunc(o.Fields, func(f schema.Field) bool { return f.JSON == n }) {
				m[n] = json.RawMessage(unknownValues[r.IntN(len(unknownValues))])
			}
		}
		*(*map[string]json.RawMessage)(unsafe.Add(base, o.Extra)) = m
	}
	for i := range o.Fields {
		if v := o.Fields[i].Nested(base); v != nil {
			addUnknown(r, o.Fields[i].Object, v)
		}
	}
}

// checkUnknownMembers reports an unknown member of e (or of an object within it) that is not
// valid JSON or has the name of a field the spec knows.
func checkUnknownMembers(e *client.WaitlistConsumer) error {
	return checkObject("", schema.WaitlistConsumer, unsafe.Pointer(e)) //nolint:gosec // G103: fields are read at the offsets the generated description gives for this struct
}

// checkObject checks the unknown members of the struct at base, described by o, and of the
// objects its fields hold.
func checkObject(where string, o *schema.Object, base unsafe.Pointer) error {
	if o.HasExtra {
		for k, v := range *(*map[string]json.RawMessage)(unsafe.Add(base, o.Extra)) {
			if !json.Valid(v) {
				return fmt.Errorf("%sAdditionalProperties[%q] is not valid JSON: %q", where, k, v)
			}
			if slices.ContainsFunc(o.Fields, func(f schema.Field) bool { return f.JSON == k }) {
				return fmt.Errorf("%sAdditionalProperties[%q] has the name of a field", where, k)
			}
		}
	}
	for i := range o.Fields {
		f := &o.Fields[i]
		if v := f.Nested(base); v != nil {
			if err := checkObject(where+f.Go+".", f.Object, v); err != nil {
				return err
			}
		}
	}
	return nil
}
