package pack

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/flosch/pongo2/v6"
)

// A pack's templates are untrusted: what one document's templates may
// write, hold in one variable and how long they may run is bounded.
// pongo2 cannot be interrupted from outside, so the bounds are checked
// from inside: by the writer every template writes through, and by kesu's
// own `for` and `set` (a pack's {% for %} and {% set %} are rewritten to
// them, as its filters are), which check the deadline at each step. A
// timed-out or over-budget evaluation stops where it is; no goroutine is
// left running it.

// BudgetKey is the key of a *Budget in a template context.
const BudgetKey = "kesu_budget"

// MaxWidth bounds the width ljust, rjust and center pad to.
const MaxWidth = 10_000

// Budget is what one document's templates may still spend.
type Budget struct {
	ctx  context.Context
	left int64
	max  int64
	// held is what the variables in scope hold now; scopes are the
	// nested with, for and template scopes, each with what it holds.
	held   int64
	scopes []scope
}

// scope is what one with, for or template holds, and by which of its
// own set variables, so a set that replaces its value frees the old one.
type scope struct {
	held int64
	sets map[string]int64
}

// NewBudget allows maxBytes of template output until ctx is done, and
// maxBytes held in variables at once.
func NewBudget(ctx context.Context, maxBytes int64) *Budget {
	return &Budget{ctx: ctx, left: maxBytes, max: maxBytes}
}

// ErrTooMuchText is the error of a document whose templates wrote more
// than their budget.
var ErrTooMuchText = errors.New("too much text")

func (b *Budget) check() error {
	if err := b.ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("its templates ran past the deadline and were stopped; a loop over the case that does not end?")
		}
		return err
	}
	if b.left < 0 {
		return fmt.Errorf("%w: its templates wrote more than %d MiB of text, the limit for one document", ErrTooMuchText, b.max>>20)
	}
	return nil
}

func (b *Budget) spend(n int) error {
	b.left -= int64(n)
	return b.check()
}

func (b *Budget) enter() { b.scopes = append(b.scopes, scope{}) }

func (b *Budget) leave() {
	top := len(b.scopes) - 1
	b.held -= b.scopes[top].held
	b.scopes = b.scopes[:top]
}

// hold charges v, bound to name by what, to the innermost scope. A set
// frees what the same variable held in the same scope before.
func (b *Budget) hold(what, name string, v *pongo2.Value, set bool) error {
	n := sizeOf(v)
	if n > b.max {
		return fmt.Errorf("%w: %s %s makes a value of more than %d MiB, the limit for one document", ErrTooMuchText, what, name, b.max>>20)
	}
	s := &b.scopes[len(b.scopes)-1]
	delta := n
	if set {
		delta -= s.sets[name]
	}
	if b.held+delta > b.max {
		return fmt.Errorf("%w: %s %s: its templates hold more than %d MiB in variables at once, the limit for one document", ErrTooMuchText, what, name, b.max>>20)
	}
	if set {
		if s.sets == nil {
			s.sets = map[string]int64{}
		}
		s.sets[name] = n
	}
	s.held += delta
	b.held += delta
	return nil
}

// sizeOf is about what a value costs held: a text its length, a list
// a word or two per item; a mapping is the case's own, not a copy.
func sizeOf(v *pongo2.Value) int64 {
	switch {
	case v == nil:
		return 0
	case v.IsString():
		return int64(len(v.String()))
	case v.CanSlice():
		return int64(v.Len()) * 16
	}
	return 0
}

func budgetOf(ctx pongo2.Context) *Budget {
	b, _ := ctx[BudgetKey].(*Budget)
	return b
}

// budgetStop unwinds a template that overspent from inside pongo2, whose
// nodes ignore what their writer returns; Exec recovers it.
type budgetStop struct{ err error }

// counted is w, counting what is written against b: pongo2's include,
// filter, spaceless and block.Super write into buffers of their own, and
// what a loop or an included file writes there is counted as it grows.
func counted(b *Budget, w pongo2.TemplateWriter) pongo2.TemplateWriter {
	if _, ok := w.(budgetWriter); ok {
		return w
	}
	return budgetWriter{b, w}
}

type budgetWriter struct {
	b *Budget
	w pongo2.TemplateWriter
}

func (w budgetWriter) Write(p []byte) (int, error) {
	if err := w.b.spend(len(p)); err != nil {
		panic(budgetStop{err})
	}
	return w.w.Write(p)
}

func (w budgetWriter) WriteString(s string) (int, error) {
	if err := w.b.spend(len(s)); err != nil {
		panic(budgetStop{err})
	}
	return w.w.WriteString(s)
}

// guarded reports whether a pack's source has tag rewritten to kesu's.
func guarded(tag string) bool { return tag == "for" || tag == "set" || tag == "with" }

// outTag is kesu's tag around every template and included file, the
// budget's scope for the whole of it and the counter of what it writes.
const outTag = filterPrefix + "out"

// registerTags registers kesu's tags once, with the filters.
func registerTags() error {
	var errs []error
	for name, parse := range map[string]pongo2.TagParser{"for": forParser, "set": setParser, "with": withParser, "out": outParser} {
		if err := pongo2.RegisterTag(filterPrefix+name, parse); err != nil {
			errs = append(errs, fmt.Errorf("pongo2 tag %s%s: %w", filterPrefix, name, err))
		}
	}
	return errors.Join(errs...)
}

// stepCheck is what a loop or an assignment checks at each step.
func stepCheck(ctx *pongo2.ExecutionContext, tok *pongo2.Token) *pongo2.Error {
	if b := budgetOf(ctx.Public); b != nil {
		if err := b.check(); err != nil {
			return ctx.OrigError(err, tok)
		}
	}
	return nil
}

// setNode is pongo2's set, bounded: no value longer than the document's
// whole budget of text (a string doubled in a loop stops there), and what
// the variables in scope hold together within it.
type setNode struct {
	tok  *pongo2.Token
	name string
	expr pongo2.IEvaluator
}

func (n *setNode) Execute(ctx *pongo2.ExecutionContext, _ pongo2.TemplateWriter) *pongo2.Error {
	if err := stepCheck(ctx, n.tok); err != nil {
		return err
	}
	v, err := n.expr.Evaluate(ctx)
	if err != nil {
		return err
	}
	if b := budgetOf(ctx.Public); b != nil {
		if err := b.hold("{% set %}", n.name, v, true); err != nil {
			return ctx.OrigError(err, n.tok)
		}
	}
	ctx.Private[n.name] = v
	return nil
}

func setParser(_ *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	name := args.MatchType(pongo2.TokenIdentifier)
	if name == nil {
		return nil, args.Error("Expected an identifier.", nil)
	}
	if args.Match(pongo2.TokenSymbol, "=") == nil {
		return nil, args.Error("Expected '='.", nil)
	}
	expr, err := args.ParseExpression()
	if err != nil {
		return nil, err
	}
	if args.Remaining() > 0 {
		return nil, args.Error("Malformed 'set'-tag arguments.", nil)
	}
	return &setNode{tok: start, name: name.Val, expr: expr}, nil
}

// loopInfo is forloop, as pongo2's for sets it.
type loopInfo struct {
	Counter, Counter0, Revcounter, Revcounter0 int
	First, Last                                bool
	Parentloop                                 *loopInfo
}

// forNode is pongo2's for, checking the budget and deadline at each step
// and counting what it writes wherever it writes it.
type forNode struct {
	tok              *pongo2.Token
	key, value       string
	obj              pongo2.IEvaluator
	reversed, sorted bool
	body, empty      *pongo2.NodeWrapper
}

func (n *forNode) Execute(ctx *pongo2.ExecutionContext, w pongo2.TemplateWriter) (forErr *pongo2.Error) {
	if b := budgetOf(ctx.Public); b != nil {
		b.enter()
		defer b.leave()
		w = counted(b, w)
	}
	fctx := pongo2.NewChildExecutionContext(ctx)
	info := &loopInfo{First: true}
	if p, ok := fctx.Private["forloop"].(*loopInfo); ok {
		info.Parentloop = p
	}
	fctx.Private["forloop"] = info
	obj, err := n.obj.Evaluate(fctx)
	if err != nil {
		return err
	}
	obj.IterateOrder(func(idx, count int, key, value *pongo2.Value) bool {
		if err := stepCheck(fctx, n.tok); err != nil {
			forErr = err
			return false
		}
		fctx.Private[n.key] = key
		if value != nil {
			fctx.Private[n.value] = value
		}
		info.Counter, info.Counter0 = idx+1, idx
		if idx == 1 {
			info.First = false
		}
		if idx+1 == count {
			info.Last = true
		}
		info.Revcounter, info.Revcounter0 = count-idx, count-idx-1
		if err := n.body.Execute(fctx, w); err != nil {
			forErr = err
			return false
		}
		return true
	}, func() {
		if n.empty != nil {
			forErr = n.empty.Execute(fctx, w)
		}
	}, n.reversed, n.sorted)
	return forErr
}

func forParser(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	n := &forNode{tok: start}
	key := args.MatchType(pongo2.TokenIdentifier)
	if key == nil {
		return nil, args.Error("Expected an key identifier as first argument for 'for'-tag", nil)
	}
	n.key = key.Val
	if args.Match(pongo2.TokenSymbol, ",") != nil {
		v := args.MatchType(pongo2.TokenIdentifier)
		if v == nil {
			return nil, args.Error("Value name must be an identifier.", nil)
		}
		n.value = v.Val
	}
	if args.Match(pongo2.TokenKeyword, "in") == nil {
		return nil, args.Error("Expected keyword 'in'.", nil)
	}
	obj, err := args.ParseExpression()
	if err != nil {
		return nil, err
	}
	n.obj = obj
	n.reversed = args.MatchOne(pongo2.TokenIdentifier, "reversed") != nil
	n.sorted = args.MatchOne(pongo2.TokenIdentifier, "sorted") != nil
	if args.Remaining() > 0 {
		return nil, args.Error("Malformed for-loop arguments.", nil)
	}
	body, end, err := doc.WrapUntilTag("empty", "endfor")
	if err != nil {
		return nil, err
	}
	if end.Count() > 0 {
		return nil, end.Error("Arguments not allowed here.", nil)
	}
	n.body = body
	if body.Endtag == "empty" {
		if n.empty, end, err = doc.WrapUntilTag("endfor"); err != nil {
			return nil, err
		}
		if end.Count() > 0 {
			return nil, end.Error("Arguments not allowed here.", nil)
		}
	}
	return n, nil
}

// withNode is pongo2's with, its values bounded as set's are and held
// until its end.
type withNode struct {
	tok   *pongo2.Token
	names []string
	exprs []pongo2.IEvaluator
	body  *pongo2.NodeWrapper
}

func (n *withNode) Execute(ctx *pongo2.ExecutionContext, w pongo2.TemplateWriter) *pongo2.Error {
	b := budgetOf(ctx.Public)
	if b != nil {
		if err := stepCheck(ctx, n.tok); err != nil {
			return err
		}
		b.enter()
		defer b.leave()
	}
	wctx := pongo2.NewChildExecutionContext(ctx)
	for i, e := range n.exprs {
		v, err := e.Evaluate(ctx)
		if err != nil {
			return err
		}
		if b != nil {
			if err := b.hold("{% with %}", n.names[i], v, false); err != nil {
				return ctx.OrigError(err, n.tok)
			}
		}
		wctx.Private[n.names[i]] = v
	}
	return n.body.Execute(wctx, w)
}

// withParser reads both of pongo2's forms, `with a=x b=y` and `with x as a`.
func withParser(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	n := &withNode{tok: start}
	if args.Count() == 0 {
		return nil, args.Error("Tag 'with' requires at least one argument.", nil)
	}
	body, end, err := doc.WrapUntilTag("endwith")
	if err != nil {
		return nil, err
	}
	if end.Count() > 0 {
		return nil, end.Error("Arguments not allowed here.", nil)
	}
	n.body = body
	old := false
	for i := range args.Count() {
		old = old || args.PeekN(i, pongo2.TokenKeyword, "as") != nil
	}
	for args.Remaining() > 0 {
		var name *pongo2.Token
		var expr pongo2.IEvaluator
		if old {
			if expr, err = args.ParseExpression(); err != nil {
				return nil, err
			}
			if args.Match(pongo2.TokenKeyword, "as") == nil {
				return nil, args.Error("Expected 'as' keyword.", nil)
			}
			if name = args.MatchType(pongo2.TokenIdentifier); name == nil {
				return nil, args.Error("Expected an identifier", nil)
			}
		} else {
			if name = args.MatchType(pongo2.TokenIdentifier); name == nil {
				return nil, args.Error("Expected an identifier", nil)
			}
			if args.Match(pongo2.TokenSymbol, "=") == nil {
				return nil, args.Error("Expected '='.", nil)
			}
			if expr, err = args.ParseExpression(); err != nil {
				return nil, err
			}
		}
		n.names = append(n.names, name.Val)
		n.exprs = append(n.exprs, expr)
	}
	return n, nil
}

// outNode is a whole template or included file: the budget's scope for
// it, holding what an include passed it (its with values), and counting
// what it writes (an include writes into a buffer of its own).
type outNode struct {
	tok  *pongo2.Token
	body *pongo2.NodeWrapper
}

func (n *outNode) Execute(ctx *pongo2.ExecutionContext, w pongo2.TemplateWriter) *pongo2.Error {
	b := budgetOf(ctx.Public)
	if b == nil {
		return n.body.Execute(ctx, w)
	}
	if err := stepCheck(ctx, n.tok); err != nil {
		return err
	}
	b.enter()
	defer b.leave()
	if passed(ctx.Public) {
		for _, name := range slices.Sorted(maps.Keys(ctx.Public)) {
			if v, ok := ctx.Public[name].(*pongo2.Value); ok {
				if err := b.hold("{% include … with %}", name, v, false); err != nil {
					return ctx.OrigError(err, n.tok)
				}
			}
		}
	}
	return n.body.Execute(ctx, counted(b, w))
}

// passed reports whether an include passed the context values (with):
// only then are its names sorted, which each template's run would
// otherwise allocate for nothing.
func passed(ctx pongo2.Context) bool {
	for _, v := range ctx {
		if _, ok := v.(*pongo2.Value); ok {
			return true
		}
	}
	return false
}

func outParser(doc *pongo2.Parser, start *pongo2.Token, args *pongo2.Parser) (pongo2.INodeTag, *pongo2.Error) {
	body, _, err := doc.WrapUntilTag("end" + outTag)
	if err != nil {
		return nil, err
	}
	return &outNode{tok: start, body: body}, nil
}

// padFilter is ljust, rjust or center with the width bounded: pongo2's
// build a string of any width a pack asks for (|ljust:2000000000 is 2 GB).
func padFilter(name string, pad func(s string, n int) string) pongo2.FilterFunction {
	return func(in, param *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
		w := param.Integer()
		if w > MaxWidth {
			return nil, &pongo2.Error{Sender: "filter:" + name, OrigError: fmt.Errorf("width %d: at most %d", w, MaxWidth)}
		}
		s := in.String()
		n := w - len([]rune(s))
		if n <= 0 {
			return pongo2.AsValue(s), nil
		}
		return pongo2.AsValue(pad(s, n)), nil
	}
}

var padFilters = map[string]pongo2.FilterFunction{
	"ljust":  padFilter("ljust", func(s string, n int) string { return s + strings.Repeat(" ", n) }),
	"rjust":  padFilter("rjust", func(s string, n int) string { return strings.Repeat(" ", n) + s }),
	"center": padFilter("center", func(s string, n int) string { return strings.Repeat(" ", n-n/2) + s + strings.Repeat(" ", n/2) }),
}

// MaxConcat is how many `+` one tag or {{ }} of a pack's templates may
// apply. pongo2 adds strings inside one expression with no check kesu can
// hook: x+x+… of n terms copies the text n times over and a 2 MiB value
// makes that quadratic (200 terms: 20 GB, a minute). With values held to
// the budget, a few terms cost a bounded few MiB, and every loop around
// them checks the deadline.
const MaxConcat = 8

// checkConcat refuses a tag or {{ }} of src that applies more than
// MaxConcat `+`, at the position of the first one too many. `+` in string
// literals and comments, and text outside tags, are not counted.
func checkConcat(src string) *pongo2.Error {
	line, col := 1, 1
	advance := func(s string) {
		if k := strings.LastIndexByte(s, '\n'); k >= 0 {
			line += strings.Count(s, "\n")
			col = len(s) - k
		} else {
			col += len(s)
		}
	}
	for i := 0; i < len(src); {
		open := strings.Index(src[i:], "{")
		if open < 0 {
			break
		}
		advance(src[i : i+open])
		i += open
		rest := src[i:]
		closer := ""
		switch {
		case strings.HasPrefix(rest, "{{"):
			closer = "}}"
		case strings.HasPrefix(rest, "{%"):
			closer = "%}"
		case strings.HasPrefix(rest, "{#"):
			end := strings.Index(rest, "#}")
			if end < 0 {
				return nil
			}
			advance(rest[:end+2])
			i += end + 2
			continue
		default:
			advance("{")
			i++
			continue
		}
		advance(rest[:2])
		i += 2
		plus := 0
		for i < len(src) && !strings.HasPrefix(src[i:], closer) {
			c := src[i]
			j := i + 1
			switch c {
			case '"', '\'':
				for j < len(src) && src[j] != c {
					if src[j] == '\\' {
						j++
					}
					j++
				}
				j = min(j+1, len(src))
			case '+':
				if plus++; plus > MaxConcat {
					return &pongo2.Error{Sender: "kesu", Line: line, Column: col, OrigError: fmt.Errorf("more than %d '+' in one expression: join long texts with a loop or a filter, not a chain of +", MaxConcat)}
				}
			}
			advance(src[i:j])
			i = j
		}
		advance(src[i:min(i+2, len(src))])
		i += 2
	}
	return nil
}
