package lint

import (
	"fmt"
	"strings"
)

// Fail-on thresholds (--fail-on).
const (
	FailOnError   = "error"
	FailOnWarning = "warning"
	FailOnNever   = "never"
)

// ValidFailOn reports whether s is a --fail-on value.
func ValidFailOn(s string) bool {
	return s == FailOnError || s == FailOnWarning || s == FailOnNever
}

// Summary counts findings. Accepted findings are counted apart and never
// in the severities.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Info     int `json:"info"`
	Accepted int `json:"accepted"`
	// Roles, Callers and Pairs say how much of the plan was analysed.
	Roles   int `json:"roles"`
	Callers int `json:"callers"`
	Pairs   int `json:"pairs"`
	// Plans counts the plans linted together when there are several (0,
	// and absent from JSON, for one plan).
	Plans int `json:"plans,omitempty"`
	// Undecided counts the pairs whose verdict after the plan depends on
	// values known only after apply; Uncalled lists the roles trusting a
	// web identity that no caller of the inputs is paired with.
	Undecided int      `json:"undecided"`
	Uncalled  []string `json:"roles_without_callers"`
	// FailOn is the threshold; Failed says whether a finding reached it
	// (exit code 1).
	FailOn string `json:"fail_on"`
	Failed bool   `json:"failed"`
}

// Summarize counts the findings of a report against a threshold.
func Summarize(rep *Report, failOn string) Summary {
	s := Summary{Roles: rep.Roles, Callers: rep.Callers, Pairs: len(rep.Pairs), Plans: len(rep.Sources), Uncalled: rep.Uncalled, FailOn: failOn}
	if s.Uncalled == nil {
		s.Uncalled = []string{}
	}
	for _, p := range rep.Pairs {
		if p.After == VerdictUnknown {
			s.Undecided++
		}
	}
	for _, f := range rep.Findings {
		if f.Accepted {
			s.Accepted++
			continue
		}
		switch f.Severity {
		case SeverityError:
			s.Errors++
		case SeverityWarning:
			s.Warnings++
		default:
			s.Info++
		}
	}
	switch failOn {
	case FailOnError:
		s.Failed = s.Errors > 0
	case FailOnWarning:
		s.Failed = s.Errors+s.Warnings > 0
	}
	return s
}

// Line is the one-line summary the text output ends with.
func (s Summary) Line() string {
	verdict := "pass"
	if s.Failed {
		verdict = "FAIL"
	}
	return fmt.Sprintf("%s: %s, %s, %s, %d accepted; %s, %s, %s checked (--fail-on %s)",
		verdict, count(s.Errors, "error", "errors"), count(s.Warnings, "warning", "warnings"), count(s.Info, "info", "info"),
		s.Accepted, count(s.Roles, "role", "roles"), count(s.Callers, "caller", "callers"), count(s.Pairs, "pair", "pairs"), s.FailOn)
}

// Coverage is the line the text and markdown outputs end with: what was
// analysed, what could not be decided, and which roles have no caller in
// the inputs (a gate that pairs nothing is not a pass).
func (s Summary) Coverage() string {
	line := fmt.Sprintf("analysed: %s, %s, %s", count(s.Roles, "role", "roles"), count(s.Callers, "caller", "callers"), count(s.Pairs, "pair", "pairs"))
	if s.Plans > 1 {
		line += fmt.Sprintf(" in %d plans", s.Plans)
	}
	if s.Undecided > 0 {
		line += fmt.Sprintf(", %d undecided until apply (the STSG900 findings say what each waits for)", s.Undecided)
	}
	if len(s.Uncalled) > 0 {
		line += fmt.Sprintf("; no caller in the inputs for %s: %s (lint the plan or files that hold their callers too, or declare a stsguard_role_trust binding)",
			count(len(s.Uncalled), "role", "roles"), strings.Join(s.Uncalled, ", "))
	}
	return line
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
