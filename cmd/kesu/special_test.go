//go:build unix

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// secret is what the file an escaping symbolic link leads to holds: no
// message may quote it.
const secret = "SECRET-MARKER-4f2a"

// specialKinds are what an attacker names where kesu expects a file. Each
// makes the thing at path.
var specialKinds = []struct {
	name string
	make func(t *testing.T, path, outside string)
}{
	{"fifo", func(t *testing.T, path, _ string) {
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Fatal(err)
		}
	}},
	{"device", func(t *testing.T, path, _ string) {
		if err := os.Symlink("/dev/zero", path); err != nil {
			t.Fatal(err)
		}
	}},
	{"folder", func(t *testing.T, path, _ string) {
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
	}},
	{"dangling symlink", func(t *testing.T, path, _ string) {
		if err := os.Symlink(filepath.Join(filepath.Dir(path), "no-such-file"), path); err != nil {
			t.Fatal(err)
		}
	}},
	{"escaping symlink", func(t *testing.T, path, outside string) {
		if err := os.Symlink(outside, path); err != nil {
			t.Fatal(err)
		}
	}},
}

// inputPoint is a place kesu reads a file from: setup builds a working
// input in dir and returns the path the special file replaces, the
// command line, and the file name the message must carry.
type inputPoint struct {
	name  string
	setup func(t *testing.T, dir string) (slot string, args []string, names string)
	// legit lists the kinds that are a valid input here (a folder named
	// *.yaml in a batch folder is searched like any folder).
	legit string
	// named: the user named this very file on the command line, so
	// following a link out of its folder is theirs to decide; elsewhere the
	// target's bytes must never show.
	named bool
}

func inputPoints(t *testing.T) []inputPoint {
	samples, err := filepath.Abs("../../samples")
	if err != nil {
		t.Fatal(err)
	}
	sofa := func(t *testing.T, dir string) string {
		copyTree(t, filepath.Join(samples, "assets/furniture"), filepath.Join(dir, "cases/assets/furniture"))
		copyFile(t, filepath.Join(samples, "furniture-sofa.yaml"), filepath.Join(dir, "cases/furniture-sofa.yaml"))
		return filepath.Join(dir, "cases/furniture-sofa.yaml")
	}
	packDir := func(t *testing.T, dir string, extra string) string {
		p := filepath.Join(dir, "pk")
		if code, _, stderr := runKesu([]string{"pack", "init", p}); code != 0 {
			t.Fatalf("pack init: %s", stderr)
		}
		if extra != "" {
			f, err := os.OpenFile(filepath.Join(p, "pack.yaml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(extra)
			f.Close()
		}
		return p
	}
	return []inputPoint{
		{name: "case", named: true, legit: "folder", setup: func(t *testing.T, dir string) (string, []string, string) {
			slot := filepath.Join(dir, "case.yaml")
			return slot, []string{"validate", slot}, "case.yaml"
		}},
		{name: "batch folder", legit: "folder", setup: func(t *testing.T, dir string) (string, []string, string) {
			os.Mkdir(filepath.Join(dir, "cases"), 0o755)
			slot := filepath.Join(dir, "cases/other.yaml")
			return slot, []string{"batch", "-q", filepath.Join(dir, "cases"), "-o", filepath.Join(dir, "out")}, "other.yaml"
		}},
		{name: "attachment", setup: func(t *testing.T, dir string) (string, []string, string) {
			c := sofa(t, dir)
			slot := filepath.Join(dir, "cases/assets/furniture/thickness-gauge.jpg")
			os.Remove(slot)
			return slot, []string{"bundle", c, "-o", filepath.Join(dir, "out")}, "thickness-gauge.jpg"
		}},
		{name: "image", setup: func(t *testing.T, dir string) (string, []string, string) {
			c := sofa(t, dir)
			slot := filepath.Join(dir, "cases/assets/furniture/logo.png")
			os.Remove(slot)
			return slot, []string{"validate", c}, "logo.png"
		}},
		{name: "pack file", setup: func(t *testing.T, dir string) (string, []string, string) {
			p := packDir(t, dir, "")
			slot := filepath.Join(p, "labels/en.yaml")
			os.Remove(slot)
			return slot, []string{"pack", "lint", p}, "en.yaml"
		}},
		{name: "pack seal", setup: func(t *testing.T, dir string) (string, []string, string) {
			c := sofa(t, dir)
			p := packDir(t, dir, "branding: {seal: branding/seal.png}\n")
			os.Mkdir(filepath.Join(p, "branding"), 0o755)
			return filepath.Join(p, "branding/seal.png"),
				[]string{"render", "--pack", p, c, "--doc", "apology", "-o", filepath.Join(dir, "out")}, "seal.png"
		}},
		{name: "font", setup: func(t *testing.T, dir string) (string, []string, string) {
			slot := filepath.Join(dir, "fonts/extra.ttf")
			os.Mkdir(filepath.Dir(slot), 0o755)
			p := packDir(t, dir, "fonts:\n  regular: [fonts/Go-Regular.ttf, "+slot+"]\n")
			return slot, []string{"pack", "lint", p}, "extra.ttf"
		}},
		{name: "zip", named: true, setup: func(t *testing.T, dir string) (string, []string, string) {
			slot := filepath.Join(dir, "b.zip")
			return slot, []string{"verify", slot}, "b.zip"
		}},
		{name: "ledger", named: true, legit: "folder", setup: func(t *testing.T, dir string) (string, []string, string) {
			slot := filepath.Join(dir, "ledger-0-of-2.xlsx")
			return slot, []string{"ledger", slot, "-o", filepath.Join(dir, "merged.xlsx")}, "ledger-0-of-2.xlsx"
		}},
	}
}

// TestSpecialFiles: at every place kesu reads a file, a FIFO, a device, a
// folder or a symbolic link that dangles or leads out is refused within
// 2 s, with exit status 1 and a message naming the file, and the bytes an
// escaping link leads to are never quoted. The 2 s are of kesu's own
// work: CPU time, which reading /dev/zero on and on would pass, and wall
// time on an idle machine, which a FIFO that blocks an open would pass,
// stretched by the load (at a load of 20 on two cores the same work takes
// ten times as long).
func TestSpecialFiles(t *testing.T) {
	for _, ip := range inputPoints(t) {
		for _, kind := range specialKinds {
			t.Run(ip.name+"/"+kind.name, func(t *testing.T) {
				if ip.legit == kind.name {
					t.Skipf("a %s is valid input here", kind.name)
				}
				dir := t.TempDir()
				outside := filepath.Join(t.TempDir(), "secret.txt")
				if err := os.WriteFile(outside, []byte(secret+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				slot, args, name := ip.setup(t, dir)
				kind.make(t, slot, outside)
				type result struct {
					code           int
					stdout, stderr string
				}
				done := make(chan result, 1)
				start, cpu := time.Now(), cpuTime()
				go func() {
					code, stdout, stderr := runKesu(args)
					done <- result{code, stdout, stderr}
				}()
				var r result
			wait:
				for {
					select {
					case r = <-done:
						break wait
					case <-time.After(100 * time.Millisecond):
						if limit := wallLimit(); time.Since(start) > limit {
							// Unblock a FIFO open so the goroutine can end.
							if f, err := os.OpenFile(slot, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
								f.Close()
							}
							t.Fatalf("kesu %s did not finish within %v (2 s at load %.1f on %d cores)", strings.Join(args, " "), limit.Round(time.Second), load(), runtime.NumCPU())
						}
					}
				}
				used := cpuTime() - cpu
				t.Logf("%v: exit %d in %v, %v of CPU: %s", args[0], r.code, time.Since(start).Round(time.Millisecond), used.Round(time.Millisecond), strings.TrimSpace(r.stderr))
				if used > 2*time.Second {
					t.Errorf("kesu %s used %v of CPU; want under 2 s", strings.Join(args, " "), used.Round(time.Millisecond))
				}
				if r.code != 1 {
					t.Errorf("exit %d, want 1 (bad input)\nstderr: %s", r.code, r.stderr)
				}
				if !strings.Contains(r.stderr, name) {
					t.Errorf("stderr does not name %s:\n%s", name, r.stderr)
				}
				if !ip.named && strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("output quotes the file an escaping link leads to:\n%s", r.stderr)
				}
			})
		}
	}
}

// cpuTime is the CPU time this process has used, all its threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// load is the machine's load average over the last minute, 0 where
// /proc does not say.
func load() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(data) + " 0")[0], 64)
	return f
}

// wallLimit is 2 s, stretched by how many runnable threads share each
// core now, up to a minute.
func wallLimit() time.Duration {
	stretch := min(30, max(1, load()/float64(runtime.NumCPU())))
	return time.Duration(stretch * float64(2*time.Second))
}
