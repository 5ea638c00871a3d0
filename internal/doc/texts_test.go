package doc

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// TestTextsAreTheJSONStrings fills every string of a Document (two of
// each list) with a value of its own and expects Texts to yield exactly
// the strings its JSON holds, in the order of the fields: a string field
// added to the document and forgotten by Texts fails here.
func TestTextsAreTheJSONStrings(t *testing.T) {
	var d Document
	n := 0
	fill(reflect.ValueOf(&d).Elem(), &n)

	data, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var want []string
	jsonStrings(v, &want)
	want = slices.DeleteFunc(want, func(s string) bool { return s == d.Blocks[0].Kind.String() })

	var got []string
	d.Texts(func(s string) bool { got = append(got, s); return true })
	if len(got) != n {
		t.Errorf("Texts yields %d strings, the document has %d", len(got), n)
	}
	for i, s := range got {
		if s != fmt.Sprintf("s%d", i) {
			t.Errorf("string %d is %q: Texts walks the fields out of order", i, s)
			break
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Texts yields\n%v\nthe JSON holds\n%v", got, want)
	}

	stopped := 0
	d.Texts(func(string) bool { stopped++; return stopped < 3 })
	if stopped != 3 {
		t.Errorf("Texts went on for %d strings after yield said stop at 3", stopped)
	}
}

// fill sets every string v holds to s0, s1… in the order of the fields,
// giving every slice two elements and every pointer a value.
func fill(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
		*n++
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	}
}

func jsonStrings(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, x := range v {
			jsonStrings(x, out)
		}
	case map[string]any:
		for _, x := range v {
			jsonStrings(x, out)
		}
	}
}
