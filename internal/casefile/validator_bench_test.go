package casefile_test

import (
	"os"
	"testing"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/schemas"
)

// BenchmarkNewValidator: the case schema made ready in a fresh process,
// as generator does once per process. Every iteration builds a new
// Validator, so B/op is what a cold start pays for the schema.
func BenchmarkNewValidator(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := casefile.NewValidator(schemas.CaseID, schemas.Case); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewValidatorFirstCase: a new Validator and its first case, the
// reference 8D: what a cold `kesu render` pays for the schema in all,
// whatever part of it is put off until a case needs it.
func BenchmarkNewValidatorFirstCase(b *testing.B) {
	data, err := os.ReadFile("../../../shared/bench/reference-8d.yaml")
	if err != nil {
		b.Skipf("no reference case (%v): it lives in shared/bench beside the repository", err)
	}
	c, err := casefile.Parse("reference-8d.yaml", data, casefile.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := casefile.NewValidator(schemas.CaseID, schemas.Case)
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Validate(c); err != nil {
			b.Fatal(err)
		}
	}
}
