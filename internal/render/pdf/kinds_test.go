package pdf

import (
	"bytes"
	"encoding/base64"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/render/xlsx"
)

// onePixel is a 1×1 PNG: the picture the image and gallery samples show.
const onePixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="

// TestEveryKindInBothBackEnds holds the two back ends to the closed set of
// block kinds: every kind a pack may name, resolved as doc resolves it,
// lays out in PDF and renders in XLSX. A kind added to pack.Kinds without
// a sample here, or without a case in either back end's switch, fails.
func TestEveryKindInBothBackEnds(t *testing.T) {
	png, err := base64.StdEncoding.DecodeString(onePixel)
	if err != nil {
		t.Fatal(err)
	}
	pics := map[string]*doc.Picture{"a.png": {Data: png, Type: "PNG", W: 1, H: 1},
		doc.QRPrefix + "RC-1": {W: 2, H: 2, Modules: [][]bool{{true, false}, {false, true}}}}
	items := []doc.Item{{Text: "人员未培训", Category: "man", Done: true, Chain: []string{"为什么一", "为什么二"}}}
	samples := map[pack.Kind]doc.Block{
		pack.Heading:    {Text: "客户投诉登记表"},
		pack.Fields:     {Title: "一、客户", Fields: []doc.Field{{Label: "名称", Value: "瑞驰"}}},
		pack.Table:      {Title: "二、物料", Columns: []doc.Column{{Label: "料号", Width: 1}}, Rows: [][]string{{"RC-1"}}},
		pack.Text:       {Title: "三、说明", Text: "壳体气密泄漏。"},
		pack.Signatures: {Boxes: []doc.Signature{{Label: "甲方（签字）", Name: "张晓堃", Date: "2026年11月3日"}}},
		pack.Closing:    {Text: "瑞驰精密压铸有限公司\n2026年11月3日", Seal: "公章"},
		pack.Image:      {Images: []doc.Image{{Src: "a.png", Width: 20, Height: 20}}},
		pack.Gallery:    {Title: "证据", PerRow: 2, Images: []doc.Image{{Src: "a.png", Caption: "照片"}}},
		pack.Checklist:  {Title: "清单", Items: items},
		pack.Fishbone:   {Title: "鱼骨图", Text: "泄漏", Bones: sixBones, Items: items},
		pack.Chain:      {Title: "5-Why", Items: items},
		pack.Chart: {Title: "趋势", Height: 60, Chart: &doc.Chart{Kind: "bar", Labels: []string{"1月", "2月"},
			Series: []doc.Series{{Name: "件数", Values: []float64{3, 5}}}}},
		pack.Spacer:    {Size: 12},
		pack.PageBreak: {},
	}
	// A qr block reaches the back ends as the picture doc makes of it.
	qr, err := doc.Evaluate(&pack.Document{ID: "qr", Blocks: []pack.Block{{Kind: pack.QR, Text: pack.Tpl{Src: "RC-1"}, Width: 20}}},
		map[string]any{}, "zh-CN", doc.DefaultWords("zh-CN"))
	if err != nil || len(qr.Blocks) != 1 || qr.Blocks[0].Kind == pack.QR {
		t.Fatalf("a qr block resolved to %+v, %v: want one block of a kind the back ends draw", qr, err)
	}
	samples[pack.QR] = qr.Blocks[0]

	f := fonts(t)
	for _, k := range pack.Kinds() {
		t.Run(k.String(), func(t *testing.T) {
			b, ok := samples[k]
			if !ok {
				t.Fatalf("no sample block of kind %v: add one here, and the kind to both back ends", k)
			}
			if b.Kind == 0 {
				b.Kind = k
			}
			d := testDoc("zh-CN", doc.Block{Kind: pack.Text, Text: "前文。"}, b)
			l, err := Lay(d, f, pics)
			if err != nil {
				t.Fatalf("PDF: %v", err)
			}
			var out bytes.Buffer
			if err := Draw(&out, l, f, pics, Meta{}); err != nil {
				t.Fatalf("PDF: %v", err)
			}
			out.Reset()
			if err := xlsx.Render(&out, d, f.Regular, pics, time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatalf("XLSX: %v", err)
			}
		})
	}
}
