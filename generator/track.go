package generator

import (
	"bytes"
	"cmp"
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/flosch/pongo2/v6"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/render/pdf"
	"github.com/kesuhq/kesu/internal/render/xlsx"
	"github.com/kesuhq/kesu/internal/timeline"
)

// TrackRow is one case of the 投诉跟踪表.
type TrackRow struct {
	File     string    `json:"file"`
	ID       string    `json:"id"`
	Title    string    `json:"title,omitempty"`
	Customer string    `json:"customer,omitempty"`
	Level    string    `json:"level,omitempty"`
	Status   string    `json:"status"`
	Owner    string    `json:"owner,omitempty"`
	Received time.Time `json:"received"`
	Closed   string    `json:"closed,omitempty"`
	// AgeWorkdays counts the working days from the day received to the
	// as-of day (to closure for a closed case).
	AgeWorkdays int `json:"age_workdays"`
	// Next is the earliest deadline still to come (nil: none left but
	// the overdue ones).
	Next *Deadline `json:"next,omitempty"`
	// Overdue are the deadlines passed and not met.
	Overdue     []Deadline   `json:"overdue,omitempty"`
	Escalations []Escalation `json:"escalations,omitempty"`
	Warnings    []Problem    `json:"warnings,omitempty"`
}

// Track is the tracking table of a set of cases at one day.
type Track struct {
	AsOf time.Time  `json:"as_of"`
	Open int        `json:"open"`
	Rows []TrackRow `json:"rows"`
}

// Track builds the 投诉跟踪表: the open cases and those closed within
// recentDays before the as-of day, most urgent first (most overdue items,
// then the nearest next deadline, then the oldest), closed cases last.
// With day zero the table is judged at the latest date any of the cases
// records, so the same cases always give the same table.
func (g *Generator) Track(cases []*Case, day time.Time, recentDays int) *Track {
	if day.IsZero() {
		for _, c := range cases {
			if t := timeline.LatestTime(c.cf.Root); t.After(day) {
				day = t
			}
		}
	}
	y, m, d := day.Date()
	day = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	tr := &Track{AsOf: day, Rows: []TrackRow{}}
	for _, pc := range cases {
		c := pc.cf
		t := g.timeline(c, day)
		if t == nil || t.Received.After(t.AsOf) {
			continue // not received yet on the as-of day
		}
		if cl := c.Root.Lookup("/closure/closed_on"); cl != nil {
			closed, err := time.Parse(time.DateOnly, cl.Text)
			if err != nil || day.Sub(closed) > time.Duration(recentDays)*24*time.Hour || closed.After(day) {
				continue
			}
		} else {
			tr.Open++
		}
		pt := publicTimeline(c.File, t)
		r := TrackRow{File: c.File, ID: c.ID(), Title: text(c.Root, "/title"), Customer: text(c.Root, "/customer/name"),
			Level: text(c.Root, "/intake/level"), Status: t.Status, Owner: t.Owner, Received: t.Received,
			Closed: text(c.Root, "/closure/closed_on"), AgeWorkdays: t.AgeWorkdays, Escalations: pt.Escalations, Warnings: pt.Warnings}
		if next := t.Upcoming(); next != nil && r.Closed == "" {
			d := Deadline(*next)
			r.Next = &d
		}
		for _, dl := range pt.Deadlines {
			if dl.State == timeline.Overdue {
				r.Overdue = append(r.Overdue, dl)
			}
		}
		tr.Rows = append(tr.Rows, r)
	}
	slices.SortStableFunc(tr.Rows, func(a, b TrackRow) int {
		if (a.Closed == "") != (b.Closed == "") {
			if a.Closed == "" {
				return -1 // open cases first
			}
			return 1
		}
		if x := cmp.Compare(len(b.Overdue), len(a.Overdue)); x != 0 {
			return x
		}
		switch {
		case a.Next != nil && b.Next == nil:
			return -1
		case a.Next == nil && b.Next != nil:
			return 1
		case a.Next != nil && b.Next != nil:
			if x := a.Next.End().Compare(b.Next.End()); x != 0 {
				return x
			}
		}
		if x := cmp.Compare(b.AgeWorkdays, a.AgeWorkdays); x != 0 {
			return x
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return tr
}

// trackWords are the table's words in kesu's two languages; a pack's
// labels may reword any of them under track:.
var trackWords = map[string]map[string]string{
	"zh-CN": {
		"title": "投诉跟踪表", "as_of": "统计日期", "open": "未结案件", "no": "序号", "id": "投诉编号", "customer": "顾客",
		"level": "级别", "status": "状态", "owner": "负责人", "received": "受理日期", "age": "工作日龄", "next": "下一时限",
		"overdue": "超期事项", "escalations": "升级/转办", "closed": "结案日期", "page": "第 {page} 页 共 {pages} 页",
		"reply": "首次答复", "update": "进展告知", "solution": "处理方案", "payment": "付款", "follow_up": "回访",
	},
	"en": {
		"title": "Complaint Tracking Table", "as_of": "As of", "open": "Open cases", "no": "No.", "id": "Case No.", "customer": "Customer",
		"level": "Level", "status": "Status", "owner": "Owner", "received": "Received", "age": "Age (working days)", "next": "Next deadline",
		"overdue": "Overdue", "escalations": "Escalations / transfers", "closed": "Closed", "page": "Page {page} of {pages}",
		"reply": "first reply", "update": "update", "solution": "solution", "payment": "payment", "follow_up": "follow-up",
	},
}

// trackDocument lays the tracking table out as a document both backends
// draw, in the locale given ("": the generator's).
func (g *Generator) trackDocument(tr *Track, asked string) (*doc.Document, error) {
	loc, _, err := g.locales.Decide(locale.Asked{Document: locale.Locale(asked), Option: locale.Locale(g.opts.Locale)})
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("locale %q: pack %s has %v", asked, g.pack.Name, g.pack.Locales)}
	}
	words, err := g.words[loc]()
	if err != nil {
		return nil, &PackError{Err: err}
	}
	labels, err := g.pack.Labels(string(loc))
	if err != nil {
		return nil, &PackError{Err: err}
	}
	base := trackWords["zh-CN"]
	if loc.English() {
		base = trackWords["en"]
	}
	ctx := pongo2.Context{"L": labels}
	w := func(key string) string {
		if s, ok := doc.Lookup(ctx, "L.track."+key).(string); ok {
			return s
		}
		return base[key]
	}
	enum := func(kind, v string) string {
		if s, ok := doc.Lookup(ctx, "L.enum."+kind+"."+v).(string); ok {
			return s
		}
		return v
	}
	kind := func(k string) string {
		if strings.HasPrefix(k, "D") {
			return "8D " + k
		}
		return w(k)
	}
	deadline := func(d *Deadline) string {
		if d.WholeDay {
			return kind(d.Kind) + " " + d.Due.Format(time.DateOnly)
		}
		return kind(d.Kind) + " " + d.Due.Format("2006-01-02 15:04")
	}
	var rows [][]string
	for i, r := range tr.Rows {
		next := ""
		if r.Next != nil {
			next = deadline(r.Next)
		}
		var over []string
		for _, d := range r.Overdue {
			over = append(over, deadline(&d))
		}
		var esc []string
		for _, e := range r.Escalations {
			esc = append(esc, e.At.Format("01-02")+" "+e.From+"→"+e.To)
		}
		status := enum("status", r.Status)
		if r.Closed != "" {
			status += " " + r.Closed
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), r.ID, r.Customer, enum("level", r.Level), status, r.Owner,
			r.Received.Format(time.DateOnly), fmt.Sprint(r.AgeWorkdays), next, strings.Join(over, "\n"), strings.Join(esc, "\n")})
	}
	title := w("title")
	return &doc.Document{
		ID: "track", Name: title, Locale: loc, Words: words, Accent: g.pack.Branding.Accent,
		Page:   doc.Page{Size: "A4", Margins: [4]float64{15, 12, 15, 12}, FontSize: 8.5},
		Footer: doc.Band{Left: w("as_of") + "：" + tr.AsOf.Format(time.DateOnly), Center: w("page")},
		Blocks: []doc.Block{
			{Kind: pack.Heading, Text: title},
			{Kind: pack.Fields, PerRow: 2, Fields: []doc.Field{
				{Label: w("as_of"), Value: tr.AsOf.Format(time.DateOnly)},
				{Label: w("open"), Value: fmt.Sprint(tr.Open)},
			}},
			{Kind: pack.Table, Columns: []doc.Column{
				{Label: w("no"), Width: 3, Align: "center"}, {Label: w("id"), Width: 14}, {Label: w("customer"), Width: 8},
				{Label: w("level"), Width: 5, Align: "center"}, {Label: w("status"), Width: 8, Align: "center"},
				{Label: w("owner"), Width: 6, Align: "center"}, {Label: w("received"), Width: 9, Align: "center"},
				{Label: w("age"), Width: 5, Align: "center"}, {Label: w("next"), Width: 14},
				{Label: w("overdue"), Width: 16}, {Label: w("escalations"), Width: 12},
			}, Rows: rows},
		},
	}, nil
}

// RenderTrack writes the tracking table as PDF or XLSX to w; nothing is
// written unless rendering succeeded.
func (g *Generator) RenderTrack(tr *Track, locale string, format Format, w io.Writer) error {
	d, err := g.trackDocument(tr, locale)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case PDF:
		l, err := pdf.Lay(d, g.fonts, nil)
		if err != nil {
			return err
		}
		meta := pdf.Meta{Title: d.Name, Subject: d.Name, Creator: "kesu " + Version, Lang: string(d.Locale), Date: tr.AsOf}
		if err := pdf.Draw(&buf, l, g.fonts, nil, meta); err != nil {
			return err
		}
	case XLSX:
		if err := xlsx.Render(&buf, d, g.fonts.Regular, nil, tr.AsOf); err != nil {
			return err
		}
	default:
		return &UsageError{Msg: fmt.Sprintf("format %q: expected pdf or xlsx", format)}
	}
	_, err = w.Write(buf.Bytes())
	return err
}
