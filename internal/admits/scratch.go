package admits

import (
	"slices"
	"sync"
)

// scratch is working memory for building and exploring automata: subset
// construction, products, minimization and distances. It is taken from a
// pool and returned when the construction is done, so that one analysis,
// and the next, reuse the same buffers instead of growing fresh ones
// (before pooling, half of an analysis's garbage was the transition tables
// grown by append). Automata handed out never share memory with it: their
// tables are exact-size copies.
type scratch struct {
	positions []position
	stars     []int
	accepts   []int
	// states numbers the sets of states of a subset construction (or
	// the signatures of a minimization).
	states stateTable
	buf    []uint64
	next   []int32
	accept []bool
	pairs  [][2]int32
	index  pairIndex
	// ints, ints2 and ints3 are general-purpose; each user says which it
	// holds.
	ints  []int32
	ints2 []int32
	ints3 []int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// release returns the scratch to the pool, dropping its references to
// patterns so that the pool keeps no analysis alive.
func (sc *scratch) release() {
	clear(sc.positions[:cap(sc.positions)])
	sc.positions = sc.positions[:0]
	sc.index.sparse = nil
	scratchPool.Put(sc)
}

// grow returns s resized to n elements, reusing its array when it is large
// enough; the contents are not cleared.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, max(n, 2*cap(s)))
	}
	return s[:n]
}

// stateTable numbers the distinct keys (fixed-length runs of words) of a
// construction: an open-addressing hash table over a key arena, so that
// looking a key up or adding one allocates nothing once the buffers have
// grown.
type stateTable struct {
	width int      // words per key
	keys  []uint64 // key i at keys[i*width:(i+1)*width]
	slots []int32  // id+1 per slot; 0 is free
	n     int
}

// reset empties the table for keys of width words.
func (t *stateTable) reset(width int) {
	t.width, t.n = width, 0
	t.keys = t.keys[:0]
	t.slots = grow(t.slots, 64)
	clear(t.slots)
}

// key returns key i (valid until the next add).
func (t *stateTable) key(i int) []uint64 { return t.keys[i*t.width : (i+1)*t.width] }

func hashWords(ws []uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, w := range ws {
		h ^= w
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 31
	}
	return h
}

// lookup returns the id of key k, or -1.
func (t *stateTable) lookup(k []uint64) int32 {
	mask := len(t.slots) - 1
	for i := int(hashWords(k)) & mask; ; i = (i + 1) & mask {
		id := t.slots[i] - 1
		if id < 0 {
			return -1
		}
		if slices.Equal(t.key(int(id)), k) {
			return id
		}
	}
}

// add appends key k (not yet in the table) and returns its id.
func (t *stateTable) add(k []uint64) int32 {
	id := int32(t.n)
	t.keys = append(t.keys, k...)
	t.n++
	if 2*t.n > len(t.slots) {
		t.slots = grow(t.slots, 2*len(t.slots))
		clear(t.slots)
		for j := 0; j < t.n; j++ {
			t.place(int32(j))
		}
	} else {
		t.place(id)
	}
	return id
}

func (t *stateTable) place(id int32) {
	mask := len(t.slots) - 1
	i := int(hashWords(t.key(int(id)))) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = id + 1
}

// pairIndex numbers pairs of states of two automata: densely when the
// table is small, in a map otherwise.
type pairIndex struct {
	nb     int32
	dense  []int32 // id+1; 0 = not seen
	sparse map[int64]int32
}

// pairIndex returns the scratch's pair index, emptied, for automata of na
// and nb states.
func (sc *scratch) pairIndex(na, nb int) *pairIndex {
	p := &sc.index
	p.nb = int32(nb)
	if na*nb <= 1<<16 {
		p.dense = grow(p.dense, na*nb)
		clear(p.dense)
		return p
	}
	p.dense = p.dense[:0]
	p.sparse = map[int64]int32{} // large products are rare: not kept
	return p
}

func (p *pairIndex) get(a, b int32) (int32, bool) {
	if len(p.dense) > 0 {
		v := p.dense[a*p.nb+b]
		return v - 1, v != 0
	}
	v, ok := p.sparse[int64(a)*int64(p.nb)+int64(b)]
	return v, ok
}

func (p *pairIndex) put(a, b, id int32) {
	if len(p.dense) > 0 {
		p.dense[a*p.nb+b] = id + 1
	} else {
		p.sparse[int64(a)*int64(p.nb)+int64(b)] = id
	}
}
