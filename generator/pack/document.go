package pack

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
	Blocks []Block  `yaml:"blocks"`

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

// Block is one element of a document. Which fields apply depends on Kind:
//
//	heading    Text (Size, Align)
//	fields     Title, PerRow label/value pairs per row, Fields
//	table      Title, Rows (a list in the case), Columns, Empty
//	text       Title, Text (paragraphs; Indent in em for the first line)
//	signatures Boxes
//	spacer     Size (pt of vertical space)
type Block struct {
	Kind    string   `yaml:"kind"`
	When    Cond     `yaml:"when"`
	Title   Tpl      `yaml:"title"`
	Text    Tpl      `yaml:"text"`
	Align   string   `yaml:"align"` // left | center | right
	Size    float64  `yaml:"size"`
	Indent  float64  `yaml:"indent"`
	PerRow  int      `yaml:"per_row"`
	Fields  []Field  `yaml:"fields"`
	Rows    string   `yaml:"rows"` // dotted path, e.g. case.handling.log; each item is `row`
	Columns []Column `yaml:"columns"`
	Empty   Tpl      `yaml:"empty"`
	Boxes   []Box    `yaml:"boxes"`
	// KeepTogether moves the whole block to the next page rather than
	// splitting it (a seal box, a short clause).
	KeepTogether bool `yaml:"keep_together"`
}

// Field is one label/value pair of a fields block.
type Field struct {
	Label Tpl  `yaml:"label"`
	Value Tpl  `yaml:"value"`
	When  Cond `yaml:"when"`
	// Full makes the value take the rest of the row (addresses, long text).
	Full bool `yaml:"full"`
}

// Column is one column of a table block.
type Column struct {
	Label Tpl     `yaml:"label"`
	Value Tpl     `yaml:"value"`
	Width float64 `yaml:"width"` // relative share of the table's width
	Align string  `yaml:"align"`
}

// Box is one signature box: who signs, and prefilled name and date.
type Box struct {
	Label Tpl  `yaml:"label"`
	Name  Tpl  `yaml:"name"`
	Date  Tpl  `yaml:"date"`
	Seal  bool `yaml:"seal"` // leave room for a company seal (盖章)
}

// BlockKinds is the closed set of block kinds; both backends render each.
var BlockKinds = []string{"heading", "fields", "table", "text", "signatures", "spacer"}
