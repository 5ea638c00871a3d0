package generator

// The error classes of the API. Bad case input is *ValidationError; a
// broken pack is *PackError; a request that cannot be meant (an unknown
// document or format) is *UsageError. The CLI picks its exit status from
// these with errors.As, in one place.

// PackError is a problem in a template pack: a broken template, a missing
// font, a document definition that does not parse.
type PackError struct{ Err error }

func (e *PackError) Error() string { return "pack: " + e.Err.Error() }

func (e *PackError) Unwrap() error { return e.Err }

// UsageError is a request that names something that does not exist.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }
