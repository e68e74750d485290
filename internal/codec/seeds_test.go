package codec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// edgeEntries are elements that exercise encoding/json's corners: each must decode exactly as
// encoding/json decodes it, or make the fast path give up.
var edgeEntries = []string{
	`{}`,
	` { } `,
	`null`,
	`[]`,
	`"x"`,
	`123`,
	`{"id":"a","id":"b"}`,
	`{"ID":"a"}`,
	`{"Id":"a","id":"b"}`,
	`{"id":"b","iD":"a"}`,
	`{"\u0069d":"escaped key"}`,
	`{"consumerID":"folded"}`,
	`{"unknown":{"deep":[1,2,{"x":null}]},"id":"x"}`,
	`{"unknowN":[1,2,3]}`,
	`{"status":"entered"}`,
	`{"status":"not-an-enum"}`,
	`{"status":null}`,
	`{"status":1}`,
	`{"notifiedAt":null}`,
	`{"notifiedAt":"x","notifiedAt":null}`,
	`{"notifiedAt":null,"notifiedAt":"y"}`,
	`{"consumer":null}`,
	`{"consumer":{"id":"a"},"consumer":{"createdBy":"b"}}`,
	`{"consumer":{"metadata":{"a":1}},"consumer":{"metadata":{"b":2}}}`,
	`{"consumer":{"metadata":{"a":1}},"consumer":{"metadata":null}}`,
	`{"consumer":{"metadata":{"a":1,"a":"two"}}}`,
	`{"consumer":{"metadata":{"a":{"nested":[true,false,null,1.5e3,"s"]}}}}`,
	`{"consumer":{"metadata":{"\u00e9t\u00e9":"summer","k\"q":"v\\w"}}}`,
	`{"consumer":{"metadata":[]}}`,
	`{"consumer":{"metadata":{"big":1e400}}}`,
	`{"consumer":{"metadata":{"neg0":-0,"negz":-0.0}}}`,
	`{"consumer":{"lastGeoCoordinates":{"latitude":1,"longitude":2},"lastGeoCoordinates":{"latitude":3}}}`,
	`{"consumer":{"lastGeoCoordinates":null}}`,
	`{"consumer":{"lastGeoCoordinates":{"latitude":1,"longitude":2,"accuracy":{"m":[1,null]},"Latitude":5}}}`,
	`{"consumer":{"aov":null,"ltv":""}}`,
	`{"consumer":{"aov":"1","aov":null}}`,
	`{"consumer":{}}`,
	`{"id":"abc","id":""}`,
	`{"consumer":{"email":"a@b.c","email":""}}`,
	`{"later":12345678901234567890,"later":"again","Consumer":{"id":"shadow"},"consumer":{"ID":1,"fresh":[]}}`,
	`{"x":  { "spaced" : [ 1 , 2 ] } , "y":"\u00e9\"","z":null}`,
	`{"consumer":{"lastGeoCoordinates":"x"}}`,
	`{"consumer":{"activityRank":1.0}}`,
	`{"consumer":{"activityRank":1e2}}`,
	`{"consumer":{"activityRank":-0}}`,
	`{"consumer":{"activityRank":9223372036854775807}}`,
	`{"consumer":{"activityRank":9223372036854775808}}`,
	`{"consumer":{"activityRank":-9223372036854775808}}`,
	`{"consumer":{"activityRank":null}}`,
	`{"consumer":{"activityRank":"1"}}`,
	`{"consumer":{"activityScore":0.1}}`,
	`{"consumer":{"activityScore":-0}}`,
	`{"consumer":{"activityScore":1.7976931348623157e308}}`,
	`{"consumer":{"activityScore":1.8e308}}`,
	`{"consumer":{"activityScore":4.9e-324}}`,
	`{"consumer":{"activityScore":1e-400}}`,
	`{"consumer":{"activityScore":123456789012345678901234567890}}`,
	`{"consumer":{"activityScore":0.000000000000000000000001}}`,
	`{"consumer":{"activityScore":9007199254740993}}`,
	`{"consumer":{"activityScore":1E+2}}`,
	`{"consumer":{"activityScore":true}}`,
	`{"consumer":{"archived":true,"archived":null}}`,
	`{"consumer":{"archived":"true"}}`,
	`{"consumer":{"createdAt":"2025-10-01T08:15:00Z"}}`,
	`{"consumer":{"createdAt":"2025-10-01T08:15:00.123456789+05:30"}}`,
	`{"consumer":{"createdAt":"2025-10-01T08:15:00-00:00"}}`,
	`{"consumer":{"createdAt":"2025-02-30T08:15:00Z"}}`,
	`{"consumer":{"createdAt":"2025-10-01 08:15:00Z"}}`,
	`{"consumer":{"createdAt":"2025-10-01T08:15:00\u005a"}}`,
	`{"consumer":{"createdAt":null}}`,
	`{"consumer":{"createdAt":"2024-02-29T23:59:59.999999999Z","updatedAt":"2023-02-29T00:00:00Z"}}`,
	`{"consumer":{"lastLoginAt":"2025-10-01T08:15:00.1234567891Z"}}`,
	`{"consumer":{"lastLoginAt":"2025-10-01T24:00:00Z"}}`,
	`{"consumer":{"lastLoginAt":"2025-10-01T08:15:00.5z"}}`,
	`{"consumer":{"createdAt":12}}`,
	`{"consumer":{"updatedAt":"2025-10-01T08:15:00Z","updatedAt":null}}`,
	`{"consumer":{"updatedAt":"2025-10-01T08:15:00Z","updatedAt":"2026-10-01T08:15:00+01:00"}}`,
	`{"consumer":{"updatedAt":"nope"}}`,
	`{"consumer":{"fullName":"Zo\u00eb \ud83d\ude00 \ud83d \udc00 x"}}`,
	`{"consumer":{"fullName":"tab\tin string"}}`,
	`{"consumer":{"fullName":"\u003cb\u003e \u0026 \u2028"}}`,
	`{"consumer":{"fullName":"bad \x ok"}}`,
	"{\"consumer\":{\"fullName\":\"invalid \xff\xfe utf8 \xed\xa0\x80\"}}",
	"{\"consumer\":{\"fullName\":\"ok \xef\xbf\xbd replacement\"}}",
	"{\"id\":\"\xc3\"}",
	`{"consumer":{"fullName":""}}`,
	`{"consumer":{"email":"","phone":null}}`,
	`{"id":"a",}`,
	`{"id":"a" "b":1}`,
	`{"id"}`,
	`{"id":01}`,
	`{"id":"a"} x`,
	`{"id":"a"}}`,
	`{"consumer":{"totalOrders":.5}}`,
	`{"consumer":{"totalOrders":5.}}`,
	`{"consumer":{"totalOrders":-}}`,
	`{"consumer":{"totalOrders":1e}}`,
	`{"consumer":{"totalOrders":tru}}`,
	`{"consumer":{"metadata":{"a":[1,2,]}}}`,
	`{"consumer":{"metadata":{"a":nul}}}`,
	`{"consumer":{"metadata":{"deep":` + strings.Repeat(`[`, 70) + strings.Repeat(`]`, 70) + `}}}`,
	`{"unknown":` + strings.Repeat(`{"a":[`, 40) + `1` + strings.Repeat(`]}`, 40) + `,"id":"after"}`,
	`{"unknown":` + strings.Repeat(`[`, 200) + strings.Repeat(`]`, 199) + `}`,
}

// misfitEntries hold members whose values their fields cannot hold (kept in AdditionalProperties,
// on the fast path) and exotic numbers; each also decodes exactly as encoding/json does.
var misfitEntries = []string{
	`{"consumer":{"createdAt":"2025-01-01 00:00:00"},"id":"e1"}`,
	`{"consumer":{"totalOrders":"7","activityRank":1.5}}`,
	`{"consumer":{"metadata":{"shopifyId":12345678901234567891}}}`,
	`{"consumer":{"metadata":{"a":1e400}}}`,
	`{"consumer":{"metadata":{"b":-0,"c":1.5e-07,"d":12.0,"e":1E3}}}`,
	`{"consumer":{"metadata":{"d":[1,12345678901234567891]}}}`,
	`{"consumer":{"lastGeoCoordinates":{"latitude":"47.3","longitude":1e400}}}`,
	`{"x":1e400,"y":-0,"z":12345678901234567891}`,
	`{"status":{"a":1},"enteredAt":7}`,
	`{"consumer":"x"}`,
	`{"consumer":[]}`,
	`{"aov":1,"consumer":{"aov":1,"ltv":null}}`,
	`{"consumer":{"lastGeoCoordinates":"here","lastGeoCity":7,"engagedCount":true,"archived":"no"}}`,
	`{"consumer":{"email":{"a":1},"createdAt":null,"verificationCodeExpiresAt":[1]},"notifiedAt":5}`,
	`{"consumer":{"metadata":"x","aov":7,"ltv":{}}}`,
}

// seedEntries are realistic entries and the edge cases.
func seedEntries() []string {
	seeds := append(append([]string(nil), edgeEntries...), misfitEntries...)
	for i := range 8 {
		seeds = append(seeds, string(sample.Entry(nil, i, 7)))
	}
	return seeds
}

// TestWriteSeedCorpus writes the seeds into testdata/fuzz when FANFARE_WRITE_CORPUS is set
// (go test -run TestWriteSeedCorpus ./internal/codec with it set), so that they are committed
// for every fuzz target.
func TestWriteSeedCorpus(t *testing.T) {
	if os.Getenv("FANFARE_WRITE_CORPUS") == "" {
		t.Skip("set FANFARE_WRITE_CORPUS=1 to rewrite testdata/fuzz")
	}
	write := func(target string, i int, args ...any) {
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, a := range args {
			switch a := a.(type) {
			case []byte:
				fmt.Fprintf(&b, "[]byte(%q)\n", a)
			case uint16:
				fmt.Fprintf(&b, "uint16(%d)\n", a)
			default:
				t.Fatalf("no corpus syntax for %T", a)
			}
		}
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%03d", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range seedEntries() {
		write("FuzzDecodeWaitlistConsumer", i, []byte(s))
		write("FuzzFramer", i, []byte("["+s+","+s+"]"), uint16(i*37))
	}
}
