package bundle

import (
	"testing"

	"github.com/kesuhq/kesu/internal/fuzzmin"
)

func TestMain(m *testing.M) { fuzzmin.Main(m) }
