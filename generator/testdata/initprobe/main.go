// Command initprobe imports kesu's API and does nothing else: run with
// GODEBUG=inittrace=1, it shows what importing kesu costs a host at start.
package main

import _ "github.com/kesuhq/kesu/generator"

func main() {}
