package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/ledger"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/render/pdf"
	"github.com/kesuhq/kesu/internal/render/xlsx"
	"github.com/kesuhq/kesu/internal/report"
)

// ReportOptions choose the period of a 投诉分析报告 and what it is
// compared with.
type ReportOptions struct {
	From, To string // YYYY-MM-DD, both included, by the day each case was received on its own clock
	// Compare is previous (default), year or none.
	Compare string
	// Base is the complaint rate's denominator per month (orders, sales);
	// nil takes the pack's policy.base file, if it names one.
	Base []MonthBase
}

// MonthBase is the complaint rate's denominator for one month.
type MonthBase struct {
	Month string `json:"month"` // 2026-11
	N     int64  `json:"n"`
}

// ReportFigures are a report's figures: the period's and the compared
// period's (nil when compared with none).
type ReportFigures struct {
	Current  ReportPeriod  `json:"current"`
	Previous *ReportPeriod `json:"previous,omitempty"`
}

// ReportPeriod is one period's figures. The counts a caller acts on are
// fields; every figure of the report (rates, sums, breakdowns, repeats,
// complaint rates, 8D actions) is in its JSON, the object
// `kesu report --json` prints as figures and previous.
type ReportPeriod struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`
	// Cases received in the period; of them Closed, and Open at its end,
	// Overdue of those with a deadline passed.
	Cases, Closed, Open, Overdue int
	all                          *ledger.KPIs
}

// MarshalJSON writes every figure of the period.
func (p ReportPeriod) MarshalJSON() ([]byte, error) {
	if p.all == nil {
		type plain ReportPeriod
		return json.Marshal(plain(p))
	}
	return json.Marshal(p.all)
}

func reportPeriod(k *ledger.KPIs) *ReportPeriod {
	if k == nil {
		return nil
	}
	return &ReportPeriod{From: k.Period.From, To: k.Period.To, Cases: k.Cases, Closed: k.Closed, Open: k.Open, Overdue: k.Overdue, all: k}
}

// ReportResult is what a report says in figures.
type ReportResult struct {
	Figures *ReportFigures
	Pages   int
}

// Report writes the 投诉分析报告 of the rows received in a period: the
// pack's report document, resolved once and drawn as a PDF to pdfW and as
// a workbook to xlsxW (either may be nil). Nothing is written unless both
// rendered.
func (g *Generator) Report(ctx context.Context, rows []LedgerRow, o ReportOptions, pdfW, xlsxW io.Writer) (*ReportResult, error) {
	labels, err := g.ledger()
	if err != nil {
		return nil, &PackError{Err: err}
	}
	var base []ledger.Base
	for _, b := range o.Base {
		base = append(base, ledger.Base(b))
	}
	if o.Base == nil && g.pack.Policy.Base != "" {
		data, err := fs.ReadFile(g.pack.FS, g.pack.Policy.Base)
		if err != nil {
			return nil, &PackError{Err: fmt.Errorf("pack.yaml: policy.base: %w", err)}
		}
		if base, err = ledger.ReadBase(g.pack.Policy.Base, bytes.NewReader(data)); err != nil {
			return nil, &PackError{Err: err}
		}
	}
	fig, err := report.Compute(ledgerRows(rows), report.Options{From: o.From, To: o.To, Compare: o.Compare,
		RepeatDays: g.pack.Policy.RepeatDays, Base: base}, labels)
	var ue *report.UsageError
	if errors.As(err, &ue) {
		return nil, &UsageError{Msg: ue.Msg}
	} else if err != nil {
		return nil, err
	}
	if g.pack.Report == "" {
		return nil, &PackError{Err: fmt.Errorf("pack %s names no report document (report: in pack.yaml)", g.pack.Name)}
	}
	loc := g.shared
	l, err := g.pack.Labels(string(loc))
	if err != nil {
		return nil, &PackError{Err: err}
	}
	words, _ := l["report"].(map[string]any)
	rctx, err := report.Context(fig, words, loc, labels.Blank)
	if err != nil {
		return nil, &PackError{Err: fmt.Errorf("labels/%s.yaml: %w", loc, err)}
	}
	def, err := g.pack.Document(g.pack.Report)
	if err != nil {
		return nil, &PackError{Err: err}
	}
	draw, err := g.words[loc]()
	if err != nil {
		return nil, &PackError{Err: err}
	}
	ro := renderOptions{ctx: ctx}
	d, err := g.evaluate(def, pongo2.Context{"report": rctx, "L": l, pack.BudgetKey: pack.NewBudget(ctx, maxDocumentText)}, loc, draw, ro)
	if err != nil {
		return nil, err
	}
	d.Accent = g.pack.Branding.Accent
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Dated by the period's last day, never the clock.
	stamp, _ := time.Parse(time.DateOnly, o.To)
	res := &ReportResult{Figures: &ReportFigures{Current: *reportPeriod(&fig.Current), Previous: reportPeriod(fig.Previous)}}
	var pdfBuf, xlsxBuf bytes.Buffer
	if pdfW != nil {
		lay, err := pdf.Lay(d, g.fonts, nil)
		if err != nil {
			return nil, err
		}
		res.Pages = len(lay.Pages)
		meta := pdf.Meta{Title: d.Name + " " + o.From + "–" + o.To, Subject: d.Name, Creator: "kesu " + Version, Lang: string(d.Locale), Date: stamp}
		if err := pdf.Draw(&pdfBuf, lay, g.fonts, nil, meta); err != nil {
			return nil, err
		}
	}
	if xlsxW != nil {
		if err := xlsx.Render(&xlsxBuf, d, g.fonts.Regular, nil, stamp); err != nil {
			return nil, err
		}
	}
	if pdfW != nil {
		if _, err := pdfW.Write(pdfBuf.Bytes()); err != nil {
			return nil, err
		}
	}
	if xlsxW != nil {
		if _, err := xlsxW.Write(xlsxBuf.Bytes()); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// ReadBase reads the complaint rate's denominators from a small CSV (a
// month and a number a line); a bad line is a *ValidationError at it.
func ReadBase(name string, r io.Reader) ([]MonthBase, error) {
	b, err := ledger.ReadBase(name, r)
	var be *ledger.BaseError
	if errors.As(err, &be) {
		return nil, &ValidationError{File: be.File, Problems: []Problem{{Position: Position{File: be.File, Line: be.Line}, Message: be.Msg}}}
	}
	if err != nil {
		return nil, err
	}
	out := make([]MonthBase, len(b))
	for i := range b {
		out[i] = MonthBase(b[i])
	}
	return out, nil
}
