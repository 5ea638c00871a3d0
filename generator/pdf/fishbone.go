package pdf

import "github.com/kesuhq/kesu/generator/doc"

// fishbone and chain are drawn as plain tables until their diagrams land.
func (f *flow) fishbone(b *doc.Block) { f.itemsTable(b) }

func (f *flow) chain(b *doc.Block) { f.itemsTable(b) }

func (f *flow) itemsTable(b *doc.Block) {
	f.sectionTitle(b.Title)
	for _, it := range b.Items {
		text := it.Text
		for _, s := range it.Chain {
			text += "\n→ " + s
		}
		f.row([]*cell{f.mkCell(f.left, f.width*0.2, it.Category, false, fillLabel, ""), f.mkCell(f.left+f.width*0.2, f.width*0.8, text, false, 0, "")}, nil)
	}
	f.flushPending()
}
