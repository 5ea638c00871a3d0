package generator

import (
	"io/fs"

	"github.com/kesuhq/kesu/internal/assets"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/ledger"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/render/pdf"
)

// What the tests look inside: the resolved document, its layout, the
// pack. None of it is API.

func (g *Generator) Resolve(c *Case, docID string, opts ...RenderOption) (*doc.Document, error) {
	d, err := g.resolveDoc(c.cf, docID, opts...)
	return d, public(err)
}

func (g *Generator) Layout(c *Case, docID string, opts ...RenderOption) (*pdf.Layout, error) {
	l, err := g.layout(c.cf, docID, opts...)
	return l, public(err)
}

func (g *Generator) LoadedPack() *pack.Pack { return g.pack }

// SetPlainPDF makes g draw PDFs that are not PDF/A, to measure what
// PDF/A costs.
func (g *Generator) SetPlainPDF(plain bool) { g.plain = plain }

func (c *Case) Source() []byte { return c.cf.Source }

func DirFS(dir string) fs.FS { return assets.DirFS(dir) }

func (r LedgerRow) Row() ledger.Row { return r.row }

func LedgerRowOf(r ledger.Row) LedgerRow { return LedgerRow{r} }
