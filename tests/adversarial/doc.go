// Package adversarial keeps the hostile inputs of issue 16 from coming
// back: one end-to-end reproducer per point, run through the command line
// entry point (internal/cli.Main) with crafted plans, configurations,
// requests and tokens, and a structured plan fuzzer.
//
// Files: doc.go; plan_test.go (the plan builder shared by the tests and
// the fuzzer); points_test.go (a reproducer for each point 1 to 8);
// sensitive_test.go (point 2 in every format and transformation);
// bounds_test.go (point 6: callers with values no issuer accepts, output
// size and allocation bounded; hostilePlan writes them for profiling);
// fuzz_test.go (FuzzPlan: random roles, callers and trusts built into a
// valid plan, through load, analysis and every renderer, with a watchdog).
package adversarial
