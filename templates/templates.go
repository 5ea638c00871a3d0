// Package templates holds kesu's template packs. The default pack is
// embedded in the binary so `kesu render` works with nothing installed.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default is the default pack, rooted at its pack.yaml.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}
