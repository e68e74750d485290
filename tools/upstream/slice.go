package upstream

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Endpoint is the path of the operation the SDK covers.
const Endpoint = "/sequences/{sequenceId}/waitlist/consumers"

// Slice is the part of the published document the SDK follows, as generic JSON (numbers are
// json.Number, so that their text survives). Its canonical form is [Slice.Canonical].
type Slice struct {
	Path            string
	PathItem        map[string]any
	Servers         []any
	Security        []any
	SecuritySchemes map[string]any
	// Source is where the slice was read ("commit" etc.), when the input said so; not hashed.
	Source map[string]any
}

// ErrNotFound is returned by [Extract] when the document has no such path.
var ErrNotFound = errors.New("path not in the document")

// ReadSlice reads a slice from a file in any of the forms this package reads: a whole published
// document (the slice is extracted, see [Extract]), a slice file as in
// shared/reference/upstream/*.json (path, pathItem, servers, security, securitySchemes, and
// extra keys that are ignored), or a canonical slice.
func ReadSlice(name string) (*Slice, error) {
	data, err := os.ReadFile(name) //nolint:gosec // G304: reading the file named by the caller is the point
	if err != nil {
		return nil, err
	}
	s, err := ParseSlice(data, Endpoint)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// ParseSlice is [ReadSlice] on bytes; path is the endpoint to extract from a whole document.
func ParseSlice(data []byte, path string) (*Slice, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if _, ok := doc["pathItem"]; ok {
		return sliceFile(doc)
	}
	if _, ok := doc["paths"]; ok {
		return Extract(doc, path)
	}
	return nil, errors.New("neither a published document (no paths) nor a slice (no pathItem)")
}

// sliceFile reads the slice form.
func sliceFile(doc map[string]any) (*Slice, error) {
	s := &Slice{}
	var ok bool
	if s.Path, ok = doc["path"].(string); !ok {
		return nil, errors.New(`slice: "path" is not a string`)
	}
	if s.PathItem, ok = doc["pathItem"].(map[string]any); !ok {
		return nil, errors.New(`slice: "pathItem" is not an object`)
	}
	s.Servers, _ = doc["servers"].([]any)
	s.Security, _ = doc["security"].([]any)
	s.SecuritySchemes, _ = doc["securitySchemes"].(map[string]any)
	s.Source, _ = doc["source"].(map[string]any)
	return s, nil
}

// Extract takes the slice for path out of a whole published document: the path item with
// every local $ref inlined, the document's servers, security and components.securitySchemes.
func Extract(doc map[string]any, path string) (*Slice, error) {
	paths, _ := doc["paths"].(map[string]any)
	item, ok := paths[path].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, path)
	}
	inlined, err := inline(doc, item, nil)
	if err != nil {
		return nil, fmt.Errorf("path item %s: %w", path, err)
	}
	s := &Slice{Path: path, PathItem: inlined.(map[string]any)}
	s.Servers, _ = doc["servers"].([]any)
	s.Security, _ = doc["security"].([]any)
	if comps, ok := doc["components"].(map[string]any); ok {
		s.SecuritySchemes, _ = comps["securitySchemes"].(map[string]any)
	}
	return s, nil
}

// inline copies v with every local $ref replaced by what it points to; seen holds the refs
// being inlined, so that a recursive schema is an error rather than endless.
func inline(doc map[string]any, v any, seen []string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			for _, s := range seen {
				if s == ref {
					return nil, fmt.Errorf("recursive $ref %s cannot be inlined", ref)
				}
			}
			target, err := pointer(doc, ref)
			if err != nil {
				return nil, err
			}
			return inline(doc, target, append(seen, ref))
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			c, err := inline(doc, e, seen)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			c, err := inline(doc, e, seen)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	return v, nil
}

// pointer resolves a local JSON pointer ref ("#/components/schemas/X") in doc.
func pointer(doc map[string]any, ref string) (any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("$ref %s is not local", ref)
	}
	var cur any = doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %s does not resolve", ref)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %s does not resolve", ref)
		}
	}
	return cur, nil
}

// tree is the slice as the JSON object that is hashed and stored.
func (s *Slice) tree() map[string]any {
	t := map[string]any{"path": s.Path, "pathItem": s.PathItem}
	if s.Servers != nil {
		t["servers"] = s.Servers
	}
	if s.Security != nil {
		t["security"] = s.Security
	}
	if s.SecuritySchemes != nil {
		t["securitySchemes"] = s.SecuritySchemes
	}
	return t
}

// Canonical is the slice's canonical form: JSON with sorted keys, no insignificant space, no
// HTML escaping, numbers as published; and a final newline. [Slice.Source] is not part of it.
func (s *Slice) Canonical() []byte {
	return encode(s.tree(), "")
}

// Indented is the canonical form indented by two spaces: the form stored in api/upstream/,
// easier to review. It hashes as the same slice.
func (s *Slice) Indented() []byte {
	return encode(s.tree(), "  ")
}

// SHA256 is the hex SHA-256 of the canonical form.
func (s *Slice) SHA256() string {
	sum := sha256.Sum256(s.Canonical())
	return hex.EncodeToString(sum[:])
}

// encode writes v as JSON (map keys sorted, as encoding/json does) with a final newline.
func encode(v any, indent string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("upstream: a decoded JSON value does not encode: %v", err)) // cannot happen
	}
	return b.Bytes()
}
