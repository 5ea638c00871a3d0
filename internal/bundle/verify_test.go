package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// forge writes a zip of the files whose manifest lists them exactly as
// they are (sizes, hashes, contents hash): what an attacker who controls
// the whole zip can make.
func forge(t testing.TB, files []File) []byte {
	t.Helper()
	m := Manifest{Schema: Schema, CaseID: "X"}
	for _, f := range files {
		m.Files = append(m.Files, f.ManifestFile)
	}
	m.ContentsSHA256 = ContentsHash(files)
	mj, _ := json.Marshal(m)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	all := append([]File{{ManifestFile: ManifestFile{Name: "manifest.json"}, Data: mj}}, files...)
	for _, f := range all {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func verifyBytes(t testing.TB, data []byte) *Verification {
	t.Helper()
	v, err := Verify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestVerifyUnsafeNames: a name an unzip would write outside its folder,
// or two names for one file, is a problem even when the manifest was
// forged to list it.
func TestVerifyUnsafeNames(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"../x"}, "leads out"},
		{[]string{"documents/../../x"}, "leads out"},
		{[]string{"/etc/x"}, "absolute"},
		{[]string{"C:/x"}, "absolute"},
		{[]string{`attachments\x.jpg`}, "backslash"},
		{[]string{"attachments/x.jpg", "./attachments/x.jpg"}, "two entries that name one file"},
		{[]string{"attachments//x.jpg"}, "clean form"},
		{[]string{"a\x00b"}, "control character"},
	} {
		t.Run(strings.Join(tc.names, ","), func(t *testing.T) {
			var files []File
			for _, n := range tc.names {
				files = append(files, NewFile(n, KindAttachment, []byte("data of "+n)))
			}
			v := verifyBytes(t, forge(t, files))
			if v.OK() || !strings.Contains(problemText(v), tc.want) {
				t.Errorf("problems %q; want one saying %q", v.Problems, tc.want)
			}
		})
	}
	if v := verifyBytes(t, forge(t, []File{NewFile("attachments/x.jpg", KindAttachment, []byte("x"))})); !v.OK() {
		t.Errorf("a sound bundle: %q", v.Problems)
	}
}

// TestVerifyManyEntries: the name lookup is linear; 60,000 entries
// verify in well under two seconds.
func TestVerifyManyEntries(t *testing.T) {
	files := make([]File, 60_000)
	for i := range files {
		files[i] = NewFile(fmt.Sprintf("attachments/%05d.txt", i), KindAttachment, nil)
	}
	data := forge(t, files)
	start, cpu := time.Now(), cpuTime()
	v := verifyBytes(t, data)
	took := cpuTime() - cpu
	t.Logf("60,000 entries verified in %v CPU, %v wall", took, time.Since(start))
	if !v.OK() {
		t.Fatalf("problems: %q", v.Problems[:min(3, len(v.Problems))])
	}
	if took > 2*time.Second {
		t.Errorf("60,000 entries took %v; want under 2 s", took)
	}
}

// cpuTime is the CPU time the process has used: timings that a shared,
// loaded machine does not stretch.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bombZip is a zip whose one member inflates to n zero bytes, with a
// manifest listing it as that size: small on disk, n bytes read.
func bombZip(t testing.TB, n int64, claim int64) []byte {
	t.Helper()
	var member bytes.Buffer
	fw, _ := flate.NewWriter(&member, flate.BestSpeed)
	zeros := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zeros)) {
		fw.Write(zeros[:min(left, int64(len(zeros)))])
	}
	fw.Close()
	m := Manifest{Schema: Schema, CaseID: "X", Files: []ManifestFile{{Name: "bomb.bin", Kind: KindAttachment, Bytes: claim, SHA256: strings.Repeat("0", 64)}}}
	mj, _ := json.Marshal(m)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("manifest.json")
	w.Write(mj)
	h := &zip.FileHeader{Name: "bomb.bin", Method: zip.Deflate, UncompressedSize64: uint64(n), CompressedSize64: uint64(member.Len())}
	raw, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(member.Bytes())
	zw.Close()
	return b.Bytes()
}

// TestVerifyBomb: a member that inflates to hundreds of megabytes is
// hashed as it streams (memory stays flat), and one the manifest says is
// 4 GiB is refused without inflating it.
func TestVerifyBomb(t *testing.T) {
	for _, tc := range []struct {
		name        string
		n, claim    int64
		maxDuration time.Duration
	}{
		{"4 GiB claimed", 64 << 20, 4 << 30, 2 * time.Second},
		{"300 MiB inflated", 300 << 20, 300 << 20, 2 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := bombZip(t, tc.n, tc.claim)
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu := cpuTime()
			v := verifyBytes(t, data)
			took := cpuTime() - cpu
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d KB zip: %q; allocated %.1f MB in %v", len(data)>>10, v.Problems, float64(alloc)/(1<<20), took)
			if v.OK() {
				t.Error("a bomb verified ok")
			}
			if alloc > 16<<20 {
				t.Errorf("verifying allocated %d MB; want under 16 MB", alloc>>20)
			}
			if took > tc.maxDuration {
				t.Errorf("verifying took %v; want under %v", took, tc.maxDuration)
			}
		})
	}
}

// FuzzVerify: no zip, however formed, makes Verify panic, hang or call
// an unsafe name sound.
func FuzzVerify(f *testing.F) {
	f.Add(forge(f, []File{NewFile("attachments/x.jpg", KindAttachment, []byte("x"))}))
	f.Add(forge(f, []File{NewFile("../x", KindAttachment, []byte("x"))}))
	f.Add(bombZip(f, 1<<16, 1<<16))
	if m, _ := filepath.Glob("testdata/*.zip"); len(m) > 0 {
		for _, p := range m {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Verify(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("Verify read a zip archive/zip cannot: %v", err)
		}
		for _, f := range zr.File {
			if UnsafeName(f.Name) != "" && v.OK() {
				t.Fatalf("entry %q is unsafe, and the bundle verified ok", f.Name)
			}
		}
	})
}

// problemText is the problems as the CLI prints them, a line each.
func problemText(v *Verification) string {
	var b strings.Builder
	for _, p := range v.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
