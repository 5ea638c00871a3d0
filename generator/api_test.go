package generator_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// importable are the packages outside internal/ and who they are for.
// Anything else belongs under internal/.
var importable = map[string]string{
	"cmd/kesu":  "the command line (a main package: not importable, listed to be complete)",
	"generator": "Go services and tools: the API",
	"schemas":   "the case and document JSON Schemas, for services and editors that validate or serve them",
	"templates": "the embedded default pack, for `kesu pack init` and tools that start a pack from it",
}

// api is every exported name of package generator: top-level names, and
// methods as Type.Method. A new one is a decision; add it here with it.
var api = []string{
	"BatchEvent", "BatchOptions", "BatchResult", "BundleResult",
	"Case", "Case.File", "Case.ID", "Case.Value",
	"Copy", "DocumentInfo",
	"ErrNoAssets", "ErrUnknownDocument", "ErrUnknownFormat",
	"Format", "Formats",
	"Generator", "Generator.Batch", "Generator.Bundle", "Generator.CheckFiles", "Generator.Document",
	"Generator.Documents", "Generator.LedgerRow", "Generator.Limits", "Generator.Load", "Generator.LoadFS",
	"Generator.LoadFile", "Generator.Pack", "Generator.PackHash", "Generator.Parse", "Generator.Prepare", "Generator.Render",
	"Generator.Validate", "Generator.WriteLedger",
	"LedgerRow", "LedgerRow.ID", "Limits", "LintPack", "LoadOption",
	"Manifest", "ManifestFile", "MergeLedgers", "New",
	"Options", "Original", "PDF", "PackError", "PackError.Error", "PackError.Unwrap", "PackInfo",
	"Position", "Position.String", "Problem", "Problem.String", "ReadLedger", "RenderOption", "Result",
	"ThirdParty", "UsageError", "UsageError.Error", "UsageError.Unwrap",
	"ValidationError", "ValidationError.Error", "ValidationError.Unwrap",
	"Verification", "Verification.OK", "VerifyBundle", "Version",
	"WithAssets", "WithCopy", "WithWatermark", "XLSX",
	// kesu report (issue 16). A period's headline counts are fields;
	// every figure is in its JSON, as `kesu report --json` prints it.
	"Generator.Report", "MonthBase", "ReadBase", "ReportFigures", "ReportOptions", "ReportPeriod",
	"ReportPeriod.MarshalJSON", "ReportResult",
	// Files bundle.pdf carries (issue 14).
	"Carried", "CarriedFiles", "CarriedName",
	// One id, one case, across files (issue 17): the CLI's render and
	// bundle refuse both files as batch does; a shard's errors file.
	"DuplicateError", "ErrorsFile", "Generator.DuplicateIDs",
	// A case over time (issue 15): deadlines, warnings, --as-of, the
	// tracking table.
	"Deadline", "Deadline.End", "Deadline.Judged", "Deadline.Met", "Escalation",
	"Step", "Timeline", "Track", "TrackRow", "WithAsOf",
	"Generator.RenderTrack", "Generator.Steps", "Generator.Timeline", "Generator.Track", "Generator.Warnings",
}

func TestImportablePackages(t *testing.T) {
	found := map[string]bool{}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && p != ".." && (name == "internal" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			rel, _ := filepath.Rel("..", filepath.Dir(p))
			found[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range found {
		if _, ok := importable[pkg]; !ok {
			t.Errorf("package %s can be imported: move it under internal/, or add it to importable with the user it is for", pkg)
		}
	}
	for pkg := range importable {
		if !found[pkg] {
			t.Errorf("package %s is listed as importable and does not exist", pkg)
		}
	}
}

func TestAPISurface(t *testing.T) {
	fset := gotoken.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range pkgs["generator"].Files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					names = append(names, d.Name.Name)
					continue
				}
				recv := d.Recv.List[0].Type
				if s, ok := recv.(*ast.StarExpr); ok {
					recv = s.X
				}
				if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
					names = append(names, id.Name+"."+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							names = append(names, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								names = append(names, n.Name)
							}
						}
					}
				}
			}
		}
	}
	slices.Sort(names)
	for _, leak := range internalTypes(pkgs["generator"].Files) {
		t.Errorf("%s: an internal type crosses the API: give generator a type of its own and convert at the boundary", leak)
	}
	for _, n := range names {
		if !slices.Contains(api, n) {
			t.Errorf("generator.%s is exported and not in the API list: unexport it, or add it to api on purpose", n)
		}
	}
	for _, n := range api {
		if !slices.Contains(names, n) {
			t.Errorf("generator.%s is in the API list and not exported: drop it from the list", n)
		}
	}
}

// internalTypes finds where the exported API shows a type of an internal
// package: an alias of one, a field, parameter or result of one.
func internalTypes(files map[string]*ast.File) []string {
	var out []string
	for name, f := range files {
		internal := map[string]bool{}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if !strings.Contains(p, "/internal/") {
				continue
			}
			local := path.Base(p)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			internal[local] = true
		}
		check := func(what string, n ast.Node) {
			if n == nil {
				return
			}
			ast.Inspect(n, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
						out = append(out, fmt.Sprintf("%s: %s (%s.%s)", filepath.Base(name), what, id.Name, sel.Sel.Name))
					}
				}
				return true
			})
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv != nil {
					recv := d.Recv.List[0].Type
					if s, ok := recv.(*ast.StarExpr); ok {
						recv = s.X
					}
					if id, ok := recv.(*ast.Ident); !ok || !id.IsExported() {
						continue
					}
				}
				check(d.Name.Name, d.Type)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						check(ts.Name.Name, ts.Type)
						continue
					}
					for _, fld := range st.Fields.List {
						for _, n := range fld.Names {
							if n.IsExported() {
								check(ts.Name.Name+"."+n.Name, fld.Type)
							}
						}
						if len(fld.Names) == 0 {
							check(ts.Name.Name+" (embedded)", fld.Type)
						}
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
