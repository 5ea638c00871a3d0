package serve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser, or skips: the test is mandatory where
// KESU_REQUIRE_TOOLS is set (CI installs Debian's chromium).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("KESU_REQUIRE_TOOLS") != "" {
		t.Fatal("chromium is required (apt-get install -y chromium)")
	}
	t.Skip("no chromium: apt-get install -y chromium to run the intake page in a real browser")
	return ""
}

// TestIntakePage fills the intake page in a real browser as a desk clerk
// would: a new case, a phone number the server refuses, the message under
// the field, the fix, the preview, the save; the file is then a valid case.
func TestIntakePage(t *testing.T) {
	exe := chromium(t)
	cases := t.TempDir()
	_, ts := newServer(t, Config{Cases: cases})

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	const id = "KS-2026-009001"
	wait := func(pred string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](pred, chromedp.WithPollingTimeout(30*time.Second))
	}
	clear := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`document.querySelector('` + sel + `').value = ''`)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(`body[data-ready="1"]`),
		clear(`#f_id`),
		chromedp.SendKeys(`#f_id`, id),
		chromedp.SendKeys(`#f_customer_name`, "王芳"),
		chromedp.SendKeys(`#f_customer_phone`, "电话号码"),
		chromedp.Blur(`#f_customer_phone`),
		wait(`document.querySelector('#f_customer_phone-error').textContent.length > 0`),
	)
	if err != nil {
		t.Fatal(err)
	}
	phoneError, err := chromedp.Run(ctx, chromedp.Text(`#f_customer_phone-error`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(phoneError, "expected form") {
		t.Fatalf("the message under the phone field is %q", phoneError)
	}
	err = chromedp.Do(ctx,
		clear(`#f_customer_phone`),
		chromedp.SendKeys(`#f_customer_phone`, "13812345678"),
		chromedp.SendKeys(`#f_complaint_description`, "购买的电饭煲使用三天后内胆涂层脱落，要求换货。"),
		chromedp.Blur(`#f_complaint_description`),
		wait(`document.querySelector('#f_customer_phone-error').textContent === '' && document.querySelector('#status').textContent === '校验通过'`),
		// A valid case gets its preview: the registration form as a PDF.
		wait(`Number(document.querySelector('#pdf').dataset.bytes || 0) > 0`),
	)
	if err != nil {
		t.Fatal(err)
	}
	src, err := chromedp.Run(ctx, chromedp.AttributeValue(`#pdf`, "src"))
	if err != nil {
		t.Fatal(err)
	}
	size, err := chromedp.Run(ctx, chromedp.AttributeValue(`#pdf`, "data-bytes"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(`#save`),
		wait(`document.querySelector('#status').textContent.startsWith('已保存')`),
		chromedp.WaitVisible(`#cases tr[data-id="`+id+`"]`),
	)
	if err != nil {
		st, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#status').textContent + ' | ' + document.querySelector('#summary').textContent`))
		t.Fatalf("%v; the page says: %s", err, st)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text(`#status`))
	if !strings.HasPrefix(src.Value, "blob:") {
		t.Errorf("the preview shows %q, not the rendered PDF", src.Value)
	}
	if n, _ := strconv.Atoi(size.Value); n < 10_000 {
		t.Errorf("the preview PDF is %s bytes", size.Value)
	}
	data, err := os.ReadFile(filepath.Join(cases, id+".yaml"))
	if err != nil {
		t.Fatalf("%s: %v", status, err)
	}
	c, err := gen(t).Load(id+".yaml", data)
	if err != nil {
		t.Fatalf("the saved case is not valid: %v\n%s", err, data)
	}
	v := c.Value()
	if v["customer"].(map[string]any)["phone"] != "13812345678" || !strings.Contains(string(data), "内胆涂层脱落") {
		t.Fatalf("the saved case lost what was typed:\n%s", data)
	}
}
