package generator_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/templates"
)

func TestLintDefaultPackIsClean(t *testing.T) {
	probs, err := generator.LintPack(templates.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("%s", p)
	}
}

// Lint catches a misspelled field, in the case and in a table's rows, at
// its line; and a label one locale lacks.
func TestLintCatchesMisspelledField(t *testing.T) {
	fsys := fstest.MapFS{
		"pack.yaml": {Data: []byte("name: typo\nversion: 1.0.0\nextends: default\n")},
		"documents/registration.yaml": {Data: []byte(`id: registration
name: 登记表
blocks:
  - kind: text
    text: "{{ case.custmer.name }}"
  - kind: table
    rows: case.handling.log
    columns:
      - {label: 时间, value: "{{ row.at }}"}
      - {label: 内容, value: "{{ row.acton }}"}
  - kind: text
    text: |
      第一行
      {{ case.settlement.factz }}
  - kind: text
    template: clauses/typo.{locale}.tpl
`)},
		"clauses/typo.zh-CN.tpl": {Data: []byte("一、{{ case.customer.name }}\n二、{{ case.settlement.totl }}\n")},
		"clauses/typo.en.tpl":    {Data: []byte("1. {{ case.customer.name }}\n")},
		"labels/en.yaml":         {Data: []byte("extra:\n  only_in_english: Only here\n")},
	}
	probs, err := generator.LintPack(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range probs {
		all = append(all, p.String())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		`documents/registration.yaml:5: case.custmer.name: the case format has no field "custmer"`,
		`documents/registration.yaml:10: row.acton: the case format has no field "acton"`,
		`documents/registration.yaml:14: case.settlement.factz: the case format has no field "factz"`,
		`clauses/typo.zh-CN.tpl:2: case.settlement.totl: the case format has no field "totl"`,
		`labels/zh-CN.yaml: label extra.only_in_english is missing`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lint output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "row.at") {
		t.Errorf("row.at is a real field:\n%s", text)
	}
}

// Lint checks document definitions against the document schema: what
// loading lets pass because the document still renders.
func TestLintDocumentSchema(t *testing.T) {
	fsys := fstest.MapFS{
		"pack.yaml": {Data: []byte("name: shapes\nversion: 1.0.0\nextends: default\n")},
		"documents/revisit.yaml": {Data: []byte(`id: revisit
name: 回访记录表
page: {orientation: sideways}
blocks:
  - kind: heading
    text: 回访记录表
    align: middle
  - kind: table
    rows: case.handling.log
  - kind: fields
    per_row: 0
    fields:
      - {label: 回访人}
`)},
	}
	probs, err := generator.LintPack(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range probs {
		all = append(all, p.String())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		`documents/revisit.yaml:3:21: /page/orientation: "sideways" is not allowed`,
		`documents/revisit.yaml:7:12: /blocks/0/align: "middle" is not allowed`,
		`documents/revisit.yaml:8:5: /blocks/1/columns: required field "columns" is missing`,
		`documents/revisit.yaml:11:14: /blocks/2/per_row: 0 is less than the minimum`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lint output lacks %q:\n%s", want, text)
		}
	}
}

// One run reports every check's problems: a template that does not
// compile does not hide a font that is not there, a definition the
// document schema refuses, a misspelled field or a missing label.
func TestLintReportsEveryPhase(t *testing.T) {
	fsys := fstest.MapFS{
		"pack.yaml": {Data: []byte("name: many\nversion: 1.0.0\nextends: default\nfonts:\n  regular: [fonts/nosuch.ttf]\n")},
		// loading: a filter that does not exist
		"documents/registration.yaml": {Data: []byte(`id: registration
name: 登记表
blocks:
  - kind: text
    text: "{{ case.customer.name|nosuchfilter }}"
`)},
		// the document schema
		"documents/apology.yaml": {Data: []byte(`id: apology
name: 致歉函
blocks:
  - kind: heading
    text: 致歉函
    align: middle
`)},
		// the case format's fields
		"documents/agreement.yaml": {Data: []byte(`id: agreement
name: 协议书
blocks:
  - kind: text
    text: "{{ case.custmer.name }}"
`)},
		// labels of every language
		"labels/en.yaml": {Data: []byte("extra:\n  only_in_english: Only here\n")},
	}
	probs, err := generator.LintPack(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range probs {
		all = append(all, p.String())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		`documents/registration.yaml:5:`,
		`nosuchfilter`,
		`fonts/nosuch.ttf`,
		`documents/apology.yaml:6:12: /blocks/0/align: "middle" is not allowed`,
		`documents/agreement.yaml:5: case.custmer.name: the case format has no field "custmer"`,
		`labels/zh-CN.yaml: label extra.only_in_english is missing`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lint output lacks %q:\n%s", want, text)
		}
	}
}
