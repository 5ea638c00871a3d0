package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// badDir holds the corpus of broken case files: real-looking cases with
// one thing broken each (README.md there says what).
const badDir = "../../generator/testdata/bad"

// badCase is one broken case file and what kesu must say about it.
type badCase struct {
	file string   // under badDir
	args []string // extra render arguments
	// line, col and pointer locate the problem: stderr must hold the line
	// FILE:LINE:COL: POINTER: … (or FILE:LINE:COL: … when pointer is "",
	// a pure syntax error). col 0: any column (the parser gives none).
	line, col int
	pointer   string
	word      string // a key word of the message
	// renderOnly: the problem is found when rendering (a file the case
	// names, a document asked for), so validate passes the case.
	renderOnly bool
}

var badCases = []badCase{
	{file: "01-yaml-indent.yaml", line: 19, word: "YAML syntax"},
	{file: "02-yaml-unclosed-flow.yaml", line: 27, col: 13, word: "this { is not closed on its line"},
	{file: "03-yaml-tab-indent.yaml", line: 11, col: 1, word: "tab"},
	{file: "04-yaml-unterminated-quote.yaml", line: 20, col: 14, word: "this \" is not closed on its line"},
	{file: "05-yaml-colon-in-text.yaml", line: 6, word: "mapping values are not allowed"},
	{file: "06-yaml-two-documents.yaml", line: 133, col: 1, word: "second YAML document"},
	{file: "07-json-trailing-comma.json", line: 21, col: 3, word: "JSON syntax: invalid character '}'"},
	{file: "08-json-missing-brace.json", line: 421, col: 1, word: "ends before the JSON is complete"},
	{file: "09-json-single-quotes.json", line: 16, col: 13, word: `invalid character '\''`},
	{file: "10-json-comment.json", line: 23, col: 27, word: "invalid character '/'"},
	{file: "11-json-duplicate-key.json", line: 18, col: 5, pointer: "/customer/phone", word: "written twice (first at line 17)"},
	{file: "12-type-phone-number.yaml", line: 19, col: 10, pointer: "/customer/phone", word: "put it in quotes"},
	{file: "13-type-quantity-text.yaml", line: 46, col: 51, pointer: "/purchase/items/0/quantity", word: "expected number, found string"},
	{file: "14-type-list-for-object.yaml", line: 27, col: 13, pointer: "/intake/receiver", word: "expected object, found array"},
	{file: "15-type-text-for-list.yaml", line: 91, col: 20, pointer: "/apology/countermeasures", word: "expected array, found string"},
	{file: "16-type-bool-text.yaml", line: 80, col: 11, pointer: "/settlement/waiver", word: "expected boolean, found string"},
	{file: "17-json-type-quantity-string.json", line: 47, col: 21, pointer: "/purchase/items/0/quantity", word: "expected number, found string"},
	{file: "18-enum-channel.yaml", line: 25, col: 12, pointer: "/intake/channel", word: `"phone_call" is not allowed; expected one of: service_desk`},
	{file: "19-enum-level.yaml", line: 28, col: 10, pointer: "/intake/level", word: `"重大" is not allowed; expected one of: normal, major, urgent`},
	{file: "20-enum-category.yaml", line: 29, col: 13, pointer: "/intake/category", word: `"quality" is not allowed`},
	{file: "21-enum-outcome.yaml", line: 136, col: 12, pointer: "/closure/outcome", word: `"closed" is not allowed`},
	{file: "22-enum-d4-category.yaml", line: 121, col: 36, pointer: "/eightd/d4/0/category", word: `"materials" is not allowed`},
	{file: "23-enum-term-kind.yaml", line: 77, col: 14, pointer: "/settlement/terms/1/kind", word: `"补偿" is not allowed`},
	{file: "24-enum-locale.yaml", line: 7, col: 9, pointer: "/locale", word: `"zh-TW" is not allowed`},
	{file: "25-unknown-field-typo.yaml", line: 53, col: 3, pointer: "/complaint/expectaton", word: `did you mean "expectation"?`},
	{file: "26-unknown-field-nested.yaml", line: 46, col: 54, pointer: "/purchase/items/0/untit_price", word: `did you mean "unit_price"?`},
	// A missing field is reported where its parent's content starts
	// (the first key left in it); a missing top-level field at line 4,
	// the first key of the file.
	{file: "27-missing-id.yaml", line: 4, col: 1, pointer: "/id", word: `required field "id" is missing`},
	{file: "28-missing-customer-name.yaml", line: 17, col: 1, pointer: "/customer/name", word: `required field "name" is missing`},
	{file: "29-missing-description.yaml", line: 49, col: 1, pointer: "/complaint/description", word: `required field "description" is missing`},
	{file: "30-missing-received-at.yaml", line: 24, col: 1, pointer: "/intake/received_at", word: `required field "received_at" is missing`},
	{file: "31-missing-settlement-terms.yaml", line: 68, col: 1, pointer: "/settlement/terms", word: `required field "terms" is missing`},
	// 投 in GBK (CD B6) happens to be valid UTF-8; 诉 (CB DF) is not.
	{file: "32-encoding-gbk.yaml", line: 5, col: 44, word: "invalid UTF-8 (byte 0xcb)"},
	{file: "33-nul-byte.yaml", line: 51, col: 77, word: "NUL byte"},
	{file: "34-deep-nesting.yaml", line: 8, col: 41, pointer: "/x-notes" + strings.Repeat("/0", 31), word: "nested deeper than 32 levels"},
	{file: "35-alias-bomb.yaml", line: 9, col: 10, pointer: "/x-lol/f/0/5/2/5/2/0", word: "alias bomb"},
	{file: "36-duplicate-key.yaml", line: 20, col: 3, pointer: "/customer/phone", word: "written twice (first at line 19)"},
	{file: "37-date-feb-30.yaml", line: 41, col: 17, pointer: "/purchase/purchased_on", word: `"2026-02-30" is not a date`},
	{file: "38-date-month-13.yaml", line: 42, col: 17, pointer: "/purchase/delivered_on", word: `"2026-13-01" is not a date`},
	{file: "39-time-no-offset.yaml", line: 26, col: 16, pointer: "/intake/received_at", word: "not a time: expected RFC 3339 with an offset"},
	{file: "40-time-log-no-offset.yaml", line: 61, col: 12, pointer: "/handling/log/1/at", word: "not a time"},
	{file: "41-amount-3-decimals.yaml", line: 77, col: 60, pointer: "/settlement/terms/1/amount", word: "3 decimals"},
	{file: "42-amount-negative.yaml", line: 151, col: 30, pointer: "/closure/costs/2/amount", word: "is negative"},
	{file: "43-amount-thousands.yaml", line: 44, col: 11, pointer: "/purchase/amount", word: "thousands separator"},
	{file: "44-id-spaces.yaml", line: 5, col: 5, pointer: "/id", word: "not in the expected form"},
	{file: "45-id-slash.yaml", line: 5, col: 5, pointer: "/id", word: "not in the expected form"},
	{file: "46-settlement-one-party.yaml", line: 71, col: 5, pointer: "/settlement/parties", word: "at least 2 are needed"},
	{file: "47-d5-dangling-root-cause.yaml", line: 125, col: 53, pointer: "/eightd/d5/1/root_cause", word: "refers to root cause 3, but eightd.d4 lists 2"},
	{file: "48-closed-before-received.yaml", line: 135, col: 14, pointer: "/closure/closed_on", word: "is before /intake/received_at"},
	{file: "49-schema-version.yaml", line: 4, col: 9, pointer: "/schema", word: `expected one of: kesu/case/v1, kesu/case/v1.1`},
	{file: "50-reply-hours-zero.yaml", line: 33, col: 25, pointer: "/intake/promised_reply_hours", word: "less than the minimum, 1"},
	{file: "51-path-climbs-out.yaml", line: 159, col: 12, pointer: "/attachments/2/file", word: "climbs out of the case file's folder"},
	{file: "52-path-absolute.yaml", line: 56, col: 14, pointer: "/complaint/evidence/1/file", word: "is an absolute path"},
	{file: "53-path-backslash.yaml", line: 15, col: 9, pointer: "/organization/logo", word: `uses \; write paths with /`},
	{file: "54-evidence-missing.yaml", line: 56, col: 14, pointer: "/complaint/evidence/1/file", word: "no such file next to the case", renderOnly: true},
	{file: "55-evidence-not-image.yaml", line: 55, col: 14, pointer: "/complaint/evidence/0/file", word: "not a readable JPEG or PNG image", renderOnly: true},
	{file: "56-logo-truncated-png.yaml", line: 15, col: 9, pointer: "/organization/logo", word: "is damaged", renderOnly: true},
	// The case has no settlement at all: the missing fields are placed
	// at the start of the case.
	{file: "57-agreement-no-settlement.yaml", args: []string{"--doc", "agreement"}, line: 4, col: 1, pointer: "/settlement/parties", word: `document "agreement" needs this field`, renderOnly: true},
	{file: "58-json-huge-exponent.json", line: 47, col: 21, pointer: "/purchase/items/0/quantity", word: "out of range"},
	{file: "59-json-python-true.json", line: 143, col: 15, word: "invalid character 'T'"},
	{file: "60-term-payer-not-party.yaml", line: 77, col: 75, pointer: "/settlement/terms/1/payer", word: "no party of the agreement is the manufacturer"},
	{file: "61-d5-done-before-cause.yaml", line: 124, col: 89, pointer: "/eightd/d5/0/done_on", word: "before its root cause (/eightd/d4/0) was found on 2026-11-12"},
	{file: "62-step-before-received.yaml", line: 61, col: 12, pointer: "/handling/log/1/at", word: "is before /intake/received_at"},
	{file: "63-paid-before-agreement.yaml", line: 76, col: 74, pointer: "/settlement/terms/0/paid_on", word: "is before /settlement/signed_on (2026-11-05)"},
	{file: "64-status-closed-without-closure.yaml", line: 7, col: 9, pointer: "/status", word: "says closed, but the case has no closure"},
}

// TestBadCases renders and validates every broken case in-process: exit
// status 1, the problem located (file:line:col: /pointer: message), no
// panic, and not one file written, in the output folder or next to the case.
func TestBadCases(t *testing.T) {
	listed := map[string]bool{}
	for _, tc := range badCases {
		listed[tc.file] = true
	}
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && e.Name() != "README.md" && !listed[e.Name()] {
			t.Errorf("%s/%s has no row in badCases", badDir, e.Name())
		}
	}
	readme, err := os.ReadFile(filepath.Join(badDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range badCases {
		if !bytes.Contains(readme, []byte("`"+tc.file+"`")) {
			t.Errorf("%s is not described in %s/README.md", tc.file, badDir)
		}
	}

	for _, tc := range badCases {
		t.Run(strings.TrimSuffix(tc.file, filepath.Ext(tc.file)), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			caseDir := filepath.Join(dir, "case")
			copyTree(t, filepath.Join(badDir, "assets"), filepath.Join(caseDir, "assets"))
			path := filepath.Join(caseDir, tc.file)
			copyFile(t, filepath.Join(badDir, tc.file), path)
			checkBad(t, dir, path, tc)
		})
	}
}

// TestBadGenerated covers what cannot be committed: a 50 MB case file and
// an evidence photo that is a symbolic link out of the case folder.
func TestBadGenerated(t *testing.T) {
	// A valid case of the corpus (it only lacks a settlement) to start from.
	base, err := os.ReadFile(filepath.Join(badDir, "57-agreement-no-settlement.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("50MB", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		path := filepath.Join(dir, "case", "huge.yaml")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		// A real case followed by 50 MB of comment lines: valid YAML, only
		// too big. It must fail before it is read whole.
		data := append(bytes.Clone(base), bytes.Repeat([]byte("# 备注：此行为填充内容。\n"), 50<<20/len("# 备注：此行为填充内容。\n"))...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// line 0: the whole file is at fault; no position is printed.
		checkBad(t, dir, path, badCase{file: "huge.yaml", word: "file is larger than 8388608 bytes"})
	})

	t.Run("symlink-out", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		caseDir := filepath.Join(dir, "case")
		copyTree(t, filepath.Join(badDir, "assets"), filepath.Join(caseDir, "assets"))
		path := filepath.Join(caseDir, "symlink.yaml")
		if err := os.WriteFile(path, base, 0o644); err != nil {
			t.Fatal(err)
		}
		// complaint.evidence[1] (line 56) is a link to a real photo that
		// lies outside the case folder.
		outside := filepath.Join(dir, "elsewhere", "crack-right-back.jpg")
		if err := os.MkdirAll(filepath.Dir(outside), 0o755); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(caseDir, "assets", "furniture", "crack-right-back.jpg")
		if err := os.Rename(link, outside); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		checkBad(t, dir, path, badCase{file: "symlink.yaml", line: 56, col: 14, pointer: "/complaint/evidence/1/file",
			word: "leads out of the case file's folder", renderOnly: true})
	})
}

// checkBad runs render and validate on the case at path (inside dir) and
// checks what they say and that they write nothing.
func checkBad(t *testing.T, dir, path string, tc badCase) {
	t.Helper()
	before := filesUnder(t, dir)
	out := filepath.Join(dir, "out")
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// render
	code, stdout, stderr := runKesu(append([]string{"render", path, "-o", out}, tc.args...))
	if code != 1 {
		fail("render: exit %d, want 1", code)
	}
	if stdout != "" {
		fail("render printed output paths for a broken case:\n%s", stdout)
	}
	checkMessage(tc, path, "render", stderr, fail)
	if files := filesUnder(t, out); len(files) > 0 {
		fail("render wrote %v into the output folder", files)
	}
	if after := filesUnder(t, dir); !slices.Equal(after, before) {
		fail("render changed the files of the case folder: before %v, after %v", before, after)
	}

	// validate
	code, stdout, stderr = runKesu([]string{"validate", path})
	switch {
	case tc.renderOnly && code == 0:
		// What validate cannot know: the files the case names are read,
		// and documents chosen, only by render.
		if !strings.Contains(stdout, ": ok") {
			fail("validate: exit 0 without saying ok:\n%s", stdout)
		}
	case code != 1:
		fail("validate: exit %d, want 1", code)
	default:
		checkMessage(tc, path, "validate", stderr, fail)
	}
	if after := filesUnder(t, dir); !slices.Equal(after, before) {
		fail("validate changed the files of the case folder: before %v, after %v", before, after)
	}

	if len(problems) > 0 {
		t.Error(strings.Join(problems, "\n"))
	}
}

// checkMessage finds the located problem in stderr.
func checkMessage(tc badCase, path, cmd, stderr string, fail func(string, ...any)) {
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		if len(stderr) > 1500 {
			stderr = stderr[:1500] + "…"
		}
		fail("%s: panicked:\n%s", cmd, stderr)
		return
	}
	// file:line:col: /pointer: message
	prefix, shown := regexp.QuoteMeta(path), path
	switch {
	case tc.line == 0:
		prefix, shown = prefix+`: `, shown+": "
	case tc.col == 0:
		prefix += fmt.Sprintf(`:%d:\d+: `, tc.line)
		shown += fmt.Sprintf(":%d:COL: ", tc.line)
	default:
		prefix += fmt.Sprintf(`:%d:%d: `, tc.line, tc.col)
		shown += fmt.Sprintf(":%d:%d: ", tc.line, tc.col)
	}
	if tc.pointer != "" {
		prefix += regexp.QuoteMeta(tc.pointer) + ": "
		shown += tc.pointer + ": "
	}
	want := regexp.MustCompile(`(?m)^` + prefix + `(.*)$`)
	m := want.FindStringSubmatch(stderr)
	switch {
	case m == nil:
		fail("%s: stderr has no line %s…\n%s", cmd, shown, stderr)
	case tc.pointer == "" && strings.HasPrefix(m[1], "/"):
		fail("%s: a syntax error names a field: %s", cmd, m[0])
	case !strings.Contains(m[1], tc.word):
		fail("%s: message %q does not say %q", cmd, m[1], tc.word)
	}
	// Every line of stderr is a located problem of this file.
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if !strings.HasPrefix(l, path+":") {
			fail("%s: stderr line %q does not start with the file name", cmd, l)
		}
	}
}

// runKesu runs the CLI in-process; a panic is returned as stderr text, so
// the test process survives it and reports it.
func runKesu(args []string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	defer func() {
		if r := recover(); r != nil {
			code = -1
			stdout = out.String()
			stderr = errOut.String() + fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	code = run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// filesUnder lists every file (not folder) under dir, recursively, as
// paths relative to dir; a missing dir has none.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
