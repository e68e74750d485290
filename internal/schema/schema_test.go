package schema

import (
	"reflect"
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
