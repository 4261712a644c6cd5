package cli_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/cli"
)

// TestHelpNamesEveryFlag: `help` names every flag that `explain -h`,
// `lint -h` and `doctor -h` print, so the overview never hides one.
func TestHelpNamesEveryFlag(t *testing.T) {
	var help, errb bytes.Buffer
	if code := cli.Main([]string{"help"}, &help, &errb, "test"); code != cli.ExitOK {
		t.Fatalf("help: exit %d: %s", code, errb.String())
	}
	for _, cmd := range []string{"explain", "lint", "doctor"} {
		t.Run(cmd, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := cli.Main([]string{cmd, "-h"}, &out, &errOut, "test"); code != cli.ExitOK {
				t.Fatalf("%s -h: exit %d: %s", cmd, code, errOut.String())
			}
			var flags int
			for _, line := range strings.Split(out.String(), "\n") {
				name, ok := strings.CutPrefix(line, "  -")
				if !ok {
					continue
				}
				name, _, _ = strings.Cut(name, " ")
				flags++
				if !regexp.MustCompile(`--` + regexp.QuoteMeta(name) + `([^a-z-]|$)`).MatchString(help.String()) {
					t.Errorf("help does not name %s --%s", cmd, name)
				}
			}
			if flags < 5 {
				t.Fatalf("read %d flags from %s -h:\n%s", flags, cmd, out.String())
			}
		})
	}
}

// TestUsageNamesEveryFlag: the usage line that `COMMAND -h` (and every
// usage error) prints names every flag the command has.
func TestUsageNamesEveryFlag(t *testing.T) {
	for _, cmd := range []string{"explain", "lint", "doctor"} {
		t.Run(cmd, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := cli.Main([]string{cmd, "-h"}, &out, &errOut, "test"); code != cli.ExitOK {
				t.Fatalf("%s -h: exit %d: %s", cmd, code, errOut.String())
			}
			usage, rest, _ := strings.Cut(out.String(), "\n")
			for _, line := range strings.Split(rest, "\n") {
				name, ok := strings.CutPrefix(line, "  -")
				if !ok {
					continue
				}
				name, _, _ = strings.Cut(name, " ")
				if !regexp.MustCompile(`--` + regexp.QuoteMeta(name) + `([^a-z-]|$)`).MatchString(usage) {
					t.Errorf("the usage line of %s does not name --%s: %s", cmd, name, usage)
				}
			}
		})
	}
}
