package cli

import (
	"fmt"
	"io"
	"os"
)

// Values of lint --color.
const (
	colorAuto   = "auto"
	colorAlways = "always"
	colorNever  = "never"
)

// lintEnv reads the environment for --color auto (a variable for tests).
var lintEnv = os.Getenv

// useColor decides whether the text report on standard output is
// coloured: --color always or never decide; auto colours only a terminal,
// and not when NO_COLOR is set to anything but "" (https://no-color.org)
// or TERM is "dumb". --output files are never coloured.
func useColor(mode string, terminal bool, getenv func(string) string) (bool, error) {
	switch mode {
	case colorAlways:
		return true, nil
	case colorNever:
		return false, nil
	case colorAuto:
		if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
			return false, nil
		}
		return terminal, nil
	}
	return false, fmt.Errorf("--color %q is not one of auto, always, never", mode)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
