package ledger

import (
	"archive/zip"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// MaxFile bounds a ledger file, and MaxUnzipped what its parts may
// inflate to together.
const (
	MaxFile     = 64 << 20
	MaxUnzipped = 64 << 20
)

// MaxRows bounds the cases of one ledger: a row costs some 660 bytes read,
// and a sheet of one-cell rows within MaxUnzipped would hold a million of
// them. A ledger kesu writes reaches MaxUnzipped first, at about 34,000
// cases (10,000 generated ones inflate to 19.7 MB).
const MaxRows = 100_000

// Read reads back the rows of a ledger written by [Write], in any
// language, for merging the ledgers of shards. Rows come in the order of
// the sheet; a ledger written by Write has them in ID order.
//
// Values are read from the ledger sheet's cells: amounts from the numbers
// (exact to the 分), times from Excel dates, 按时回复 from 1/0, and blank
// hour and day cells as -1. Cells that a person retyped as text are
// accepted too.
func Read(r io.ReaderAt, size int64) ([]Row, error) {
	if size > MaxFile {
		return nil, fmt.Errorf("ledger: larger than %d MiB", MaxFile>>20)
	}
	if err := checkClaims(r, size); err != nil {
		return nil, err
	}
	// A ledger is untrusted input: excelize reads every part whole, sized
	// by what the zip's headers claim (archive/zip stops a part that
	// inflates past its claim), so the claims are capped before anything
	// is inflated.
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped})
	if err != nil && strings.Contains(err.Error(), "unzip size") {
		return nil, fmt.Errorf("ledger: its parts inflate to more than %d MiB; a ledger kesu writes is far smaller", MaxUnzipped>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer f.Close()
	sheet, err := ledgerSheet(f)
	if err != nil {
		return nil, err
	}
	var (
		rows   []Row
		header bool
	)
	// The rows are allocated at once, not grown by copying; the count is
	// a guess from the sheet's bytes that a hostile sheet can inflate, so
	// it is believed up to 65,536 rows (some 40 MB).
	grow := func(n int) { rows = make([]Row, 0, min(n, 1<<16)) }
	err = sheetRows(f, sheet, grow, func(n int, cells *[Columns]sheetCell, any bool) error {
		if !header {
			for _, c := range cells[:legacyColumns] {
				if n != 1 || c.value == "" {
					return fmt.Errorf("ledger: sheet %q: %w: its first row is not the column headers of a ledger", sheet, errNotLedger)
				}
			}
			header = true
			return nil
		}
		if !any {
			return nil
		}
		if len(rows) == MaxRows {
			return fmt.Errorf("ledger: sheet %q: more than %d rows; kesu reads at most %d cases from one ledger", sheet, MaxRows, MaxRows)
		}
		row, err := readRow(sheet, n, cells)
		if err != nil {
			return err
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !header {
		return nil, fmt.Errorf("ledger: sheet %q: %w: its first row is not the column headers of a ledger", sheet, errNotLedger)
	}
	return rows, nil
}

// checkClaims refuses a workbook whose parts claim to inflate to more
// than their compressed bytes can: excelize makes a buffer of the claimed
// size for each part before inflating it (a 3 KB file claiming 60 MiB
// cost 60 MiB and the time to clear it, each time it was read), and
// archive/zip would refuse the part anyway once its real size differs.
// Deflate inflates at most 1032 to 1. It also refuses an encrypted or
// legacy (.xls) workbook, which excelize would run a password hash of up
// to 10 million rounds on.
func checkClaims(r io.ReaderAt, size int64) error {
	head := make([]byte, 8)
	if _, err := r.ReadAt(head, 0); err == nil && string(head) == "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" {
		return fmt.Errorf("ledger: an encrypted or .xls workbook; kesu reads the .xlsx ledgers it writes")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	for _, f := range zr.File {
		most := f.CompressedSize64
		if f.Method != zip.Store {
			most = most*1032 + 1024
		}
		if f.UncompressedSize64 > most {
			return fmt.Errorf("ledger: part %s claims to inflate to %d bytes from %d: a damaged or forged workbook", f.Name, f.UncompressedSize64, f.CompressedSize64)
		}
	}
	return nil
}

// ledgerSheet finds the ledger sheet: the one named in the workbook's
// properties, or else the first.
func ledgerSheet(f *excelize.File) (string, error) {
	props, err := f.GetCustomProps()
	if err != nil {
		return "", fmt.Errorf("ledger: %w", err)
	}
	var sheet, format string
	for _, p := range props {
		v, _ := p.Value.(string)
		switch p.Name {
		case propSheet:
			sheet = v
		case propFormat:
			format = v
		}
	}
	if format != "" && format != formatValue && format != formatOne {
		return "", fmt.Errorf("ledger: ledger format %q is newer than this kesu reads (%s)", format, formatValue)
	}
	if sheet != "" {
		if idx, _ := f.GetSheetIndex(sheet); idx >= 0 {
			return sheet, nil
		}
	}
	list := f.GetSheetList()
	if len(list) == 0 {
		return "", fmt.Errorf("ledger: %w: the workbook has no sheet", errNotLedger)
	}
	return list[0], nil
}

// readRow reads row n of the sheet.
func readRow(sheet string, n int, cells *[Columns]sheetCell) (Row, error) {
	var v [Columns]string
	for i, c := range cells {
		v[i] = c.value
	}
	bad := func(c int, what string) error {
		return fmt.Errorf("ledger: sheet %q cell %s: %q is not %s", sheet, cell(c, n), v[c], what)
	}
	var (
		r   Row
		err error
	)
	timeText := func(c int, layout string) string {
		if err != nil || v[c] == "" {
			return v[c]
		}
		x, perr := strconv.ParseFloat(v[c], 64)
		if perr != nil {
			return v[c] // text, kept as written
		}
		if cells[c].text {
			return v[c] // a number typed as text
		}
		tm, ok := serialTime(x)
		if !ok {
			err = bad(c, "a date")
			return ""
		}
		return tm.Format(layout)
	}
	amount := func(c int) cnfmt.Amount {
		if err != nil {
			return 0
		}
		a, aerr := readAmount(v[c])
		if aerr != nil {
			err = bad(c, "an amount")
		}
		return a
	}
	optAmount := func(c int, blank cnfmt.Amount) cnfmt.Amount {
		if v[c] == "" {
			return blank
		}
		return amount(c)
	}
	integer := func(c int) int {
		if err != nil || v[c] == "" {
			return -1
		}
		x, perr := strconv.ParseFloat(v[c], 64)
		if perr != nil || math.Abs(x) > 1<<31 {
			err = bad(c, "a whole number")
			return -1
		}
		return int(math.Round(x))
	}
	r.ID, r.Title = v[colID], v[colTitle]
	r.Received = timeText(colReceived, minuteLayout)
	r.ReplyDue = timeText(colReplyDue, minuteLayout)
	r.FirstReply = timeText(colFirstReply, minuteLayout)
	r.Closed = timeText(colClosed, dayLayout)
	r.Channel, r.Category, r.Level = v[colChannel], v[colCategory], v[colLevel]
	r.Customer, r.Store, r.Merchant = v[colCustomer], v[colStore], v[colMerchant]
	r.Amount, r.Settlement, r.Costs = amount(colAmount), amount(colSettlement), amount(colCosts)
	r.Responsibility, r.Outcome = v[colResponsibility], v[colOutcome]
	r.HoursToReply, r.DaysToClose = integer(colHours), integer(colDays)
	r.ArchiveNo = v[colArchiveNo]
	r.Status, r.AgeWorkdays = v[colStatus], integer(colAge)
	r.Month = timeText(colMonth, monthLayout) // Excel turns a typed 2026-11 into a date
	r.Brand, r.Product, r.Model, r.Lots, r.OrderNo = v[colBrand], v[colProduct], v[colModel], v[colLots], v[colOrderNo]
	r.Phone, r.IDNumber, r.CustomerKind, r.Handler = v[colPhone], v[colIDNumber], v[colCustomerKind], v[colHandler]
	if r.Satisfaction = integer(colSatisfaction); r.Satisfaction == -1 {
		r.Satisfaction = 0
	} else if err == nil && (r.Satisfaction < 1 || r.Satisfaction > 5) {
		err = bad(colSatisfaction, "a score from 1 to 5")
	}
	for i := range r.Terms {
		r.Terms[i] = optAmount(colTerms+i, -1)
	}
	for i := range r.Paid {
		r.Paid[i] = optAmount(colPaid+i, 0)
	}
	r.SolutionDue = timeText(colSolutionDue, minuteLayout)
	r.EightD, r.EightDKind = v[colEightD], v[colEightDKind]
	r.EightDOpen, r.EightDClose = timeText(colEightDOpen, dayLayout), timeText(colEightDClose, dayLayout)
	if err != nil {
		return Row{}, err
	}
	if r.ReplyOnTime, err = readYesNo(v[colOnTime]); err != nil {
		return Row{}, bad(colOnTime, "1 (yes), 0 (no) or blank")
	}
	if r.SolvedOnTime, err = readYesNo(v[colSolvedOnTime]); err != nil {
		return Row{}, bad(colSolvedOnTime, "1 (yes), 0 (no) or blank")
	}
	for i := range r.StepsOnTime {
		if r.StepsOnTime[i], err = readYesNo(v[colSteps+i]); err != nil {
			return Row{}, bad(colSteps+i, "1 (yes), 0 (no) or blank")
		}
	}
	return r, nil
}

// readYesNo reads a yes/no cell: 1/0 as Write stores them, or the words
// of either language typed over them.
func readYesNo(s string) (*bool, error) {
	switch s = strings.TrimSpace(s); {
	case s == "":
		return nil, nil
	case s == "1" || strings.EqualFold(s, "true") || s == ZhCN.Yes || strings.EqualFold(s, EN.Yes):
		return ptr(true), nil
	case s == "0" || strings.EqualFold(s, "false") || s == ZhCN.No || strings.EqualFold(s, EN.No):
		return ptr(false), nil
	}
	return nil, errors.New("not yes or no")
}

// readAmount reads an amount cell: the number Write stores ("1680.32"),
// or a number Excel rewrote ("1680.3199999999999"), rounded to the 分.
func readAmount(s string) (cnfmt.Amount, error) {
	if s == "" {
		return 0, nil
	}
	if a, err := cnfmt.ParseAmount(s); err == nil {
		return a, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.Abs(x) > float64(cnfmt.MaxAmount)/100 {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	return cnfmt.Amount(math.Round(x * 100)), nil
}

// Merge combines the rows of several ledgers, sorted by ID. A case found in
// more than one keeps the row of the later argument (within one set, the
// later row).
func Merge(sets ...[]Row) []Row {
	at := map[string]int{}
	var out []Row
	for _, set := range sets {
		for _, r := range set {
			if i, ok := at[r.ID]; ok {
				out[i] = r
				continue
			}
			at[r.ID] = len(out)
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Row) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
