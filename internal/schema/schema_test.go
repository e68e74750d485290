package schema

import (
	"reflect"
	"slices"
	"testing"
	"unsafe"

	"github.com/fanfare-go/fanfare/gen"
)

// TestNested checks Nested against package reflect on every field of the entry and the objects
// below it: the object's address for a struct, the pointer for a pointer (nil when nil), and nil
// for a field that holds no object.
func TestNested(t *testing.T) {
	var e gen.WaitlistConsumer
	objects := 0
	var walk func(o *Object, v reflect.Value)
	walk = func(o *Object, v reflect.Value) {
		for i := range o.Fields {
			f := &o.Fields[i]
			fv := v.FieldByName(f.Go)
			base := unsafe.Pointer(v.UnsafeAddr())
			var want unsafe.Pointer
			switch f.Rep {
			case RepStruct:
				want = unsafe.Pointer(fv.UnsafeAddr())
			case RepPtrStruct:
				if got := f.Nested(base); fv.IsNil() && got != nil {
					t.Errorf("%s.%s: Nested of a nil pointer gives %p", o.Name, f.JSON, got)
				}
				fv.Set(reflect.New(fv.Type().Elem())) // so that the object below is walked too
				want = fv.UnsafePointer()
			}
			if got := f.Nested(base); got != want {
				t.Errorf("%s.%s: Nested gives %p, want %p", o.Name, f.JSON, got, want)
			}
			if want != nil {
				objects++
				walk(f.Object, reflect.NewAt(f.Object.Type, want).Elem())
			}
		}
	}
	walk(WaitlistConsumer, reflect.ValueOf(&e).Elem())
	if objects == 0 {
		t.Fatal("no field of the entry holds an object")
	}
}

// TestWalk checks that Walk visits every field of every object once: each Bit, and only those,
// with the object that declares the field.
func TestWalk(t *testing.T) {
	var seen [Bits]bool
	WaitlistConsumer.Walk(func(o *Object, f *Field) {
		if f.Bit < 0 || f.Bit >= Bits || seen[f.Bit] {
			t.Fatalf("%s.%s: bit %d out of range or seen twice", o.Name, f.JSON, f.Bit)
		}
		seen[f.Bit] = true
		if got := o.Field(f.JSON); got != f {
			t.Errorf("%s.Field(%q) = %p, want the walked field %p", o.Name, f.JSON, got, f)
		}
		if !slices.ContainsFunc(o.Fields, func(g Field) bool { return g.Bit == f.Bit && g.JSON == f.JSON }) {
			t.Errorf("%s.%s: not a field of the object given with it", o.Name, f.JSON)
		}
	})
	if f := WaitlistConsumer.Field("no such member"); f != nil {
		t.Errorf("Field of an unknown name: %s", f.JSON)
	}
	for bit, ok := range seen {
		if !ok {
			t.Errorf("no field with bit %d was visited", bit)
		}
	}
}
