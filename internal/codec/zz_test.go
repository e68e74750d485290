package codec
import (
	"regexp"
	"testing"
	"github.com/fanfare-go/fanfare/gen"
	"github.com/fanfare-go/fanfare/internal/codec/sample"
)
var metaRE = regexp.MustCompile(`"metadata":\{[^}]*\}`)
var timeRE = regexp.MustCompile(`"(\d{4}-\d\d-\d\dT[^"]*)"`)
func benchVariant(b *testing.B, f func([]byte) []byte) {
	var entries [][]byte
	size := 0
	for i := range 1000 {
		e := f(sample.Entry(nil, i, 1))
		entries = append(entries, e)
		size += len(e)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var d Decoder
	vs := make([]gen.WaitlistConsumer, 1)
	for b.Loop() {
		for _, e := range entries {
			vs[0] = gen.WaitlistConsumer{}
			if !d.DecodeWaitlistConsumer(e, &vs[0]) { b.Fatal("gave up") }
		}
	}
}
func BenchmarkVFull(b *testing.B) { benchVariant(b, func(e []byte) []byte { return e }) }
func BenchmarkVNoMeta(b *testing.B) { benchVariant(b, func(e []byte) []byte { return metaRE.ReplaceAll(e, []byte(`"metadata":{}`)) }) }
func BenchmarkVNoTime(b *testing.B) { benchVariant(b, func(e []byte) []byte { return timeRE.ReplaceAll(e, []byte(`null`)) }) }
