package admits

import (
	"encoding/binary"
	"slices"
)

// dfa is a complete deterministic automaton over alphabet classes; state 0
// is the start state. Every state is reachable from the start, so a
// language is empty exactly when no state accepts, and universal exactly
// when every state does.
type dfa struct {
	k      int
	next   []int32 // next[s*k+c]
	accept []bool
	dead   []bool // lazily: states from which nothing is accepted
}

func (d *dfa) step(s int32, c int) int32 { return d.next[int(s)*d.k+c] }

// maxStates bounds the automaton of one condition. Globs such as
// "*a????????????????????" need exponentially many states; such a value is
// left to the evaluator, value by value (see opaque).
const maxStates = 4096

// compile builds the dfa of the union of the patterns, by subset
// construction over pattern positions. It returns nil when the automaton
// would exceed maxStates.
func compile(a *alphabet, pats [][]elem) *dfa {
	k := a.size()
	type position struct {
		bit, target int // the position and where a character moves it
		one         int // the only class it accepts, or -1
		set         []bool
	}
	var positions []position
	var stars, accepts []int
	bit := 0
	for _, p := range pats {
		for _, e := range p {
			pos := position{bit: bit, target: bit + 1, one: -1, set: e.set}
			if e.star {
				pos.target = bit
				stars = append(stars, bit)
			} else if countTrue(e.set) == 1 {
				pos.one = slices.Index(e.set, true)
			}
			positions = append(positions, pos)
			bit++
		}
		accepts = append(accepts, bit)
		bit++
	}
	words := (bit + 63) / 64
	has := func(set []uint64, b int) bool { return set[b/64]&(1<<(b%64)) != 0 }
	add := func(set []uint64, b int) { set[b/64] |= 1 << (b % 64) }
	closure := func(set []uint64) {
		for _, b := range stars { // ascending, so chains of stars close
			if has(set, b) {
				add(set, b+1)
			}
		}
	}
	keyBuf := make([]byte, 8*words)
	key := func(set []uint64) []byte {
		for i, w := range set {
			binary.LittleEndian.PutUint64(keyBuf[8*i:], w)
		}
		return keyBuf
	}
	start := make([]uint64, words)
	b0 := 0
	for _, p := range pats {
		add(start, b0)
		b0 += len(p) + 1
	}
	closure(start)
	sets := [][]uint64{start}
	ids := map[string]int32{string(key(start)): 0}
	d := &dfa{k: k}
	buf := make([]uint64, k*words)
	for s := 0; s < len(sets); s++ {
		cur := sets[s]
		acc := false
		for _, b := range accepts {
			acc = acc || has(cur, b)
		}
		d.accept = append(d.accept, acc)
		clear(buf)
		for _, pos := range positions {
			if !has(cur, pos.bit) {
				continue
			}
			if pos.one >= 0 {
				add(buf[pos.one*words:], pos.target)
				continue
			}
			for c, ok := range pos.set {
				if ok {
					add(buf[c*words:], pos.target)
				}
			}
		}
		for c := 0; c < k; c++ {
			nxt := buf[c*words : (c+1)*words]
			closure(nxt)
			id, ok := ids[string(key(nxt))]
			if !ok {
				if len(sets) == maxStates {
					return nil
				}
				id = int32(len(sets))
				ids[string(keyBuf)] = id
				sets = append(sets, slices.Clone(nxt))
			}
			d.next = append(d.next, id)
		}
	}
	return d
}

// small minimizes products that have grown, to keep further products
// cheap. Smaller automata are kept as built: every state is reachable,
// which is all that empty and universal need.
func (d *dfa) small() *dfa {
	if len(d.accept) > 160 {
		return d.minimize()
	}
	return d
}

// minimize merges equivalent states (Moore's partition refinement) and
// numbers the states in breadth-first order from the start, so equal
// languages get identical automata.
func (d *dfa) minimize() *dfa {
	n, k := len(d.accept), d.k
	part := make([]int32, n)
	for s := range part {
		if d.accept[s] {
			part[s] = 1
		}
	}
	count := 0
	buf := make([]byte, 4*(k+1))
	for {
		ids := map[string]int32{}
		np := make([]int32, n)
		for s := 0; s < n; s++ {
			binary.LittleEndian.PutUint32(buf, uint32(part[s]))
			for c := 0; c < k; c++ {
				binary.LittleEndian.PutUint32(buf[4*(c+1):], uint32(part[d.next[s*k+c]]))
			}
			id, ok := ids[string(buf)]
			if !ok {
				id = int32(len(ids))
				ids[string(buf)] = id
			}
			np[s] = id
		}
		part = np
		if len(ids) == count {
			break
		}
		count = len(ids)
	}
	// Renumber the classes breadth-first from the start state.
	order := map[int32]int32{part[0]: 0}
	rep := []int{0}
	out := &dfa{k: k}
	for i := 0; i < len(rep); i++ {
		s := rep[i]
		out.accept = append(out.accept, d.accept[s])
		for c := 0; c < k; c++ {
			t := d.next[s*k+c]
			id, ok := order[part[t]]
			if !ok {
				id = int32(len(rep))
				order[part[t]] = id
				rep = append(rep, int(t))
			}
			out.next = append(out.next, id)
		}
	}
	return out
}

// pairIndex numbers pairs of states of two automata: densely when the
// table is small, in a map otherwise.
type pairIndex struct {
	nb     int32
	dense  []int32 // id+1; 0 = not seen
	sparse map[int64]int32
}

func newPairIndex(na, nb int) *pairIndex {
	if na*nb <= 1<<16 {
		return &pairIndex{nb: int32(nb), dense: make([]int32, na*nb)}
	}
	return &pairIndex{nb: int32(nb), sparse: map[int64]int32{}}
}

func (p *pairIndex) get(a, b int32) (int32, bool) {
	if p.dense != nil {
		v := p.dense[a*p.nb+b]
		return v - 1, v != 0
	}
	v, ok := p.sparse[int64(a)*int64(p.nb)+int64(b)]
	return v, ok
}

func (p *pairIndex) put(a, b, id int32) {
	if p.dense != nil {
		p.dense[a*p.nb+b] = id + 1
	} else {
		p.sparse[int64(a)*int64(p.nb)+int64(b)] = id
	}
}

// product combines two automata state by state; keep decides acceptance.
func product(x, y *dfa, keep func(a, b bool) bool) *dfa {
	k := x.k
	idx := newPairIndex(len(x.accept), len(y.accept))
	idx.put(0, 0, 0)
	queue := [][2]int32{{0, 0}}
	out := &dfa{k: k}
	for i := 0; i < len(queue); i++ {
		p := queue[i]
		out.accept = append(out.accept, keep(x.accept[p[0]], y.accept[p[1]]))
		for c := 0; c < k; c++ {
			a, b := x.step(p[0], c), y.step(p[1], c)
			id, ok := idx.get(a, b)
			if !ok {
				id = int32(len(queue))
				idx.put(a, b, id)
				queue = append(queue, [2]int32{a, b})
			}
			out.next = append(out.next, id)
		}
	}
	return out.small()
}

// meets reports whether two languages share a string, exploring the
// product only as far as the first accepting pair and never through a
// state from which one side accepts nothing.
func meets(x, y *dfa) bool {
	dx, dy := x.deadStates(), y.deadStates()
	if dx[0] || dy[0] {
		return false
	}
	idx := newPairIndex(len(x.accept), len(y.accept))
	idx.put(0, 0, 0)
	queue := [][2]int32{{0, 0}}
	for i := 0; i < len(queue); i++ {
		p := queue[i]
		if x.accept[p[0]] && y.accept[p[1]] {
			return true
		}
		for c := 0; c < x.k; c++ {
			a, b := x.step(p[0], c), y.step(p[1], c)
			if dx[a] || dy[b] {
				continue
			}
			if _, ok := idx.get(a, b); !ok {
				idx.put(a, b, 0)
				queue = append(queue, [2]int32{a, b})
			}
		}
	}
	return false
}

func intersect(x, y *dfa) *dfa {
	if x.universal() {
		return y
	}
	if y.universal() || x.empty() {
		return x
	}
	return product(x, y, func(a, b bool) bool { return a && b })
}

func union(x, y *dfa) *dfa { return product(x, y, func(a, b bool) bool { return a || b }) }

func minus(x, y *dfa) *dfa { return product(x, y, func(a, b bool) bool { return a && !b }) }

func (d *dfa) complement() *dfa {
	out := &dfa{k: d.k, next: d.next, accept: make([]bool, len(d.accept))}
	for i, a := range d.accept {
		out.accept[i] = !a
	}
	return out
}

// empty reports whether the language is empty.
func (d *dfa) empty() bool { return !slices.Contains(d.accept, true) }

// universal reports whether the language is every string.
func (d *dfa) universal() bool { return !slices.Contains(d.accept, false) }

// has reports whether s is in the language.
func (d *dfa) has(a *alphabet, s string) bool {
	st := int32(0)
	for _, r := range s {
		st = d.step(st, a.class(r))
	}
	return d.accept[st]
}
