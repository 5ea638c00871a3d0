package serve

import (
	"io/fs"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/schemas"
)

// loadFS stands in for generator.LoadFS until it lands.
func loadFS(g *generator.Generator, fsys fs.FS, name string) (*generator.Case, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	c, err := g.Parse(name, data, generator.WithAssets(fsys))
	if err != nil {
		return nil, err
	}
	return c, g.Validate(c)
}

func caseSchema() []byte { return schemas.Case }

type docInfo struct {
	id    string
	needs []string
}

func documentList(g *generator.Generator) []docInfo {
	var out []docInfo
	for _, id := range g.Pack().Documents {
		d, _ := g.Document(id)
		out = append(out, docInfo{id, d.Needs})
	}
	return out
}
