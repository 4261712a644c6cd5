package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/admits"
	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/explain"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/requestdoc"
	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
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

const explainUsage = "usage: terraform-provider-stsguard explain --policy FILE (--request FILE | --token FILE [--oidc-provider URL=id1,id2] [--jwks FILE] [--role-arn ARN] [--now RFC3339] [--role-session-name NAME]) [--format text|json] [--rcp FILE]..."

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	policyFile := fs.String("policy", "", "trust policy JSON file (required)")
	requestFile := fs.String("request", "", "request JSON file; its fields are described in docs/guides/explain-request.md")
	format := fs.String("format", "text", "output format: text or json")
	var rcpFiles listFlag
	fs.Var(&rcpFiles, "rcp", "resource control policy JSON file (a policy document, or the output of aws organizations describe-policy) applying to the role's account (repeatable)")
	tokenOpts := addTokenFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, explainUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return ExitOK
		}
		fmt.Fprintf(stderr, "explain: %v\n%s\nRun 'terraform-provider-stsguard explain -h' for every flag.\n", err, explainUsage)
		return ExitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "explain: unexpected argument %q; files are given with --policy and --request\n%s\n", fs.Arg(0), explainUsage)
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
		return nil, badInput("--policy FILE is required (the role trust policy JSON)\n%s", explainUsage)
	}
	if (requestFile == "") == (tok.file == "") {
		what := "neither was given"
		if requestFile != "" {
			what = "both were given"
		}
		return nil, badInput("give exactly one of --request FILE or --token FILE (%s)\n%s", what, explainUsage)
	}
	if requestFile != "" && tok.now != "" {
		return nil, badInput("--now applies to --token; with --request FILE put the time in the request's \"now\" field")
	}
	doc, problems, err := readPolicy("--policy", policyFile)
	if err != nil {
		return nil, err
	}
	var req *identity.Request
	var tokenReport *explain.TokenReport
	var requestData []byte
	if requestFile != "" {
		data, err := readFile("--request", requestFile)
		requestData = data
		if err != nil {
			return nil, err
		}
		if req, err = requestdoc.Parse(data); err != nil {
			return nil, withYAMLHint(fileError(requestFile, err), data, requestFile, "request")
		}
	} else if req, tokenReport, err = tok.request(); err != nil {
		return nil, err
	}
	var rcps []*policy.Document
	for _, f := range rcpFiles {
		d, err := readRCP(f)
		if err != nil {
			return nil, err
		}
		rcps = append(rcps, d)
	}
	res, err := evaluate.Request(doc, req, rcps...)
	if err != nil {
		if requestFile == "" {
			switch msg := err.Error(); {
			case strings.HasPrefix(msg, "role_arn:"):
				return nil, badInput("--role-arn%s", strings.TrimPrefix(msg, "role_arn"))
			case tok.roleARN == "" && strings.Contains(msg, "role_arn"):
				err = fmt.Errorf("%v (with --token, give the role with --role-arn ARN)", err)
			}
		}
		if requestFile != "" {
			return nil, requestFieldError(requestFile, requestData, err)
		}
		return nil, fileError(tok.file, err)
	}
	rep := explainResult(doc, problems, req, res)
	rep.Token = tokenReport
	return rep, nil
}

// explainResult builds the explain report of an evaluated request, with
// the analysis of who else the trust admits. The request counts as a
// declared caller only when it is allowed.
func explainResult(doc *policy.Document, problems []policy.Problem, req *identity.Request, res *evaluate.Result) *explain.Report {
	rep := explain.Build(res, problems)
	// Who else does the trust admit? The request counts as a declared
	// caller only when it is allowed.
	var callers []*identity.Request
	if res.Decision.Allowed() {
		callers = append(callers, req)
	}
	if an, err := admits.Analyze(doc, req.RoleARN, callers); err == nil {
		rep.Admits = explain.NewAdmitsReport(an)
	}
	return rep
}

// fileError prefixes an error with the file name: "FILE:LINE:COLUMN: ..."
// when the error starts with a position, "FILE: ..." otherwise.
func fileError(path string, err error) error {
	msg := err.Error()
	if msg != "" && msg[0] >= '0' && msg[0] <= '9' {
		return badInput("%s:%s", path, msg)
	}
	return badInput("%s: %s", path, msg)
}

// requestFieldError places an error that names a top-level request field
// ("now: ...") at that field: "FILE:LINE:COLUMN: now: ...".
func requestFieldError(path string, data []byte, err error) error {
	msg := err.Error()
	if field, _, ok := strings.Cut(msg, ":"); ok && !strings.ContainsAny(field, " .") {
		if off, found := requestdoc.FieldOffset(data, field); found {
			line, col := requestdoc.LineColumn(data, off)
			return badInput("%s:%d:%d: %s", path, line, col, msg)
		}
	}
	return fileError(path, err)
}

// maxPolicyBytes bounds a policy file: 32 times IAM's default trust policy
// quota. Larger input is refused as bad input rather than evaluated; smaller
// documents over the quota are evaluated and reported as policy problems.
const maxPolicyBytes = 64 << 10

// readPolicy reads and parses the policy file given with flag.
func readPolicy(flag, path string) (*policy.Document, []policy.Problem, error) {
	data, err := readFile(flag, path)
	if err != nil {
		return nil, nil, err
	}
	doc, problems, err := policy.Parse(data)
	if err != nil {
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, withYAMLHint(badInput("%s:%d:%d: %s: %s", path, se.Position.Line, se.Position.Column, se.Path, se.Message), data, path, "policy")
		}
		return nil, nil, badInput("%s: %v", path, err)
	}
	if len(data) > maxPolicyBytes {
		return nil, nil, badInput("%s:1:1: the document is %d bytes; IAM refuses trust policies over %d characters (the quota can be raised only a little), so this is not a policy STS could ever evaluate; pass the role's trust policy JSON",
			path, len(data), policy.MaxTrustPolicySize)
	}
	return doc, problems, nil
}

// readFile reads the file given with flag (named in every error): a
// regular file of bounded size; a FIFO, a device or a symbolic link out of
// the file's directory is refused (internal/safefile).
func readFile(flag, path string) ([]byte, error) {
	data, err := safefile.Read(path, maxInputBytes)
	if err != nil {
		return nil, badInput("%s: %v", flag, err)
	}
	return data, nil
}
