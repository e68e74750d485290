package main

// The json and jsonl exports are byte-faithful: through the built binary, against the fake, for
// many seeds and with members the spec does not know, each exported entry parses to exactly the
// element the server sent (numbers compared as written), less the verification code unless it
// was asked for; --fields takes its values from the same bytes.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

// servedElements fetches the waitlist from s with a plain GET and returns its elements, each
// decoded with numbers kept as written.
func servedElements(t *testing.T, s *clienttest.Server, seq string) []map[string]any {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+"/sequences/"+seq+"/waitlist/consumers", http.NoBody)
	req.Header.Set("Authorization", "Bearer "+s.SecretKey())
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET: %d %v", resp.StatusCode, err)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(raws))
	for i, raw := range raws {
		out[i] = parseObject(t, raw)
	}
	return out
}

func parseObject(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return m
}

// exportedLines parses the jsonl output, or the json array, into objects.
func exportedLines(t *testing.T, out string, array bool) []map[string]any {
	t.Helper()
	if array {
		var raws []json.RawMessage
		if err := json.Unmarshal([]byte(out), &raws); err != nil {
			t.Fatalf("the json export is not an array: %v", err)
		}
		objs := make([]map[string]any, len(raws))
		for i, raw := range raws {
			objs[i] = parseObject(t, raw)
		}
		return objs
	}
	var objs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		objs = append(objs, parseObject(t, sc.Bytes()))
	}
	return objs
}

// withoutCode returns el with its consumer's verificationCode member removed.
func withoutCode(el map[string]any) map[string]any {
	out := make(map[string]any, len(el))
	for k, v := range el {
		out[k] = v
	}
	if k, ok := el["consumer"].(map[string]any); ok {
		c := make(map[string]any, len(k))
		for name, v := range k {
			if name != "verificationCode" {
				c[name] = v
			}
		}
		out["consumer"] = c
	}
	return out
}

func TestExportIsByteFaithful(t *testing.T) {
	s := clienttest.Start(t)
	for seed := range int64(8) {
		var opts []clienttest.SyntheticOption
		if seed%2 == 0 {
			opts = append(opts, clienttest.WithUnknownMembers())
		}
		s.AddSyntheticWaitlist("seq", 150+int(seed)*10, seed, opts...)
		served := servedElements(t, s, "seq")
		for _, format := range []string{"jsonl", "json"} {
			for _, sensitive := range []bool{false, true} {
				args := []string{"waitlist", "consumers", "seq", "--format", format}
				if sensitive {
					args = append(args, "--include-sensitive")
				}
				r := cli(t, against(s), args...)
				wantCode(t, r, 0)
				got := exportedLines(t, r.stdout, format == "json")
				if len(got) != len(served) {
					t.Fatalf("seed %d, %s: %d entries, the server sent %d", seed, format, len(got), len(served))
				}
				for i := range got {
					want := served[i]
					if !sensitive {
						want = withoutCode(want)
					}
					if !reflect.DeepEqual(got[i], want) {
						t.Fatalf("seed %d, %s (sensitive %v), entry %d differs from what was sent:\ngot  %v\nwant %v", seed, format, sensitive, i, got[i], want)
					}
				}
				if !sensitive {
					wantNoCodes(t, r.stdout, nil)
				}
			}
		}
	}
}

func TestExportFieldsComeFromTheSentBytes(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 300, 5, clienttest.WithUnknownMembers())
	served := servedElements(t, s, "seq")
	fields := []string{"id", "status", "notifiedAt", "consumer.email", "consumer.metadata", "consumer.smsOptOut", "consumer.lastGeoCoordinates", "consumer.aov"}
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl", "--fields", strings.Join(fields, ","))
	wantCode(t, r, 0)
	got := exportedLines(t, r.stdout, false)
	if len(got) != len(served) {
		t.Fatalf("%d lines, want %d", len(got), len(served))
	}
	nulls, absents := 0, 0
	for i, obj := range got {
		want := map[string]any{}
		for _, f := range fields {
			v, ok := served[i][f]
			if k, nested := strings.CutPrefix(f, "consumer."); nested {
				v, ok = served[i]["consumer"].(map[string]any)[k]
			}
			switch {
			case !ok:
				absents++ // left out of the line too
			case v == nil:
				nulls++
				fallthrough
			default:
				want[f] = v
			}
		}
		if !reflect.DeepEqual(obj, want) {
			t.Fatalf("line %d:\ngot  %v\nwant %v", i, obj, want)
		}
	}
	if nulls == 0 || absents == 0 {
		t.Fatalf("the data has %d nulls and %d absent fields among the selected: the test proves nothing", nulls, absents)
	}
}

// TestExportOfAPrettyPrintedBody: an array with white space, line breaks inside entries
// included, is exported one compact entry per line, member for member.
func TestExportOfAPrettyPrintedBody(t *testing.T) {
	body := "[\n  {\n    \"id\": \"e1\",\n    \"status\": \"notified\",\n    \"consumer\": {\n      \"id\": \"c1\",\n      \"smsOptOut\": false,\n" +
		"      \"verificationCode\": \"123456\",\n      \"metadata\": { }\n    },\n    \"future\": [ 1 , 2.50 ]\n  }\n]\n"
	s := clienttest.Start(t)
	s.Enqueue(clienttest.Fault{Body: []byte(body)})
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--format", "jsonl")
	wantCode(t, r, 0)
	want := `{"id":"e1","status":"notified","consumer":{"id":"c1","smsOptOut":false,"metadata":{}},"future":[1,2.50]}` + "\n"
	if r.stdout != want {
		t.Fatalf("got  %s\nwant %s", r.stdout, want)
	}
}
