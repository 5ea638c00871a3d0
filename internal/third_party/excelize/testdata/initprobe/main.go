// Command initprobe imports this copy of excelize and does nothing else:
// run with GODEBUG=inittrace=1, it shows what importing it costs at start.
package main

import _ "github.com/kesuhq/kesu/internal/third_party/excelize"

func main() {}
