// Command fpdf8d draws the peers' reference 8D with upstream go-pdf/fpdf:
// the cold-process yardstick of kesu's speed goals (fpdf8d CASE OUT.pdf).
package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/kesuhq/kesu/internal/peer"
	"github.com/kesuhq/kesu/templates"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: fpdf8d CASE.yaml OUT.pdf")
		os.Exit(2)
	}
	if err := draw(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "fpdf8d:", err)
		os.Exit(1)
	}
}

func draw(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	font, err := fs.ReadFile(templates.Default(), "fonts/DroidSansFallbackFull.ttf")
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := peer.Render(f, data, font); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
