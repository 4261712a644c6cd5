package cli

import (
	"os"
	"runtime/debug"
)

// A soft memory limit for one lint run. Go's collector lets the heap grow
// to twice what was live at the last collection (GOGC=100); lint keeps a
// small part of what it reads, but its peak heap still follows what is
// live mid-analysis. lint knows the size of its plans before it reads
// them, so it sets a soft limit of one and a half times that size
// (heapLimit): the collector runs earlier when the heap nears it, which
// bounds peak memory by the input, and never runs less than by default.
// GOGC or GOMEMLIMIT in the environment turn this off: the user's settings
// stand.

// heapLimit returns the soft memory limit for plans of total bytes.
func heapLimit(total int64) int64 {
	return max(total+total/2, minHeapLimit)
}

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

// limitMemory applies gcLimit for the run and returns what restores the
// previous limit (lint runs in-process in tests and benchmarks).
func limitMemory(files []string) (restore func()) {
	limit, ok := gcLimit(files, os.Getenv)
	if !ok {
		return func() {}
	}
	old := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}
