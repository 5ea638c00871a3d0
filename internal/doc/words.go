package doc

import (
	"github.com/kesuhq/kesu/internal/locale"
)

// Words are what kesu's renderers write themselves around what a pack's
// templates give: a signature box's 签字：, the legend of a fishbone. They
// are the pack's labels under draw:, over kesu's own for the language, so
// a pack rewords them (签名： for 签字：) and a pack's new language has
// them in that language.
type Words struct {
	Sign      string `yaml:"sign" json:"sign"`
	Date      string `yaml:"date" json:"date"`
	Seal      string `yaml:"seal" json:"seal"`
	Continued string `yaml:"continued" json:"continued"` // after a title carried to the next page
	Why       string `yaml:"why" json:"why"`             // a 5-Why step; {n} is its number
	Problem   string `yaml:"problem" json:"problem"`     // the fishbone's head, in a workbook
	Other     string `yaml:"other" json:"other"`         // the bone of causes on no bone
	Verified  string `yaml:"verified" json:"verified"`
	Legend    string `yaml:"legend" json:"legend"`
	Dashed    string `yaml:"dashed" json:"dashed"` // {list} is the escape causes' notes
	Gap       string `yaml:"gap" json:"gap"`       // between the entries of a legend
	Em        string `yaml:"em" json:"em"`         // one em of a paragraph's first-line indent
	// Cumulative names a Pareto chart's line of cumulative shares.
	Cumulative string `yaml:"cumulative" json:"cumulative"`
	// End closes a contract's last article: nothing may be added below it.
	End string `yaml:"end" json:"end"`
	// NoText heads a contract's signature page when no line of the text
	// could come along to it (本页无正文): nothing was left off the page.
	NoText string `yaml:"no_text" json:"no_text"`
	// The numbering styles of a text block's paragraphs; {n} is the number
	// in digits, {cn} in Chinese numerals (十二).
	Article string `yaml:"article" json:"article"`
	Chinese string `yaml:"chinese" json:"chinese"`
	Paren   string `yaml:"paren" json:"paren"`
	Decimal string `yaml:"decimal" json:"decimal"`
}

// WordsZhCN and WordsEN are kesu's own words.
var (
	WordsZhCN = Words{Sign: "签字：", Date: "日期：", Seal: "（盖章）", Continued: "（续）", Why: "为什么{n}",
		Problem: "问题", Other: "其他", Verified: "已验证", Legend: "图例：", Dashed: "（虚线：{list}）", Gap: "\u3000", Em: "\u3000", End: "（以下无正文）", NoText: "（本页无正文）", Cumulative: "累计占比",
		Article: "第{cn}条\u3000", Chinese: "{cn}、", Paren: "（{cn}）", Decimal: "{n}. "}
	WordsEN = Words{Sign: "Signature:", Date: "Date:", Seal: "(seal)", Continued: " (continued)", Why: "Why {n}",
		Problem: "Problem", Other: "Other", Verified: "verified", Legend: "Legend: ", Dashed: "(dashed rib: {list})", Gap: "   ", Em: "\u2003", End: "(No text follows.)", NoText: "(No text on this page.)", Cumulative: "Cumulative share",
		Article: "Article {n}.  ", Chinese: "{n}. ", Paren: "{n}. ", Decimal: "{n}. "}
)

// DefaultWords are kesu's words for a locale: English for en…, Chinese
// for any other.
func DefaultWords(loc locale.Locale) Words {
	if loc.English() {
		return WordsEN
	}
	return WordsZhCN
}
