// Copyright ©2023 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

// Package fpdf is kesu's copy of go-pdf/fpdf v0.9.0, cut down to what
// kesu's PDF writer calls and patched where PROVENANCE.md says (every
// change is marked `kesu:`). The upstream package's documentation
// describes features this copy no longer has.
package fpdf
