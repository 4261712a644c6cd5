//go:build !race

package admits

// raceEnabled is true when tests run under the race detector, which slows
// the analysis several times over.
const raceEnabled = false
