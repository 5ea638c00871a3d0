package pack

import (
	"github.com/kesuhq/kesu/internal/locale"
	"go.yaml.in/yaml/v4"
)

// Document is a pack's definition of one document: page setup and a list
// of blocks from a closed set, with pongo2 templates where the case's data
// goes. It is data, not Go code: a pack adds or rewords documents without
// touching kesu.
type Document struct {
	ID string `yaml:"id"`
	// Name is the document's name for people (登记表, 8D 报告…).
	Name Tpl `yaml:"name"`
	// Needs lists JSON pointers into the case that must be present to
	// render this document; asking for it without them is bad input.
	Needs  []string `yaml:"needs"`
	Page   Page     `yaml:"page"`
	Header Band     `yaml:"header"`
	Footer Band     `yaml:"footer"`
	// Record is the document's entry in a bundle's 卷内目录.
	Record Record  `yaml:"record"`
	Blocks []Block `yaml:"blocks"`
	// Sheets are data sheets the XLSX adds after the form: one table
	// each, with a filter on its header row, for people who sort and count.
	Sheets []Sheet `yaml:"sheets"`

	// File is the pack file the definition was read from.
	File string `yaml:"-"`
}

// Page is the paper and the defaults of body text.
type Page struct {
	Size        string     `yaml:"size"`        // A4 (the only size Chinese offices file)
	Orientation string     `yaml:"orientation"` // portrait | landscape
	Margins     [4]float64 `yaml:"margins"`     // mm: top, right, bottom, left
	FontSize    float64    `yaml:"font_size"`   // pt of body text; 10.5 is 五号
}

// Band is a header or footer line: three slots. In a footer, {page} and
// {pages} become the page number and count.
type Band struct {
	Left   Tpl `yaml:"left"`
	Center Tpl `yaml:"center"`
	Right  Tpl `yaml:"right"`
}

// Record is how a bundle's 卷内目录 (DA/T 22) lists a document: its
// number (文号), who is responsible for it (责任者), its date (ISO
// YYYY-MM-DD; the contents write it as YYYYMMDD) and a remark (备注).
type Record struct {
	Number Tpl `yaml:"number"`
	Author Tpl `yaml:"author"`
	Date   Tpl `yaml:"date"`
	Note   Tpl `yaml:"note"`
}

// Tpls are the record's templates.
func (r *Record) Tpls() []*Tpl { return []*Tpl{&r.Number, &r.Author, &r.Date, &r.Note} }

// Block is one element of a document. Which fields apply depends on Kind:
//
//	heading    Text (Size, Align)
//	fields     Title, PerRow label/value pairs per row, Fields
//	table      Title, Rows (a list in the case), Columns, Empty
//	text       Title, Text or Template (paragraphs; Indent in em for the first line)
//	signatures Boxes, or Rows and one box drawn per row
//	closing    Text (right-aligned lines: organization, signer, date), Seal
//	image      Src (a file of the case), Width and Height in mm, Align
//	qr         Text (the content of a QR code), Width in mm, Align
//	gallery    Title, Rows; per row Src and Caption; PerRow images a row
//	checklist  Title, Rows; per row Item, Done and Note
//	fishbone   Title, Text (the problem, at the head), Bones; Rows, per row Category and Item
//	chain      Title, Rows; per row Item (a heading) and Chain (a list of steps: a 5-Why)
//	chart      Title, Chart (bar, line, pie, pareto), Rows; per row Item (the category) and
//	           one value per Series; XLabel, YLabel, Format (number, percent), Height in mm
//	spacer     Size (pt of vertical space)
//	pagebreak  —
//
// Any block may carry Repeat: it is then rendered once per item of that
// list, the item being `row` and its 1-based position `n`.
type Block struct {
	Kind   Kind   `yaml:"kind"`
	When   Cond   `yaml:"when"`
	Repeat string `yaml:"repeat"`
	Title  Tpl    `yaml:"title"`
	Text   Tpl    `yaml:"text"`
	// Template names a pack file holding the text, with {locale} standing
	// for the locale: clauses a pack words its own way, per language.
	Template string  `yaml:"template"`
	Align    string  `yaml:"align"` // left | center | right
	Size     float64 `yaml:"size"`
	Indent   float64 `yaml:"indent"`
	// Numbering numbers the paragraphs of a text block: article (第一条),
	// chinese (一、), paren (（一）) or decimal (1.).
	Numbering string   `yaml:"numbering"`
	PerRow    int      `yaml:"per_row"`
	Fields    []Field  `yaml:"fields"`
	Rows      string   `yaml:"rows"` // dotted path, e.g. case.handling.log; each item is `row`
	Columns   []Column `yaml:"columns"`
	Empty     Tpl      `yaml:"empty"`
	Boxes     []Box    `yaml:"boxes"`
	Seal      Tpl      `yaml:"seal"` // closing: the word in the seal box; empty for none
	// Per-row templates of image, gallery, checklist, fishbone and chain.
	Src      Tpl     `yaml:"src"`
	Caption  Tpl     `yaml:"caption"`
	Item     Tpl     `yaml:"item"`
	Done     Cond    `yaml:"done"`
	Note     Tpl     `yaml:"note"`
	Category Tpl     `yaml:"category"`
	Chain    string  `yaml:"chain"` // dotted path under row, e.g. row.whys
	Bones    []Bone  `yaml:"bones"`
	Width    float64 `yaml:"width"`  // mm
	Height   float64 `yaml:"height"` // mm
	// A chart's kind, its series (per row a value each), axis labels and
	// how its values read.
	Chart  string   `yaml:"chart"`
	Series []Series `yaml:"series"`
	XLabel Tpl      `yaml:"x_label"`
	YLabel Tpl      `yaml:"y_label"`
	Format string   `yaml:"format"`
	// KeepTogether moves the whole block to the next page rather than
	// splitting it (a seal box, a short clause).
	KeepTogether bool `yaml:"keep_together"`
	// Section numbers the block's title among the document's sections
	// present (一、二、…): a section left out by its `when` leaves no gap.
	Section bool `yaml:"section"`

	// Line and Col are where the block is written in its file.
	Line, Col int `yaml:"-"`

	// texts holds Template compiled per locale.
	texts map[string]*Tpl
	// kindName is the kind as written, for the message when it names none.
	kindName string
}

// UnmarshalYAML keeps where the block is written, so a problem of the
// block as a whole (its kind, its list) is reported at its line.
func (b *Block) UnmarshalYAML(n *yaml.Node) error {
	type plain Block
	if err := n.Load((*plain)(b), yaml.WithKnownFields()); err != nil {
		return err
	}
	b.Line, b.Col = n.Line, n.Column
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "kind" {
			b.kindName = n.Content[i+1].Value
		}
	}
	return nil
}

// Series is one series of a chart: its name, and its value per row.
type Series struct {
	Name  Tpl `yaml:"name"`
	Value Tpl `yaml:"value"`
}

// ChartKinds are the charts a chart block draws. A Pareto chart is bars
// of its first series, largest first as the rows come, with the
// cumulative share drawn over them as a line.
var ChartKinds = []string{"bar", "line", "pie", "pareto"}

// Bone is one category of a fishbone diagram: the key rows name in
// Category, and the label written on the bone.
type Bone struct {
	Key   string `yaml:"key"`
	Label Tpl    `yaml:"label"`
}

// Templates returns the block's template files, compiled, by locale.
func (b *Block) Templates() map[string]*Tpl { return b.texts }

// TextFor returns the block's text template for a locale: its Template
// file for that locale when it has one, else Text.
func (b *Block) TextFor(loc locale.Locale) *Tpl {
	if t, ok := b.texts[string(loc)]; ok {
		return t
	}
	return &b.Text
}

// Sheet is a data sheet of the workbook: a name and a table over a list.
type Sheet struct {
	Name    Tpl      `yaml:"name"`
	Rows    string   `yaml:"rows"`
	Columns []Column `yaml:"columns"`
}

// Field is one label/value pair of a fields block.
type Field struct {
	Label Tpl  `yaml:"label"`
	Value Tpl  `yaml:"value"`
	When  Cond `yaml:"when"`
	// Full makes the value take the rest of the row (addresses, long text).
	Full bool `yaml:"full"`
	// Identifier marks a value that is one token (a case or lot number, a
	// model): it never breaks between words or at its hyphens.
	Identifier bool `yaml:"identifier"`
}

// Column is one column of a table block.
type Column struct {
	Label Tpl     `yaml:"label"`
	Value Tpl     `yaml:"value"`
	Width float64 `yaml:"width"` // relative share of the table's width
	Align string  `yaml:"align"`
	// Identifier: the column's cells never break (see Field.Identifier).
	Identifier bool `yaml:"identifier"`
}

// Box is one signature box: who signs, and prefilled name and date. In a
// signatures block with Rows, the first box is drawn once per row.
type Box struct {
	Label Tpl  `yaml:"label"`
	Name  Tpl  `yaml:"name"`
	Date  Tpl  `yaml:"date"`
	Seal  Cond `yaml:"seal"` // leave room for a company seal (盖章): true, or a condition
	// Sign is the words before the signer's line when they are not the
	// renderer's 签字：, e.g. 法定代表人/授权代表（签字）： for a company.
	Sign Tpl `yaml:"sign"`
}
