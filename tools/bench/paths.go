package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/gen"
	ogenclient "github.com/fanfare-go/fanfare/tools/bench/ogen"
)

// Key is the secret key the paths send (the benchmark server does not check it).
const Key = "sk_test_bench"

// A Path is one way of reading a whole waitlist: Run fetches sequence id from the server at
// baseURL, decodes every entry and returns how many there were.
type Path struct {
	Name string
	Run  func(ctx context.Context, hc *http.Client, baseURL, id string) (int, error)
}

// Paths are the ways compared, the baseline (naive) first.
var Paths = []Path{
	{"naive", naive},
	{"floor", floor},
	{"stdlib", stdlib},
	{"decoder", decoderLoop},
	{"ogen", ogen},
	{"sdk-list", sdkList},
	{"sdk-iter", sdkIter},
}

// PathNamed returns the path called name.
func PathNamed(name string) (Path, bool) {
	for _, p := range Paths {
		if p.Name == name {
			return p, true
		}
	}
	return Path{}, false
}

// floor reads the body and discards it: the cost of HTTP alone.
func floor(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	body, err := get(ctx, hc, baseURL, id)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	n, err := io.Copy(io.Discard, body)
	return int(n), err
}

// naive is oapi-codegen's generated client, as a user would call it: it reads the whole body,
// then unmarshals it.
func naive(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	c, err := gen.NewClientWithResponses(baseURL, gen.WithHTTPClient(hc), gen.WithRequestEditorFn(auth))
	if err != nil {
		return 0, err
	}
	resp, err := c.ListWaitlistConsumersWithResponse(ctx, id)
	if err != nil {
		return 0, err
	}
	if resp.JSON200 == nil {
		return 0, fmt.Errorf("naive: status %d", resp.StatusCode())
	}
	return len(*resp.JSON200), nil
}

// stdlib is net/http and encoding/json, the whole array decoded at once from the body.
func stdlib(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	body, err := get(ctx, hc, baseURL, id)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	var entries []gen.WaitlistConsumer
	err = json.NewDecoder(body).Decode(&entries)
	return len(entries), err
}

// decoderLoop is encoding/json's Decoder, one entry at a time: the streaming baseline.
func decoderLoop(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	body, err := get(ctx, hc, baseURL, id)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	dec := json.NewDecoder(body)
	if _, err := dec.Token(); err != nil {
		return 0, err
	}
	n := 0
	for dec.More() {
		var e gen.WaitlistConsumer
		if err := dec.Decode(&e); err != nil {
			return n, err
		}
		n++
	}
	_, err = dec.Token()
	return n, err
}

// ogen is ogen's client generated from the same spec (package ogenclient).
func ogen(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	c, err := ogenclient.NewClient(baseURL, ogenKey{}, ogenclient.WithClient(hc))
	if err != nil {
		return 0, err
	}
	res, err := c.ListWaitlistConsumers(ctx, ogenclient.ListWaitlistConsumersParams{SequenceId: id})
	if err != nil {
		return 0, err
	}
	ok, isOK := res.(*ogenclient.ListWaitlistConsumersOKHeaders)
	if !isOK {
		return 0, fmt.Errorf("ogen: unexpected response %T", res)
	}
	return len(ok.Response), nil
}

// sdkList is the SDK's ListWaitlistConsumers.
func sdkList(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	c, err := sdk(hc, baseURL)
	if err != nil {
		return 0, err
	}
	entries, err := c.ListWaitlistConsumers(ctx, id)
	return len(entries), err
}

// sdkIter is the SDK's streaming iterator, each entry looked at and dropped.
func sdkIter(ctx context.Context, hc *http.Client, baseURL, id string) (int, error) {
	c, err := sdk(hc, baseURL)
	if err != nil {
		return 0, err
	}
	n, sum := 0, 0
	for e, err := range c.WaitlistConsumers(ctx, id) {
		if err != nil {
			return n, err
		}
		n++
		sum += len(e.Consumer.ID)
	}
	if sum == 0 && n > 0 {
		return n, fmt.Errorf("sdk-iter: entries without ids")
	}
	return n, nil
}

func sdk(hc *http.Client, baseURL string) (*client.Client, error) {
	return client.New(client.WithSecretKey(Key), client.WithBaseURL(baseURL), client.WithHTTPClient(hc))
}

func get(ctx context.Context, hc *http.Client, baseURL, id string) (io.ReadCloser, error) {
	req, err := gen.NewListWaitlistConsumersRequest(baseURL, id)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	_ = auth(ctx, req)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body, nil
}

func auth(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer "+Key)
	return nil
}

type ogenKey struct{}

func (ogenKey) SecretKeyAuth(context.Context, ogenclient.OperationName) (ogenclient.SecretKeyAuth, error) {
	return ogenclient.SecretKeyAuth{Token: Key}, nil
}
