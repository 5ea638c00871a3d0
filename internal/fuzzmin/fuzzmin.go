// Package fuzzmin is the TestMain of packages whose fuzz targets read
// inputs that cannot be small (a workbook, a PDF): it bounds how long the
// fuzzer minimizes an input, unless -fuzzminimizetime is given.
//
// Go minimizes each input that finds new code before it counts on, for up
// to a minute, on every worker. A workbook is some kilobytes of zip
// however small, excelize and the PDF reader have paths enough that new
// ones come every few hundred executions, and under load each of those
// minutes was spent: FuzzReadLedger counted 9 executions in a minute
// (57,000 in 40 s minimizing once), FuzzEmbeddedFiles 7 (821,000).
package fuzzmin

import (
	"flag"
	"os"
	"testing"
)

// Main runs m with minimization bounded to 100 executions of an input.
func Main(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.fuzzminimizetime" })
	if !set {
		flag.Set("test.fuzzminimizetime", "100x")
	}
	os.Exit(m.Run())
}
