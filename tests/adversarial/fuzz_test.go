package adversarial

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fuzzFormats are the lint formats the fuzzer renders: text, json and
// sarif, and markdown and dot where this build has them.
func fuzzFormats(t testing.TB) []string {
	out := append([]string(nil), formats...)
	p := writeFile(t, "probe.json", plan{resources: []resource{ghProvider()}}.json())
	for _, f := range []string{"markdown", "dot"} {
		if _, _, code := run("lint", "--format", f, "--config", emptyConfig(t), p); code != 2 {
			out = append(out, f)
		}
	}
	return out
}

// watchdog is how long one fuzz input may take through load, analysis
// and every renderer: 2 s while fuzzing; ten times that when the seed
// corpus runs as an ordinary test on a loaded machine (it is a bound on
// hostile cost, not a timing assertion).
func watchdog() time.Duration {
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return 2 * time.Second
	}
	return 20 * time.Second
}

var leak = regexp.MustCompile(`(?i)s3cr|qz[0-9]`)

// FuzzPlan builds a valid plan from the input (random roles, trusts,
// actions and callers, some values sensitive, untrimmed or token-shaped;
// see generate), and runs it through tfplan.Load, the analysis and every
// renderer by the command line. It fails when a run exits 2 (the plan is
// valid), when a sensitive value or a token reaches any output in any
// form, when a control character reaches the text output, when the JSON
// or SARIF output is not JSON, or when the input takes longer than the
// watchdog allows; the slow plan is then saved beside the input go test
// saves under testdata/fuzz/FuzzPlan.
func FuzzPlan(f *testing.F) {
	for _, seed := range [][]byte{nil, []byte("\x00\x01\x02\x03"), []byte("\x04\x00\x00\x01\x05\x03\x00\x02\x01\x00\x00\x00\x03"),
		[]byte("\x02\x05\x07\x01\x03\x01\x00\x00\x04\x00\x01\x02\x00\x04\x00\x02\x01\x01\x03"), []byte(strings.Repeat("\x03\x01", 40))} {
		f.Add(seed)
	}
	fmts := fuzzFormats(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fp := generate(data)
		doc := fp.json()
		dir := t.TempDir()
		planFile := filepath.Join(dir, "plan.json")
		if err := os.WriteFile(planFile, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := emptyConfig(t)
		done := make(chan map[string]string, 1)
		go func() {
			outs := map[string]string{}
			for _, format := range fmts {
				stdout, stderr, code := run("lint", "--format", format, "--config", cfg, "--fail-on", "warning", planFile)
				outs[format], outs[format+" stderr"] = stdout, stderr
				outs[format+" code"] = fmt.Sprint(code)
			}
			done <- outs
		}()
		var outs map[string]string
		select {
		case outs = <-done:
		case <-time.After(watchdog()):
			saved := filepath.Join(os.TempDir(), fmt.Sprintf("stsguard-slow-plan-%x.json", sha256.Sum256(doc)))
			_ = os.WriteFile(saved, doc, 0o600)
			t.Fatalf("the plan took longer than %s through lint in %v; it is saved as %s", watchdog(), fmts, saved)
		}
		for _, format := range fmts {
			stdout, stderr := outs[format], outs[format+" stderr"]
			if code := outs[format+" code"]; code != "0" && code != "1" {
				t.Fatalf("%s: exit %s on a valid plan: %s\nplan: %s", format, code, stderr, doc)
			}
			all := stdout + stderr
			if m := leak.FindString(all); m != "" {
				t.Fatalf("%s output shows a sensitive value (%q of one of %q):\n%s\nplan: %s", format, m, fp.secrets, all, doc)
			}
			for _, tok := range fp.tokens {
				for _, seg := range strings.Split(tok, ".") {
					if strings.Contains(all, seg) {
						t.Fatalf("%s output shows a token segment %.16s…:\n%s", format, seg, all)
					}
				}
			}
			switch format {
			case "json", "sarif":
				if !json.Valid([]byte(stdout)) {
					t.Fatalf("%s output is not JSON:\n%s", format, stdout)
				}
			case "text":
				for _, r := range stdout {
					if r < 0x20 && r != '\n' || r == 0x7f {
						t.Fatalf("text output has the control character %U:\n%q", r, stdout)
					}
				}
			}
		}
	})
}
