//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/casegen"

	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// Faults of the machine rather than of the case: an output folder kesu
// may not write, a render killed half way, and the exit status of the
// commands that read bundles and folders.

// sampleCases are the samples: valid cases with their pictures, rendered where a test
// needs kesu to succeed up to the moment it writes.
func sampleCases(t *testing.T) []string {
	t.Helper()
	var cases []string
	for _, pat := range []string{"../../samples/*.yaml", "../../samples/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			abs, err := filepath.Abs(p)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, abs)
		}
	}
	if len(cases) == 0 {
		t.Fatal("no samples in ../../samples")
	}
	return cases
}

// TestRenderUnwritable: an output folder kesu cannot write into fails
// with a message naming the path, and leaves no file, whole or partial.
func TestRenderUnwritable(t *testing.T) {
	sample := sampleCases(t)[0]

	t.Run("read-only folder", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "ro")
		if err := os.Mkdir(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(out, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(out, 0o755) })
		if f, err := os.CreateTemp(out, "probe"); err == nil {
			// root writes into 0555 folders: the next subtest runs
			// kesu as nobody instead.
			f.Close()
			os.Remove(f.Name())
			t.Skip("running as root: a 0555 folder is writable (see the as-nobody subtest)")
		}
		code, stdout, stderr := runKesu([]string{"render", sample, "-o", out})
		checkUnwritable(t, code, stdout, stderr, out, dir)
	})

	t.Run("read-only folder as nobody", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("not root: the in-process subtest covers it")
		}
		bin := kesuBinary(t)
		dir := t.TempDir()
		// nobody must reach the case and the binary: open the test's
		// folders (0700 from t.TempDir) for reading.
		for _, d := range []string{filepath.Dir(dir), dir, filepath.Dir(bin), filepath.Dir(filepath.Dir(bin))} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		copyTree(t, filepath.Dir(sample), filepath.Join(dir, "case"))
		caseFile := filepath.Join(dir, "case", filepath.Base(sample))
		out := filepath.Join(dir, "ro")
		if err := os.Mkdir(out, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(out, 0o555); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "render", caseFile, "-o", out)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Skipf("cannot run kesu as nobody here: %v", err)
		}
		if strings.Contains(stderr.String(), caseFile) && strings.Contains(stderr.String(), "permission denied") {
			t.Skipf("nobody cannot read the case here:\n%s", stderr.String())
		}
		t.Logf("kesu render as nobody: exit %d: %s", cmd.ProcessState.ExitCode(), strings.TrimSpace(stderr.String()))
		checkUnwritable(t, cmd.ProcessState.ExitCode(), stdout.String(), stderr.String(), out, dir)
	})

	t.Run("parent is a file", func(t *testing.T) {
		// Fails for root too: no one makes a folder under a regular file.
		dir := t.TempDir()
		file := filepath.Join(dir, "report.txt")
		if err := os.WriteFile(file, []byte("已归档\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(file, "out")
		code, stdout, stderr := runKesu([]string{"render", sample, "-o", out})
		// The message names the path in the way (report.txt) or the one
		// asked for (report.txt/out).
		checkUnwritable(t, code, stdout, stderr, file, dir)
		if data, _ := os.ReadFile(file); string(data) != "已归档\n" {
			t.Errorf("the file in the way was changed: %q", data)
		}
	})

	t.Run("output name taken by a folder", func(t *testing.T) {
		// A valid case of the bad corpus (it has no settlement): its
		// second document, the apology letter, cannot be renamed into
		// place, for a folder has its name.
		dir := t.TempDir()
		copyTree(t, filepath.Join(badDir, "assets"), filepath.Join(dir, "case", "assets"))
		caseFile := filepath.Join(dir, "case", "case.yaml")
		copyFile(t, filepath.Join(badDir, "57-agreement-no-settlement.yaml"), caseFile)
		out := filepath.Join(dir, "out")
		taken := filepath.Join(out, "KS-2026-000123_apology.pdf")
		if err := os.MkdirAll(taken, 0o755); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runKesu([]string{"render", caseFile, "-o", out})
		if code == 0 {
			t.Fatalf("exit 0 though %s is a folder", taken)
		}
		if !strings.Contains(stderr, taken) {
			t.Errorf("the message does not name %s:\n%s", taken, stderr)
		}
		var written []string
		for _, f := range filesUnder(t, out) {
			if strings.HasSuffix(f, ".tmp") {
				t.Errorf("temporary file left behind: %s", f)
			} else {
				written = append(written, f)
			}
		}
		for _, f := range written {
			checkComplete(t, filepath.Join(out, f), nil)
		}
		// A case gets its whole set of files or none.
		if len(written) > 0 {
			t.Errorf("a render that failed while writing left %v (stdout %q); a case gets its whole set or none", written, stdout)
		}
	})
}

// checkUnwritable: a non-zero exit, a message naming the path, nothing
// written anywhere under dir.
func checkUnwritable(t *testing.T, code int, stdout, stderr, path, dir string) {
	t.Helper()
	if code == 0 {
		t.Errorf("exit 0 writing into %s", path)
	}
	if code < 0 || strings.Contains(stderr, "panic") {
		t.Errorf("panicked:\n%s", stderr)
	}
	if !strings.Contains(stderr, path) {
		t.Errorf("the message does not name %s:\n%s", path, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout lists outputs though nothing could be written:\n%s", stdout)
	}
	for _, f := range filesUnder(t, dir) {
		if !strings.HasPrefix(f, "case"+string(filepath.Separator)) && f != "report.txt" {
			t.Errorf("file written: %s", f)
		}
	}
}

// kesuBinary builds cmd/kesu once per test into the test's temporary
// folder (the module root is ../..).
func kesuBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build kesu: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "bin", "kesu")
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/kesu")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/kesu: %v\n%s", err, out)
	}
	return bin
}

// TestKilledRender kills kesu render with SIGKILL at random moments and
// checks after each kill that every PDF and workbook in the output folder
// is complete: outputs go to a hidden temporary file that is renamed into
// place, so a kill leaves at most such a temporary file.
func TestKilledRender(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kesu and renders the samples about 20 times")
	}
	bin := kesuBinary(t)
	cases := sampleCases(t)
	out := filepath.Join(t.TempDir(), "out")
	args := append(append([]string{"render"}, cases...), "-o", out)

	// One whole run tells how long a render takes: kills fall in it.
	start := time.Now()
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("kesu render of the samples: %v\n%s", err, b)
	}
	whole := time.Since(start)
	checked := map[string]string{} // path → size and time already checked
	tmps := map[string]bool{}      // temporary files seen (left by kills)
	check := func(when string) {
		entries, err := os.ReadDir(out)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				t.Errorf("%s: unexpected folder %s", when, name)
				continue
			}
			if tmpName.MatchString(name) {
				tmps[name] = true
				continue
			}
			ext := filepath.Ext(name)
			if ext != ".pdf" && ext != ".xlsx" {
				t.Errorf("%s: unexpected file %s", when, name)
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue // replaced since the listing: checked next time
			}
			stamp := fmt.Sprint(info.ModTime().UnixNano(), info.Size())
			if checked[name] == stamp {
				continue
			}
			checked[name] = stamp
			checkComplete(t, filepath.Join(out, name), func(format string, args ...any) {
				t.Errorf(when+": "+format, args...)
			})
		}
	}
	check("after a whole run")
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	kills := 0
	for i := range 20 {
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Early tries kill at once (folder creation, first write); later
		// ones anywhere in a whole run.
		delay := time.Duration(rng.Int64N(int64(whole) + 1))
		if i < 3 {
			delay = time.Duration(i) * 5 * time.Millisecond
		}
		time.Sleep(delay)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		cmd.Wait()
		check("after a kill at " + delay.Round(time.Millisecond).String())
	}
	t.Logf("%d kills within a %v render of %d samples; %d files checked, %d temporary files left by kills",
		kills, whole.Round(time.Millisecond), len(cases), len(checked), len(tmps))
	// A run after the kills still writes every file, whole.
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("kesu render after the kills: %v\n%s", err, b)
	}
	check("after the kills, a whole run")
}

// tmpName is the only kind of file a killed write may leave: sink's
// hidden temporary file, .<name>.<random>.tmp.
var tmpName = regexp.MustCompile(`^\..+\.(pdf|xlsx)\.[^.]+\.tmp$`)

// checkComplete opens a PDF or workbook as a reader would: a PDF starts
// with %PDF-, ends with %%EOF and passes pdfinfo (when installed); a
// workbook opens with excelize and has a sheet.
func checkComplete(t *testing.T, path string, errorf func(string, ...any)) {
	t.Helper()
	if errorf == nil {
		errorf = t.Errorf
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return // replaced or removed since the listing
		}
		errorf("%s: %v", path, err)
		return
	}
	switch filepath.Ext(path) {
	case ".pdf":
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(data, "\r\n "), []byte("%%EOF")) {
			errorf("%s (%d bytes) is not a whole PDF: no %%PDF- header or %%%%EOF trailer", path, len(data))
			return
		}
		if pdfinfo, err := exec.LookPath("pdfinfo"); err == nil {
			if b, err := exec.Command(pdfinfo, path).CombinedOutput(); err != nil {
				errorf("pdfinfo %s: %v\n%s", path, err, b)
			}
		}
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			errorf("%s (%d bytes) does not open as a workbook: %v", path, len(data), err)
			return
		}
		defer f.Close()
		if len(f.GetSheetList()) == 0 {
			errorf("%s has no sheet", path)
		}
	}
}

// TestExitStatusCommands: the commands around bundles and packs say bad
// input (1) from bad usage (2), and write nothing when they fail.
func TestExitStatusCommands(t *testing.T) {
	dir := t.TempDir()
	// An open case: a valid case of the bad corpus without its closure.
	src, err := os.ReadFile(filepath.Join(badDir, "57-agreement-no-settlement.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	open := regexp.MustCompile(`(?ms)^closure:.*?\n\n`).ReplaceAll(src, nil)
	if bytes.Equal(open, src) || bytes.Contains(open, []byte("\nclosure:")) {
		t.Fatal("could not cut the closure out of the case")
	}
	copyTree(t, filepath.Join(badDir, "assets"), filepath.Join(dir, "case", "assets"))
	openCase := filepath.Join(dir, "case", "open.yaml")
	if err := os.WriteFile(openCase, open, 0o644); err != nil {
		t.Fatal(err)
	}
	notZip := filepath.Join(dir, "KS-2026-000123.zip")
	if err := os.WriteFile(notZip, []byte("这不是压缩包\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"validate", openCase}, 0, ""},
		{[]string{"bundle", openCase, "-o", out}, 1, openCase + ":4:1: /closure: a bundle is made of a closed case"},
		{[]string{"verify", notZip}, 1, notZip + ": not a readable zip"},
		{[]string{"verify", filepath.Join(dir, "missing.zip")}, 1, "missing.zip"},
		{[]string{"verify", filepath.Join(dir, "case")}, 1, "case"},
		{[]string{"batch", openCase, "-o", out, "--shard", "3/2"}, 2, "--shard 3/2"},
		{[]string{"batch", openCase, "-o", out, "--shard", "1"}, 2, "--shard 1"},
		{[]string{"batch", openCase, "-o", out, "--shard", "-1/4"}, 2, "--shard -1/4"},
		{[]string{"pack", "lint", filepath.Join(dir, "no-such-pack")}, 2, "no-such-pack"},
	}
	for _, tt := range tests {
		code, _, stderr := runKesu(tt.args)
		cmdline := "kesu " + strings.Join(tt.args, " ")
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s", cmdline, code, tt.code, stderr)
		}
		if !strings.Contains(stderr, tt.says) {
			t.Errorf("%s: stderr does not say %q:\n%s", cmdline, tt.says, stderr)
		}
		if files := filesUnder(t, out); len(files) > 0 {
			t.Errorf("%s wrote %v", cmdline, files)
		}
	}
}

// TestKilledBatchResumes kills kesu batch with SIGKILL in the middle of a
// run over generated cases, runs it again, and checks the job is done:
// every case has its bundle, every bundle verifies against its manifest,
// no temporary file is left, and the second run kept what the first had
// finished.
func TestKilledBatchResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kesu and bundles 60 cases twice")
	}
	bin := kesuBinary(t)
	dir := filepath.Join(t.TempDir(), "cases")
	paths, err := casegen.Write(dir, 60, 7)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(bin, "batch", dir, "-o", out, "--jobs", "2", "--quiet")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some bundles are there and many are not.
	deadline := time.Now().Add(60 * time.Second)
	for {
		m, _ := filepath.Glob(filepath.Join(out, "*.zip"))
		if len(m) >= 10 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	before, _ := filepath.Glob(filepath.Join(out, "*.zip"))
	if len(before) == 0 || len(before) >= len(paths) {
		t.Fatalf("the kill came at %d of %d bundles; it should fall in the middle", len(before), len(paths))
	}

	b, err := exec.Command(bin, "batch", dir, "-o", out, "--jobs", "2").CombinedOutput()
	if err != nil {
		t.Fatalf("the second run failed: %v\n%s", err, b)
	}
	// The second run keeps what the first finished.
	if want := fmt.Sprintf("%d up to date", len(before)); !strings.Contains(string(b), want) {
		t.Errorf("second run: %s; want %q", b, want)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	zips := 0
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasSuffix(name, ".tmp"):
			t.Errorf("temporary file left: %s", name)
		case strings.HasSuffix(name, ".zip"):
			zips++
			v, err := verifyFile(filepath.Join(out, name))
			if err != nil || !v.OK() {
				t.Errorf("%s: %v %v", name, err, v)
			}
		}
	}
	if zips != len(paths) {
		t.Errorf("%d bundles for %d cases", zips, len(paths))
	}
	for _, name := range []string{"ledger.xlsx", "errors.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
