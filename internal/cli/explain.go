package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// maxInputBytes bounds what the CLI reads from one file.
const maxInputBytes = 64 << 20

type listFlag []string

func (l *listFlag) String() string     { return fmt.Sprint(*l) }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// usageError is bad input: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func badInput(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyFile := fs.String("policy", "", "trust policy JSON file (required)")
	requestFile := fs.String("request", "", "request JSON file (design.md request format)")
	format := fs.String("format", "text", "output format: text or json")
	var rcpFiles listFlag
	fs.Var(&rcpFiles, "rcp", "resource control policy JSON file applying to the role's account (repeatable)")
	tokenOpts := addTokenFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: terraform-provider-stsguard explain --policy FILE (--request FILE | --token FILE [--oidc-provider URL=id1,id2] [--jwks FILE] [--role-arn ARN]) [--format text|json] [--rcp FILE]...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return ExitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "explain: unexpected argument %q\n", fs.Arg(0))
		return ExitBadInput
	}
	rep, err := explainFiles(*policyFile, *requestFile, rcpFiles, tokenOpts, *format)
	if err != nil {
		fmt.Fprintf(stderr, "explain: %v\n", err)
		return ExitBadInput
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	default:
		err = explain.WriteText(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "explain: writing output: %v\n", err)
		return ExitBadInput
	}
	if rep.Allowed {
		return ExitOK
	}
	return ExitFindings
}

func explainFiles(policyFile, requestFile string, rcpFiles []string, tok *tokenFlags, format string) (*explain.Report, error) {
	if format != "text" && format != "json" {
		return nil, badInput("--format %q: expected text or json", format)
	}
	if policyFile == "" {
		return nil, badInput("--policy FILE is required")
	}
	if (requestFile == "") == (tok.file == "") {
		return nil, badInput("give exactly one of --request FILE or --token FILE")
	}
	doc, problems, err := readPolicy(policyFile)
	if err != nil {
		return nil, err
	}
	var req *identity.Request
	if requestFile != "" {
		data, err := readFile(requestFile)
		if err != nil {
			return nil, err
		}
		if req, err = identity.ParseRequest(data); err != nil {
			return nil, badInput("%s: %v", requestFile, err)
		}
	} else if req, err = tok.request(); err != nil {
		return nil, err
	}
	var rcps []*policy.Document
	for _, f := range rcpFiles {
		d, _, err := readPolicy(f)
		if err != nil {
			return nil, err
		}
		rcps = append(rcps, d)
	}
	res, err := evaluate.Request(doc, req, rcps...)
	if err != nil {
		return nil, badInput("%s: %v", sourceName(requestFile, tok.file), err)
	}
	return explain.Build(res, problems), nil
}

func sourceName(requestFile, tokenFile string) string {
	if requestFile != "" {
		return requestFile
	}
	return tokenFile
}

func readPolicy(path string) (*policy.Document, []policy.Problem, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, err
	}
	doc, problems, err := policy.Parse(data)
	if err != nil {
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, badInput("%s:%d:%d: %s: %s", path, se.Position.Line, se.Position.Column, se.Path, se.Message)
		}
		return nil, nil, badInput("%s: %v", path, err)
	}
	return doc, problems, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badInput("cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxInputBytes+1))
	if err != nil {
		return nil, badInput("cannot read %s: %v", path, err)
	}
	if len(data) > maxInputBytes {
		return nil, badInput("%s is larger than %d MiB; a trust policy or request is never that big", path, maxInputBytes>>20)
	}
	return data, nil
}
