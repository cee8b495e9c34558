package testserver

import (
	"os/exec"
	"syscall"
)

// setProcAttr asks the kernel to send SIGTERM to the server if the test
// process dies without calling Stop, so no orphaned server outlives it.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
