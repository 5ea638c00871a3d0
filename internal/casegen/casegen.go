// Package casegen generates realistic complaint case files for tests and benchmarks.
//
// The cases are what a complaint desk closes in a year: a furniture mall, a
// department store, an online platform, a supermarket chain, an appliance
// chain and an automotive supplier, each with its own people, merchants,
// products, channels and numbering. Everything is drawn from one seeded
// PCG stream, so the same (n, seed) gives the same bytes on every machine;
// nothing reads the clock and no map is iterated while generating.
package casegen

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// File is one generated file: Name is relative and '/'-separated
// ("KS-2026-000042.yaml", "assets/crack-01.jpg"), Data its bytes.
type File struct {
	Name string
	Data []byte
}

// Cases returns n valid, closed cases, numbered in the order they were
// received. About one in five is JSON, the rest YAML. They name pictures
// under assets/ that Assets provides.
func Cases(n int, seed int64) []File { return Mixed(n, seed, Mix{}) }

// Mix is what share of a year's cases are not the plain closed case: for
// the statistics, which count open cases and repeat complaints.
type Mix struct {
	// Open is the share of cases still open: no closure section.
	Open float64
	// Repeat is the share of cases whose customer complained before: the
	// customer (name, phone, ID number) of one of the few cases received
	// just before.
	Repeat float64
}

// Mixed is Cases with some open cases and repeat complainants. Whether a
// case is open or a repeat is drawn from a stream of its own, so the
// cases are otherwise those of Cases(n, seed), and Mixed(n, seed, Mix{})
// is Cases(n, seed).
func Mixed(n int, seed int64, m Mix) []File {
	out := make([]File, 0, max(n, 0))
	mix := newGen(seed, 0x6b657375_6d697865)
	var customers []any // the latest customers, newest last
	g := newGen(seed, 0x6b657375_63617365)
	plans := make([]*plan, max(n, 0))
	for i := range plans {
		plans[i] = g.plan(i)
	}
	slices.SortStableFunc(plans, func(a, b *plan) int { return a.rcv.Compare(b.rcv) })
	next := make([]int, len(orgs))
	for i := range orgs {
		next[i] = g.between(1, 400)
	}
	for _, p := range plans {
		i := slices.Index(orgs, p.o)
		root, c := g.caseFile(p, next[i], forced{})
		next[i]++
		asJSON := g.chance(0.2)
		if m.Repeat > 0 {
			if len(customers) > 0 && mix.chance(m.Repeat) {
				root.set("customer", customers[mix.intn(len(customers))])
			}
			customers = append(customers, root.get("customer"))
			if len(customers) > 8 {
				customers = customers[1:]
			}
		}
		if m.Open > 0 && mix.chance(m.Open) {
			root.del("closure")
		}
		out = append(out, emit(root, c.id, asJSON))
	}
	return out
}

func emit(root *obj, id string, asJSON bool) File {
	if asJSON {
		return File{Name: id + ".json", Data: toJSON(root)}
	}
	header := fmt.Sprintf("kesu 投诉案卷 %s\n由 casegen 生成的测试数据，人物、单位与事件均为虚构。", id)
	return File{Name: id + ".yaml", Data: toYAML(root, header)}
}

// Write writes Cases(n, seed) and Assets() under dir, creating folders,
// and returns the paths of the case files in order.
func Write(dir string, n int, seed int64) ([]string, error) {
	if err := writeFiles(dir, Assets()); err != nil {
		return nil, err
	}
	cases := Cases(n, seed)
	if err := writeFiles(dir, cases); err != nil {
		return nil, err
	}
	paths := make([]string, len(cases))
	for i, f := range cases {
		paths[i] = filepath.Join(dir, filepath.FromSlash(f.Name))
	}
	return paths, nil
}

func writeFiles(dir string, files []File) error {
	made := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if d := path.Dir(f.Name); !made[d] {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
