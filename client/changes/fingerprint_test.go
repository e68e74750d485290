package changes

import (
	"errors"
	"testing"

	"github.com/fanfare-go/fanfare/internal/rawjson"
)

func fingerprint(t *testing.T, entry string) scanned {
	t.Helper()
	var sc scanner
	got, err := sc.entry([]byte(entry))
	if err != nil {
		t.Fatalf("%s: %v", entry, err)
	}
	got.id = append([]byte(nil), got.id...)
	return got
}

const baseEntry = `{"id":"e1","status":"notified","enteredAt":"2025-11-03T09:00:00.000Z","notifiedAt":null,` +
	`"consumer":{"id":"c1","smsOptOut":false,"metadata":{"tags":["a",1,true,null],"n":{"deep":[{"x":1,"y":2}]}},` +
	`"verificationCode":"123456","fullName":"Zoë"},"priority":3}`

// TestFingerprintIgnoresOrderSpaceAndEscapes: the same content written otherwise has the same
// fingerprint.
func TestFingerprintIgnoresOrderSpaceAndEscapes(t *testing.T) {
	want := fingerprint(t, baseEntry).fp
	for _, same := range []string{
		// members reordered, at every depth (objects inside arrays included)
		`{"priority":3,"consumer":{"fullName":"Zoë","verificationCode":"123456","metadata":{"n":{"deep":[{"y":2,"x":1}]},"tags":["a",1,true,null]},` +
			`"smsOptOut":false,"id":"c1"},"notifiedAt":null,"enteredAt":"2025-11-03T09:00:00.000Z","status":"notified","id":"e1"}`,
		// white space everywhere it may be
		" {\n\t\"id\" : \"e1\" ,\r\n \"status\":\"notified\",\"enteredAt\":\"2025-11-03T09:00:00.000Z\",\"notifiedAt\": null ," +
			`"consumer": { "id":"c1", "smsOptOut" :false,"metadata":{ "tags":[ "a" , 1 ,true, null ],"n":{"deep":[ {"x":1,"y":2} ]}},` +
			`"verificationCode":"123456","fullName":"Zoë" } , "priority":3 } `,
		// escapes for the same strings, in keys and values
		`{"\u0069d":"e\u0031","status":"notified","enteredAt":"2025-11-03T09:00:00.000Z","notifiedAt":null,` +
			`"consumer":{"id":"c1","smsOptOut":false,"metadata":{"tags":["\u0061",1,true,null],"n":{"deep":[{"x":1,"y":2}]}},` +
			`"verificationCode":"123456","fullName":"Zo\u00EB"},"priority":3}`,
		// another verification code, or none: it is not part of the fingerprint
		`{"id":"e1","status":"notified","enteredAt":"2025-11-03T09:00:00.000Z","notifiedAt":null,` +
			`"consumer":{"id":"c1","smsOptOut":false,"metadata":{"tags":["a",1,true,null],"n":{"deep":[{"x":1,"y":2}]}},` +
			`"verificationCode":"654321","fullName":"Zoë"},"priority":3}`,
		`{"id":"e1","status":"notified","enteredAt":"2025-11-03T09:00:00.000Z","notifiedAt":null,` +
			`"consumer":{"id":"c1","smsOptOut":false,"metadata":{"tags":["a",1,true,null],"n":{"deep":[{"x":1,"y":2}]}},` +
			`"fullName":"Zoë"},"priority":3}`,
	} {
		if got := fingerprint(t, same).fp; got != want {
			t.Errorf("the same entry written otherwise has another fingerprint:\n%s", same)
		}
	}
}

// TestFingerprintSeesEveryDifference: any member added, removed or changed, at any depth,
// changes the fingerprint.
func TestFingerprintSeesEveryDifference(t *testing.T) {
	base := fingerprint(t, baseEntry).fp
	seen := map[uint64]string{base: baseEntry}
	for _, edit := range [][2]string{
		{`"status":"notified"`, `"status":"converted"`},
		{`"notifiedAt":null`, `"notifiedAt":"2025-11-03T10:00:00.000Z"`},
		{`"notifiedAt":null,`, ``},
		{`"smsOptOut":false`, `"smsOptOut":true`},
		{`"smsOptOut":false`, `"smsOptOut":0`},
		{`"smsOptOut":false`, `"smsOptOut":"false"`},
		{`"priority":3`, `"priority":3.0`},
		{`"priority":3`, `"priority":"3"`},
		{`"priority":3`, `"priority":[3]`},
		{`"priority":3`, `"priority":{"3":3}`},
		{`"priority":3`, `"Priority":3`},
		{`,"priority":3`, ``},
		{`"priority":3`, `"priority":3,"priority":3`},
		{`"tags":["a",1,true,null]`, `"tags":[1,"a",true,null]`},
		{`"tags":["a",1,true,null]`, `"tags":["a",1,true]`},
		{`"tags":["a",1,true,null]`, `"tags":["a",1,true,null,[]]`},
		{`"tags":["a",1,true,null]`, `"tags":[["a",1],[true,null]]`},
		{`"deep":[{"x":1,"y":2}]`, `"deep":[{"x":2,"y":1}]`},
		{`"deep":[{"x":1,"y":2}]`, `"deep":[{"x":1},{"y":2}]`},
		{`"deep":[{"x":1,"y":2}]`, `"deep":{"x":1,"y":2}`},
		{`"fullName":"Zoë"`, `"fullName":"Zoe"`},
		{`"fullName":"Zoë"`, `"fullName":"Zoë "`},
		{`"fullName":"Zoë"`, `"fullName":"\ud800"`},
		{`"id":"c1"`, `"id":"c2"`},
		{`"metadata":{`, `"metadata":{"":null,`},
	} {
		changed := replaceOnce(t, baseEntry, edit[0], edit[1])
		fp := fingerprint(t, changed).fp
		if other, dup := seen[fp]; dup {
			t.Errorf("two different entries have the same fingerprint:\n%s\n%s", other, changed)
		}
		seen[fp] = changed
	}
}

func TestFingerprintFindsTheIDAndTheStatus(t *testing.T) {
	got := fingerprint(t, baseEntry)
	if !got.hasID || string(got.id) != "e1" || string(got.status) != `"notified"` {
		t.Fatalf("id %q (%v), status %s", got.id, got.hasID, got.status)
	}
	for entry, want := range map[string]string{
		`{"id":"a","id":"b"}`:                "b", // the last one, as encoding/json decodes it
		`{"id":"a\"b\\c\u00e9\ud83d\ude00"}`: "a\"b\\cé😀",
		`{"consumer":{"id":"c"},"id":""}`:    "",
	} {
		got := fingerprint(t, entry)
		if !got.hasID || string(got.id) != want {
			t.Errorf("%s: id %q (%v), want %q", entry, got.id, got.hasID, want)
		}
	}
	for _, entry := range []string{`{}`, `{"id":5}`, `{"id":null}`, `{"id":"a","id":1}`, `{"consumer":{"id":"c"}}`} {
		if got := fingerprint(t, entry); got.hasID {
			t.Errorf("%s: found the id %q", entry, got.id)
		}
	}
	if got := fingerprint(t, `{"id":"a","status" : "x" ,"status": {"a" : 1}}`); string(got.status) != `{"a" : 1}` {
		t.Errorf("status %s, want the last one as written", got.status)
	}
}

func TestFingerprintRefusesWhatIsNotAnObject(t *testing.T) {
	var sc scanner
	for _, bad := range []string{``, `null`, `[{"id":"a"}]`, `"id"`, `{"id":"a"`, `{"id":"a"}}`, `{"id" "a"}`, `{"id":"a",}`, `{"a":[1,]}`, `{"a":"\x"}`, `{"a":"\u12"}`} {
		_, err := sc.entry([]byte(bad))
		if err == nil {
			t.Errorf("%q: no error", bad)
		} else if !errors.Is(err, rawjson.ErrSyntax) && !errors.Is(err, errNotObject) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func replaceOnce(t *testing.T, s, old, repl string) string {
	t.Helper()
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + repl + s[i+len(old):]
		}
	}
	t.Fatalf("%q not in the entry", old)
	return ""
}
