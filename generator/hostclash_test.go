package generator_test

import (
	"os"
	"strings"
	"testing"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/generator"
)

// kesuFilterNames are the filters a pack writes; a host program may have
// filters of its own by the same names.
var kesuFilterNames = []string{"money", "daxie", "amount_words", "ymd", "ymdhm", "numeral", "copies", "mask_phone", "mask_id", "mask_name"}

func hostFilter(in, _ *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
	return pongo2.AsValue("HOST(" + in.String() + ")"), nil
}

// TestMain is a host that registered money, ymd… in pongo2's process-wide
// registry before it used kesu: every test of this package then runs
// with kesu beside a host's filters of the same names.
func TestMain(m *testing.M) {
	for _, name := range kesuFilterNames {
		if err := pongo2.RegisterFilter(name, hostFilter); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

func TestHostFilterClash(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	x, _ := render(t, g, c, "agreement", generator.XLSX)
	text := xlsxText(t, x)
	containsAll(t, "agreement XLSX", text, "人民币壹万贰仟捌佰元整（¥12,800.00）", "2026年11月8日")
	if strings.Contains(text, "HOST(") {
		t.Errorf("kesu's document used the host's filters:\n%s", text)
	}
	// The host's filters are still the host's.
	for _, name := range kesuFilterNames {
		out, err := pongo2.RenderTemplateString("{{ 12800|"+name+" }}", nil)
		if err != nil || out != "HOST(12800)" {
			t.Errorf("host's %s filter: %q, %v", name, out, err)
		}
	}
}
