package doc

// Texts yields every string of the document, field by field in the order
// of their declaration: what it draws and what stands beside it (its ID,
// alignments, picture paths), as the resolved document's JSON holds them,
// without encoding it. A block's Kind is a number, not a string.
func (d *Document) Texts(yield func(string) bool) {
	t := texts{yield: yield}
	t.add(d.ID, d.Name, string(d.Locale), d.Page.Size, d.Page.Orientation)
	for _, b := range []*Band{&d.Header, &d.Footer} {
		t.add(b.Left, b.Center, b.Right)
	}
	t.add(d.Record.Number, d.Record.Author, d.Record.Date, d.Record.Note, d.Watermark, d.Accent)
	for i := range d.Blocks {
		t.block(&d.Blocks[i])
	}
	for _, s := range d.Sheets {
		t.add(s.Name)
		t.columns(s.Columns)
		t.rows(s.Rows)
	}
	w := &d.Words
	t.add(w.Sign, w.Date, w.Seal, w.Continued, w.Why, w.Problem, w.Other, w.Verified, w.Legend,
		w.Dashed, w.Gap, w.Em, w.Cumulative, w.End, w.NoText, w.Article, w.Chinese, w.Paren, w.Decimal)
}

// texts passes strings to yield until it asks to stop.
type texts struct {
	yield func(string) bool
	done  bool
}

func (t *texts) add(ss ...string) {
	for _, s := range ss {
		if t.done {
			return
		}
		t.done = !t.yield(s)
	}
}

func (t *texts) block(b *Block) {
	t.add(b.Title, b.Text, b.Align)
	for _, f := range b.Fields {
		t.add(f.Label, f.Value)
	}
	t.columns(b.Columns)
	t.rows(b.Rows)
	for _, s := range b.Boxes {
		t.add(s.Label, s.Name, s.Date, s.Sign)
	}
	t.add(b.Seal)
	for _, im := range b.Images {
		t.add(im.Src, im.Caption)
	}
	for _, it := range b.Items {
		t.add(it.Text, it.Note, it.Category)
		t.add(it.Chain...)
	}
	for _, bn := range b.Bones {
		t.add(bn.Key, bn.Label)
	}
	if c := b.Chart; c != nil {
		t.add(c.Kind)
		t.add(c.Labels...)
		for _, s := range c.Series {
			t.add(s.Name)
		}
		t.add(c.XLabel, c.YLabel)
	}
	t.add(b.Numbering)
}

func (t *texts) columns(cols []Column) {
	for _, c := range cols {
		t.add(c.Label, c.Align)
	}
}

func (t *texts) rows(rows [][]string) {
	for _, r := range rows {
		t.add(r...)
	}
}
