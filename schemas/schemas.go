// Package schemas holds the JSON Schemas of kesu's case format and of a
// pack's document definitions, embedded so `kesu schema` and the
// validators need no files on disk.
package schemas

import _ "embed"

// CaseID is the $id of the case schema: compile Case under this URL.
const CaseID = "https://github.com/kesuhq/kesu/schemas/case.schema.json"

// Case is the JSON Schema (draft 2020-12) of a kesu case file, format kesu/case/v1 and v1.1.
//
//go:embed case.schema.json
var Case []byte

// DocumentID is the $id of the document schema.
const DocumentID = "https://github.com/kesuhq/kesu/schemas/document.schema.json"

// Document is the JSON Schema (draft 2020-12) of a template pack's document
// definition (documents/*.yaml): what `kesu pack lint` checks them against.
//
//go:embed document.schema.json
var Document []byte
