package cli

import (
	"os"
	"runtime/debug"
)

// The collector's pacing for one lint run. By default Go collects each
// time the heap doubles what was live at the last collection (GOGC=100);
// lint keeps a small part of what it reads, and knows the size of its
// plans before it reads them. It sets a soft memory limit of one and a
// half times that size (heapLimit), which bounds peak memory by the input
// (the collector runs earlier as the heap nears it), and under that limit
// lets the heap grow to three times what was live (gcPercent): fewer
// collections, each of which marks what the run keeps. GOGC or GOMEMLIMIT
// in the environment turn this off: the user's settings stand.

// gcPercent is the GOGC lint runs with under its memory limit.
const gcPercent = 200

// heapLimit returns the soft memory limit for plans of total bytes: one
// and a half times their size, less a margin (the limit counts the
// runtime's memory, not the program's code, which is the other 13-18 MB
// of lint's peak resident memory).
func heapLimit(total int64) int64 {
	return max(total+total/2-limitMargin, minHeapLimit)
}

// limitMargin keeps the peak below the memory target, 1.5x the plans'
// size + 20 MB, which the limit would otherwise reach.
const limitMargin = 4 << 20

// minHeapLimit keeps small plans from being collected over and over (the
// program itself is about 20 MB).
const minHeapLimit = 32 << 20

// gcLimit returns the soft memory limit for plans of the given files
// (getenv reads the environment), and false when the environment sets its
// own pacing or a plan's size is not known (standard input, a pipe).
func gcLimit(files []string, getenv func(string) string) (int64, bool) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	var total int64
	for _, f := range files {
		st, err := os.Stat(f)
		if f == "-" || err != nil || !st.Mode().IsRegular() {
			return 0, false
		}
		total += st.Size()
	}
	return heapLimit(total), true
}

// limitMemory applies gcLimit and gcPercent for the run and returns what
// restores the previous pacing (lint runs in-process in tests and
// benchmarks).
func limitMemory(files []string) (restore func()) {
	limit, ok := gcLimit(files, os.Getenv)
	if !ok {
		return func() {}
	}
	oldLimit := debug.SetMemoryLimit(limit)
	oldPercent := debug.SetGCPercent(gcPercent)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
