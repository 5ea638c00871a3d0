package casegen

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// gen draws everything from one seeded PCG stream: the same seed gives the
// same draws, on every machine, in every run.
type gen struct{ r *rand.Rand }

func newGen(seed int64, stream uint64) *gen {
	return &gen{rand.New(rand.NewPCG(uint64(seed), stream))}
}

func (g *gen) intn(n int) int { return g.r.IntN(n) }

// between returns an int in [a, b].
func (g *gen) between(a, b int) int {
	if b <= a {
		return a
	}
	return a + g.r.IntN(b-a+1)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) uniform(a, b float64) float64 { return a + (b-a)*g.r.Float64() }

// weighted returns an index drawn with the given weights.
func (g *gen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.r.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// skew draws an index in [0, n), the low ones more often.
func (g *gen) skew(n int) int { return min(g.r.IntN(n), g.r.IntN(n)) }

func pick[T any](g *gen, s []T) T { return s[g.r.IntN(len(s))] }

// subset returns k distinct elements of s, in their original order.
func subset[T any](g *gen, s []T, k int) []T {
	k = min(k, len(s))
	idx := g.r.Perm(len(s))[:k]
	keep := make([]bool, len(s))
	for _, i := range idx {
		keep[i] = true
	}
	out := make([]T, 0, k)
	for i, x := range s {
		if keep[i] {
			out = append(out, x)
		}
	}
	return out
}

// ---- time, as a Chinese office writes it ----

var cst = time.FixedZone("CST", 8*3600)

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, cst)
}

func isoDate(t time.Time) day   { return day(t.Format(time.DateOnly)) }
func rfc(t time.Time) stamp     { return stamp(t.Format("2006-01-02T15:04:05-07:00")) }
func cnDate(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) }
func cnDay(t time.Time) string  { return fmt.Sprintf("%d月%d日", t.Month(), t.Day()) }

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// office moves a time into office hours (08:30-21:00), forward.
func (g *gen) office(t time.Time) time.Time {
	h := t.Hour()
	switch {
	case h < 8 || (h == 8 && t.Minute() < 30):
		return time.Date(t.Year(), t.Month(), t.Day(), 8, 30+g.intn(60), 0, 0, cst)
	case h >= 21:
		n := t.AddDate(0, 0, 1)
		return time.Date(n.Year(), n.Month(), n.Day(), 8, 30+g.intn(60), 0, 0, cst)
	}
	return t.Truncate(time.Minute)
}

// fen is an amount of money in 分; yuan writes it 1680.32.
type fen int64

func (f fen) String() string { return fmt.Sprintf("%d.%02d", f/100, f%100) }

// plain writes an amount the way a text does: 1680.32元, 600元.
func (f fen) plain() string {
	if f%100 == 0 {
		return fmt.Sprintf("%d元", f/100)
	}
	return f.String() + "元"
}
