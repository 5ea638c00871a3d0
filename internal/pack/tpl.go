package pack

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/flosch/pongo2/v6"
	"go.yaml.in/yaml/v4"
)

// Tpl is a pongo2 template written as a string in a pack file. It keeps the
// place it was written so a broken template is reported at its line, and it is
// compiled once, when the pack loads.
type Tpl struct {
	Src       string
	Line, Col int
	t         *pongo2.Template
	// parts are the texts and one-variable prints ({{ row.owner }}) of a
	// template made of nothing else: most of a pack's. Exec writes them
	// itself when each variable names a string or an int, as pongo2 would
	// print it, sparing the 6 µs pongo2 takes to set up each execution;
	// and pongo2 compiles such a template (lazy) only when a variable
	// names anything else, which saves a cold process most of the 5 kB
	// compiling each template allocates.
	parts []part
	lazy  *lazyTpl
	// file is the pack file the template is written in, open what kesu
	// wrote before it, and loader the files it includes: what an error's
	// position is mapped back through.
	file   string
	open   string
	loader *sandboxLoader
	// indent is how far a | block's lines are indented in its file
	// (-1 until it is read): the text pongo2 sees has it taken off.
	indent int
}

// UnmarshalYAML keeps the source and its position; compiling waits until
// the pack's template set exists.
func (t *Tpl) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a text template, found a %s", n.Line, nodeKind(n))
	}
	t.Src, t.Line, t.Col = n.Value, n.Line, n.Column
	if n.Style&yaml.LiteralStyle != 0 {
		t.Line++ // the text starts on the line after the | indicator
		t.indent = -1
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		t.Col++ // and after the quote
	}
	return nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

// IsZero reports whether the template was not written at all.
func (t *Tpl) IsZero() bool { return t.Src == "" }

// constant templates (labels, fixed words) skip pongo2 entirely.
func (t *Tpl) constant() bool {
	return !strings.Contains(t.Src, "{{") && !strings.Contains(t.Src, "{%") && !strings.Contains(t.Src, "{#")
}

// Exec renders the template against ctx. A pack is untrusted input and
// pongo2 panics on some expressions (a subscript that resolves to
// nothing): that is this template's error, not the process's end.
func (t *Tpl) Exec(ctx pongo2.Context) (out string, err error) {
	if t.t == nil && t.lazy == nil {
		return t.Src, nil
	}
	defer func() {
		if r := recover(); r != nil {
			if stop, ok := r.(budgetStop); ok {
				out, err = "", stop.err
				return
			}
			err = fmt.Errorf("the template failed: %v (a subscript that names nothing? write x[key|default:\"\"])", r)
		}
	}()
	b := budgetOf(ctx)
	if v, ok := t.plain(ctx); ok {
		if b != nil {
			if err := b.spend(len(v)); err != nil {
				return "", err
			}
		}
		return v, nil
	}
	tt, err := t.template()
	if err != nil {
		return "", err
	}
	if b == nil {
		return tt.Execute(ctx)
	}
	// The template's kesu_out counts what it writes; unbuffered, so
	// nothing is written that it has not counted.
	b.enter()
	defer b.leave()
	var buf strings.Builder
	if err := tt.ExecuteWriterUnbuffered(ctx, &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// template is t compiled by pongo2, compiling it now if it waited.
func (t *Tpl) template() (*pongo2.Template, error) {
	if t.lazy == nil {
		return t.t, nil
	}
	l := t.lazy
	l.once.Do(func() {
		l.set.mu.Lock()
		defer l.set.mu.Unlock()
		src, _ := rewriteFilters(t.open + t.Src + l.close)
		l.t, l.err = l.set.set.FromString(src)
	})
	return l.t, l.err
}

// lazyTpl is a template of parts, compiled by pongo2 when first needed,
// between its Tpl's open and close.
type lazyTpl struct {
	once  sync.Once
	set   *lockedSet
	close string
	t     *pongo2.Template
	err   error
}

// lockedSet is a document's template set once its pack has loaded: its
// templates of parts compile in it when first needed, from any
// goroutine, and pongo2 marks its set at every compile.
type lockedSet struct {
	mu  sync.Mutex
	set *pongo2.TemplateSet
}

// part is a text, or the variable at a dotted path (row.owner) with
// one of kesu's text filters applied to it, its parameter a text or the
// variable at a dotted path (paramVar); or the entry of the map at the
// path that the variable at key names (L.eightd.kinds[row.kind|default:”]).
type part struct {
	key      string
	text     string
	variable bool
	paramVar bool
	param    string
	filter   func(in, param string) (string, error)
}

// Cond is a `when:` condition: a pongo2 expression such as
// `case.purchase` or `case.closure.outcome == "resolved"`.
type Cond struct {
	Tpl
	// path is the variable a condition that is one (case.purchase) tests:
	// True looks it up itself, and pongo2 compiles the condition only
	// when the value is not plain to see.
	path string
}

// True evaluates the condition; an absent condition is true.
func (c *Cond) True(ctx pongo2.Context) (bool, error) {
	if c.Src == "" {
		return true, nil
	}
	if c.path != "" {
		if v, found, ok := lookup(ctx, c.path); ok {
			if t, ok := truth(v, found); ok {
				return t, nil
			}
		}
	}
	s, err := c.Exec(ctx)
	return s == "1", err
}

// compiler compiles a pack's templates in one sandboxed pongo2 set.
type compiler struct {
	set    *pongo2.TemplateSet
	locked *lockedSet
	fsys   fs.FS
	loader *sandboxLoader
	file   string
	errs   []error
	// lines are file's, read when a | block's indentation is wanted.
	lines []string
	of    string
}

// indent reads how far the | block t is indented in the compiler's file.
func (c *compiler) indent(t *Tpl) {
	if c.of != c.file {
		c.of, c.lines = c.file, nil
		if data, err := readFile(c.fsys, c.file); err == nil {
			c.lines = strings.Split(string(data), "\n")
		}
	}
	t.indent = 0
	if t.Line >= 1 && t.Line <= len(c.lines) {
		line := c.lines[t.Line-1]
		t.indent = len(line) - len(strings.TrimLeft(line, " "))
	}
	t.Col = t.indent + 1
}

// bannedTags are the pongo2 tags a pack may not use: `ssi` reads any file on
// the host; `now` puts the wall clock into a document that must come out
// the same every time it is rendered; `macro` and `import` allow recursion,
// which no timeout can stop (Go cannot recover from a blown stack).
var bannedTags = []string{"ssi", "now", "macro", "import"}

func newCompiler(fsys fs.FS) (*compiler, error) {
	if err := registerFilters(); err != nil {
		return nil, err
	}
	loader := &sandboxLoader{fsys: fsys}
	set := pongo2.NewSet("pack", loader)
	for _, tag := range bannedTags {
		if err := set.BanTag(tag); err != nil {
			return nil, err
		}
	}
	// |random makes two renders of one case differ.
	if err := set.BanFilter("random"); err != nil {
		return nil, err
	}
	return &compiler{set: set, locked: &lockedSet{set: set}, fsys: fsys, loader: loader}, nil
}

// autoescape off: documents are not HTML, and "&" in a company name must
// print as "&". Wrapping each template keeps the setting local to kesu's set
// instead of flipping pongo2's process-wide default. Inside, kesu_out
// counts what the template writes against its document's budget. The
// wrapper adds no newline, so line numbers in errors stay those of the
// pack file.
const (
	wrapOpen  = "{% autoescape off %}{% " + outTag + " %}"
	wrapClose = "{% end" + outTag + " %}{% endautoescape %}"
)

func (c *compiler) tpl(t *Tpl) {
	if t.Src == "" || t.constant() {
		return
	}
	c.compile(t, wrapOpen, t.Src, wrapClose, true)
}

// partsOf splits a template made only of texts and one-variable prints,
// each a dotted name, with no subscript or tag and at most one of kesu's
// text filters (|ymd:locale); nil for any other.
func partsOf(src string) []part {
	if strings.Contains(src, "{%") || strings.Contains(src, "{#") {
		return nil
	}
	var parts []part
	for src != "" {
		i := strings.Index(src, "{{")
		if i < 0 {
			i = len(src)
		}
		if text := src[:i]; text != "" {
			if strings.Contains(text, "}}") {
				return nil
			}
			parts = append(parts, part{text: text})
		}
		if i == len(src) {
			break
		}
		j := strings.Index(src[i:], "}}")
		if j < 0 {
			return nil
		}
		p, ok := printOf(src[i+2 : i+j])
		if !ok {
			return nil
		}
		parts = append(parts, p)
		src = src[i+j+2:]
	}
	return parts
}

// printOf is the part a {{ }} of body prints, if it is one a part can be.
func printOf(body string) (part, bool) {
	body = strings.Trim(body, " ")
	// L.eightd.kinds[row.kind|default:''], a label by a case's key.
	if m, rest, ok := strings.Cut(body, "["); ok {
		key, ok := strings.CutSuffix(rest, "|default:'']")
		if !ok {
			key, ok = strings.CutSuffix(rest, `|default:""]`)
		}
		p := part{text: variablePath(m), variable: true, key: variablePath(key)}
		return p, ok && p.text != "" && p.key != ""
	}
	expr, filter, filtered := strings.Cut(body, "|")
	p := part{text: variablePath(expr), variable: true}
	if p.text == "" {
		return part{}, false
	}
	if !filtered {
		return p, true
	}
	name, arg, hasArg := strings.Cut(filter, ":")
	if p.filter = plainFilter(name); p.filter == nil {
		return part{}, false
	}
	switch n := len(arg); {
	case !hasArg:
	case n >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg[n-1] == arg[0] && !strings.ContainsAny(arg[1:n-1], "'\"\\"):
		p.param = arg[1 : n-1]
	default:
		if p.param = variablePath(arg); p.param == "" {
			return part{}, false
		}
		p.paramVar = true
	}
	return p, true
}

// plainFilter is the kesu filter name that works on text alone (the
// function textFilter makes pongo2's filter of), or nil.
func plainFilter(name string) func(in, param string) (string, error) {
	switch name {
	case "money":
		return money
	case "daxie":
		return daxie
	case "amount_words":
		return amountWords
	case "ymd":
		return ymd
	case "ymdhm":
		return ymdhm
	case "numeral":
		return numeral
	case "copies":
		return copies
	}
	return nil
}

// variablePath is the dotted name of a variable between {{ and }}, or "".
// A pongo2 keyword is pongo2's to read, and so is its own pongo2 variable.
func variablePath(body string) string {
	path := strings.Trim(body, " ")
	if path == "pongo2" || strings.HasPrefix(path, "pongo2.") {
		return ""
	}
	for name := range strings.SplitSeq(path, ".") {
		if name == "" || slices.Contains(pongo2.TokenKeywords, name) {
			return ""
		}
		for i, r := range name {
			if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
				return ""
			}
		}
	}
	return path
}

// plain is what a template of parts prints, where that is plain to see:
// each variable is reached through maps and is a string (printed as is,
// autoescape being off), an int, nil or not there (printed as nothing),
// and so is its filter's parameter, and the filter takes it. Anything
// else is pongo2's to print, or to report.
func (t *Tpl) plain(ctx pongo2.Context) (string, bool) {
	if t.parts == nil {
		return "", false
	}
	if len(t.parts) == 1 {
		return t.parts[0].print(ctx)
	}
	var b strings.Builder
	for _, p := range t.parts {
		s, ok := p.print(ctx)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	return b.String(), true
}

func (p part) print(ctx pongo2.Context) (string, bool) {
	if !p.variable {
		return p.text, true
	}
	v, found, ok := lookup(ctx, p.text)
	if !ok {
		return "", false
	}
	if p.key != "" && found {
		if v, ok = p.entry(ctx, v); !ok {
			return "", false
		}
	}
	s, ok := plainString(v)
	if !ok || p.filter == nil || s == "" {
		return s, ok // textFilter's filters write nothing of nothing
	}
	param := p.param
	if p.paramVar {
		v, _, ok := lookup(ctx, p.param)
		if !ok {
			return "", false
		}
		if param, ok = plainString(v); !ok {
			return "", false
		}
	}
	out, err := p.filter(s, param)
	return out, err == nil
}

// entry is m[key|default:”] as pongo2 finds it, where that is plain to
// see: m a map[string]any, the key a string, or a value its if finds
// false, which default makes ”; an entry not there is nil.
func (p part) entry(ctx pongo2.Context, m any) (any, bool) {
	mm, ok := m.(map[string]any)
	if !ok {
		return nil, false
	}
	k, found, ok := lookup(ctx, p.key)
	if !ok {
		return nil, false
	}
	key, isString := k.(string)
	if t, ok := truth(k, found); !ok || t && !isString {
		return nil, false
	}
	return mm[key], true
}

// plainString is v as pongo2 prints it, when that is plain to see.
func plainString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int:
		return strconv.Itoa(v), true
	case nil: // or not there: pongo2 prints either as nothing
		return "", true
	}
	return "", false
}

// lookup follows path through ctx's maps as pongo2 does: found is false
// where a name is not there, which pongo2 takes as nil. ok is false
// where a step is not a map[string]any: pongo2's to resolve.
func lookup(ctx pongo2.Context, path string) (v any, found, ok bool) {
	var cur any = map[string]any(ctx)
	for more := true; more; {
		var step string
		step, path, more = strings.Cut(path, ".")
		m, isMap := cur.(map[string]any)
		if !isMap {
			return nil, false, false
		}
		if cur, found = m[step]; !found {
			return nil, false, true
		}
	}
	return cur, true, true
}

// truth is pongo2's {% if %} of a value, for the values plain to see.
func truth(v any, found bool) (bool, bool) {
	if !found {
		return false, true
	}
	switch v := v.(type) {
	case nil:
		return false, true
	case bool:
		return v, true
	case string:
		return v != "", true
	case int:
		return v != 0, true
	case map[string]any:
		return len(v) > 0, true
	case []any:
		return len(v) > 0, true
	}
	return false, false
}

func (c *compiler) cond(t *Cond) {
	if t.Src == "" {
		return
	}
	if t.path = variablePath(t.Src); t.path != "" {
		t.file, t.open, t.loader = c.file, "{% if ", c.loader
		t.lazy = &lazyTpl{set: c.locked, close: " %}1{% endif %}"}
		return
	}
	c.compile(&t.Tpl, "{% if ", t.Src, " %}1{% endif %}", false)
}

// compile compiles t's source between open and close, which add no
// newline, so that errors are placed in t's own terms. A template of
// parts, when parts may be, waits to be compiled until it is needed.
func (c *compiler) compile(t *Tpl, open, src, close string, parts bool) {
	t.file, t.open, t.loader = c.file, open, c.loader
	if t.indent < 0 {
		c.indent(t)
	}
	if parts {
		if t.parts = partsOf(src); t.parts != nil {
			t.lazy = &lazyTpl{set: c.locked, close: close}
			return
		}
	}
	src = open + src + close
	c.loader.reads, c.loader.refused = 0, nil
	if err := checkInclude(src); err != nil {
		c.errs = append(c.errs, &Error{File: c.file, Line: t.Line, Col: t.Col, Msg: "template: " + err.Error()})
		return
	}
	if lines, err := checkLorem(src); err != nil {
		c.errs = append(c.errs, &Error{File: c.file, Line: t.Line + lines, Col: t.Col, Msg: "template: " + err.Error()})
		return
	}
	src, _ = rewriteFilters(src)
	if err := checkConcat(src); err != nil {
		c.errs = append(c.errs, c.templateError(t, err))
		return
	}
	tt, err := c.set.FromString(src)
	if err != nil {
		c.errs = append(c.errs, c.templateError(t, err))
		return
	}
	t.t = tt
}

// maxLorem bounds {% lorem %}'s count: placeholder text for a draft, not
// a way to fill a document with megabytes.
const maxLorem = 1000

var loremTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{%-?\s*lorem\b([^%]*)%\}`) })

// checkLorem refuses a lorem tag that asks for random text (two renders
// of one case would differ) or more than maxLorem words or paragraphs.
// It returns the line of the tag, counted from the template's first.
func checkLorem(src string) (int, error) {
	if !strings.Contains(src, "lorem") {
		return 0, nil // the regexp unbuilt: 10 kB a process spares
	}
	for _, m := range loremTag().FindAllStringSubmatchIndex(src, -1) {
		lines := strings.Count(src[:m[0]], "\n")
		args := strings.Fields(src[m[2]:m[3]])
		if slices.Contains(args, "random") {
			return lines, fmt.Errorf("{%% lorem … random %%} writes different text at every render; a document must come out the same every time")
		}
		if len(args) > 0 {
			if n, err := strconv.Atoi(args[0]); err == nil && n > maxLorem {
				return lines, fmt.Errorf("{%% lorem %d %%}: at most %d", n, maxLorem)
			}
		}
	}
	return 0, nil
}

// At is err, from compiling or executing t, placed in the pack: at the
// tag or filter that failed, in t's file or in the file t includes where
// it failed, or at t's start when pongo2 does not say where. file is
// where t is written if it was not compiled by a pack.
func (t *Tpl) At(file string, err error) *Error {
	e := &Error{File: t.file, Line: t.Line, Col: t.Col, Msg: err.Error()}
	if e.File == "" {
		e.File = file
	}
	pe, ok := err.(*pongo2.Error)
	if !ok {
		return e
	}
	e.Msg = pe.OrigError.Error()
	if pe.Line <= 0 {
		return e
	}
	name := pe.Filename
	if pe.Token != nil && pe.Token.Filename != "" {
		name = pe.Token.Filename
	}
	if inc, ok := t.loader.source(name); ok {
		e.File, e.Line, e.Col = strings.TrimPrefix(name, "./"), pe.Line, inc.column(pe.Line, pe.Column)
		return e
	}
	// pongo2 counts from the start of what kesu compiled: t's source with
	// its wrapper before it and kesu's prefix on some filters and tags.
	rewritten, at := rewriteFilters(t.open + t.Src)
	col := unshiftColumn(rewritten, at, pe.Line, pe.Column)
	if pe.Line > 1 {
		e.Line += pe.Line - 1
		e.Col = col + max(t.indent, 0)
	} else if col > len(t.open) {
		e.Col += col - len(t.open) - 1
	}
	return e
}

// templateError is a pongo2 error compiling t, placed in the pack file,
// with what pongo2 leaves out said again.
func (c *compiler) templateError(t *Tpl, err error) error {
	var refused *Error
	if errors.As(c.loader.refused, &refused) {
		return refused
	}
	e := t.At(c.file, err)
	msg := e.Msg
	if pe, ok := err.(*pongo2.Error); ok {
		if pe.Token != nil {
			msg += fmt.Sprintf(" (near %q)", pe.Token.Val)
			// pongo2 drops the loader's reason; say it again.
			if strings.Contains(msg, "unable to resolve template") {
				if c.loader.refused != nil {
					msg = c.loader.refused.Error()
				} else if c.loader.reads > maxIncludes {
					msg = fmt.Sprintf("%q: includes nest more than %d deep (a file including itself?)", pe.Token.Val, maxIncludes)
				} else if p := strings.TrimPrefix(pe.Token.Val, "./"); !fs.ValidPath(p) {
					msg = fmt.Sprintf("%q is outside the pack: templates may only include files of their own pack", pe.Token.Val)
				} else {
					msg = fmt.Sprintf("%q: no such file in the pack", pe.Token.Val)
				}
			}
		}
	}
	e.Msg = "template: " + msg
	return e
}

// sandboxLoader serves include and extends from the pack's own files
// only. fs.FS paths cannot climb out ("..") or start at the root, and the
// check is repeated here so the refusal names the path. Includes are
// resolved when the pack is compiled; once it is sealed, a template that
// computes a file name to include at render time is refused, and a chain
// of includes deeper than maxIncludes (a file including itself) stops.
type sandboxLoader struct {
	fsys   fs.FS
	reads  int
	sealed bool
	// refused is why a file was refused, which pongo2 does not say.
	refused error
	// sources are the files served, as pongo2 was given them, by the
	// name it gives them; written while compiling, only read once sealed.
	sources map[string]source
}

// source is a file as pongo2 compiles it: prefix, then the author's text
// with kesu's prefix put before some filters and tags at the offsets at.
type source struct {
	prefix, src string
	at          []int
}

// column is pongo2's column col on line as a column of the author's text.
func (s source) column(line, col int) int {
	if line == 1 {
		col -= len(s.prefix)
	}
	return unshiftColumn(s.src, s.at, line, col)
}

func (l *sandboxLoader) source(name string) (source, bool) {
	if l == nil {
		return source{}, false
	}
	s, ok := l.sources[name]
	return s, ok
}

const maxIncludes = 64

func (l *sandboxLoader) Abs(base, name string) string {
	if strings.HasPrefix(name, "/") || base == "" {
		return path.Clean(name)
	}
	return path.Join(path.Dir(base), name)
}

func (l *sandboxLoader) Get(p string) (io.Reader, error) {
	if l.sealed {
		return nil, fmt.Errorf("%q: a template may include only files it names literally", p)
	}
	if l.reads++; l.reads > maxIncludes {
		return nil, fmt.Errorf("%q: more than %d includes in one template (a file including itself?)", p, maxIncludes)
	}
	clean := strings.TrimPrefix(p, "./")
	if !fs.ValidPath(clean) {
		return nil, fmt.Errorf("%q is outside the pack: templates may only include files of their own pack", p)
	}
	data, err := readFile(l.fsys, clean)
	if err != nil {
		return nil, err
	}
	if err := checkConcat(string(data)); err != nil {
		l.refused = &Error{File: clean, Line: err.Line, Col: err.Column, Msg: "template: " + err.OrigError.Error()}
		return nil, l.refused
	}
	src, at := rewriteFilters(string(data))
	if err := checkInclude(src); err != nil {
		l.refused = fmt.Errorf("%q: %w", p, err)
		return nil, l.refused
	}
	// An included file writes into a buffer of pongo2's own: kesu_out
	// counts it there. A file that extends another is not run itself, its
	// parent is, and extends must stand at its root.
	s := source{src: src, at: at}
	if !includeTags().extends.MatchString(src) {
		s.prefix = "{% " + outTag + " %}"
		src = s.prefix + src + "{% end" + outTag + " %}"
	}
	if l.sources == nil {
		l.sources = map[string]source{}
	}
	l.sources[p] = s
	return strings.NewReader(src), nil
}

var includeTags = sync.OnceValue(func() struct{ extends, only *regexp.Regexp } {
	return struct{ extends, only *regexp.Regexp }{
		regexp.MustCompile(`\{%-?\s*extends\b`),
		regexp.MustCompile(`\{%-?\s*include\b[^%]*\bonly\s*-?%\}`),
	}
})

// checkInclude refuses `include … only`: the file included would not see
// its document's budget, and run unbounded.
func checkInclude(src string) error {
	if !strings.Contains(src, "include") {
		return nil // the regexps unbuilt: 40 kB a process spares
	}
	if includeTags().only.MatchString(src) {
		return fmt.Errorf("{%% include … only %%} is not allowed: an included file sees the whole context")
	}
	return nil
}
