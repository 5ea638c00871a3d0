package main

import (
	"fmt"
	"strings"

	"github.com/kesuhq/kesu/internal/suggest"
)

// didYouMean is suggest.DidYouMean.
func didYouMean(value string, candidates []string) string {
	return suggest.DidYouMean(value, candidates)
}

// notOneOf words a value that is not among those accepted: what they are,
// and the one probably meant. where names the value as the user gave it
// ("--doc registraton", "KESU_LOCALE=fr", "kesu.yaml:3:9: locale: fr").
func notOneOf(where string, value string, accepted []string) error {
	msg := fmt.Sprintf("%s: expected %s", where, orList(accepted))
	if s := didYouMean(value, accepted); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return &usageError{fmt.Errorf("%s", msg)}
}

// orList words a list of choices: "a", "a or b", "a, b or c".
func orList(items []string) string {
	switch len(items) {
	case 0:
		return "nothing"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
