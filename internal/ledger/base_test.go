package ledger

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReadBase(t *testing.T) {
	got, err := ReadBase("orders.csv", strings.NewReader("\uFEFFmonth,orders\n# 线上订单\n2026-10, 120000\n\n2026-11,98000\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []Base{{"2026-10", 120000}, {"2026-11", 98000}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
	for _, c := range []struct{ in, want string }{
		{"month,orders\n2026-10,120000\n2026-13,5\n", "orders.csv:3: \"2026-13\" is not a month written YYYY-MM"},
		{"2026-10,12万\n", "orders.csv:1: \"12万\" is not a whole number above 0"}, // a first line starting with a month is data
		{"2026-10,1\n2026-11,-4\n", "orders.csv:2: \"-4\" is not a whole number above 0"},
		{"2026-10,1\n2026-11,2,3\n", "orders.csv:2: 3 fields, want 2"},
		{"2026-10,1\n\n2026-10,2\n", "orders.csv:3: month 2026-10 is given twice (first at line 1)"},
		{"2026-10,1\n\"2026-11,2\n", "orders.csv:2:"},
	} {
		_, err := ReadBase("orders.csv", strings.NewReader(c.in))
		var be *BaseError
		if !errors.As(err, &be) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v, want %s", c.in, err, c.want)
		}
	}
}

func FuzzReadBase(f *testing.F) {
	f.Add("month,orders\n2026-10,120000\n")
	f.Add("2026-10,1\n\"2026-11,2\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ReadBase("f.csv", strings.NewReader(in))
		if err != nil {
			var be *BaseError
			if !errors.As(err, &be) || be.Line < 1 {
				t.Fatalf("%q: error without a line: %v", in, err)
			}
			return
		}
		for _, b := range got {
			if b.N <= 0 || len(b.Month) != 7 {
				t.Fatalf("%q: read %v", in, b)
			}
		}
	})
}
