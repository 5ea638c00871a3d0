// Package locale decides the language a document is written in. Whoever
// asks (a caller for one document, the generator's options, the case's
// locale field) says so in an Asked; Set.Decide, the one place that
// weighs them, answers with a Locale the pack has.
package locale

import (
	"fmt"
	"slices"
	"strings"
)

// Locale is a language of a pack's documents and labels: zh-CN, en.
type Locale string

// English reports whether documents in l are written in English: dates
// as "5 November 2026", amounts in English words, kesu's own words in
// English. Any en… locale is.
func (l Locale) English() bool { return strings.HasPrefix(string(l), "en") }

// Set is the locales a pack is written in and the one it defaults to.
type Set struct {
	Default Locale
	All     []Locale
}

// Of is the set a pack's manifest names (pack.yaml's locales and
// default_locale, as the pack filled them in when it loaded).
func Of(all []string, def string) Set {
	s := Set{Default: Locale(def), All: make([]Locale, len(all))}
	for i, l := range all {
		s.All[i] = Locale(l)
	}
	return s
}

// Has reports whether the pack is written in l.
func (s Set) Has(l Locale) bool { return slices.Contains(s.All, l) }

// Source is who asked for a locale.
type Source int

// The sources, strongest first.
const (
	// Document: the caller, for one document (RenderTrack's locale).
	Document Source = iota
	// Option: the generator's Options.Locale, which the CLI fills from
	// --locale, KESU_LOCALE or kesu.yaml's locale: (its configuration
	// decides among those, as for every setting).
	Option
	// Case: the case's own locale field.
	Case
	// Pack: nobody asked; the pack's default_locale.
	Pack
)

func (s Source) String() string {
	return [...]string{"the document's locale", "the generator's locale", "the case's locale", "the pack's default locale"}[s]
}

// Asked is every wish for a locale of one document; empty is no wish.
// Documents of many cases (ledger, tracking table, report) ask no Case.
type Asked struct {
	Document, Option, Case Locale
}

// Decide picks the locale: the document's, else the generator's, else the
// case's, else the pack's default. It says which source it took; a
// locale the pack does not have is an *UnknownError, never replaced by
// another behind the asker's back.
func (s Set) Decide(a Asked) (Locale, Source, error) {
	for _, w := range []struct {
		l   Locale
		src Source
	}{{a.Document, Document}, {a.Option, Option}, {a.Case, Case}} {
		if w.l == "" {
			continue
		}
		if !s.Has(w.l) {
			return "", w.src, &UnknownError{Locale: w.l, From: w.src, Set: s}
		}
		return w.l, w.src, nil
	}
	return s.Default, Pack, nil
}

// UnknownError is a locale asked for that the pack does not have.
type UnknownError struct {
	Locale Locale
	From   Source
	Set    Set
}

func (e *UnknownError) Error() string {
	have := make([]string, len(e.Set.All))
	for i, l := range e.Set.All {
		have[i] = string(l)
	}
	return fmt.Sprintf("locale %q is not one of the pack's locales (%s)", e.Locale, strings.Join(have, ", "))
}
