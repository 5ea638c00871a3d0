// Package schemas holds the JSON Schemas of kesu's case format, embedded so `kesu schema` and the validator need no files on disk.
package schemas

import _ "embed"

// CaseID is the $id of the case schema: compile Case under this URL.
const CaseID = "https://github.com/kesuhq/kesu/schemas/case.schema.json"

// Case is the JSON Schema (draft 2020-12) of a kesu case file, format kesu/case/v1.
//
//go:embed case.schema.json
var Case []byte
