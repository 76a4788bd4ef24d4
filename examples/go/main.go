// A static Go program: no libc, so it runs on the `static` image, which has none.
package main

import (
	"fmt"
	"os"
	"runtime"
)

func main() {
	name := os.Getenv("GREETING_NAME")
	if name == "" {
		name = "world"
	}
	fmt.Printf("hello, %s, from %s on %s/%s as uid %d\n", name, runtime.Version(), runtime.GOOS, runtime.GOARCH,
		os.Getuid())
}
