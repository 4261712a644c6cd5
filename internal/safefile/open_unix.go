//go:build unix

package safefile

import "syscall"

// nonBlock makes opening a FIFO return at once instead of waiting for a
// writer (the handle is then refused as not regular).
const nonBlock = syscall.O_NONBLOCK
