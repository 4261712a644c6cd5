package admits

import "slices"

// dfa is a complete deterministic automaton over alphabet classes; state 0
// is the start state. Every state is reachable from the start, so a
// language is empty exactly when no state accepts, and universal exactly
// when every state does.
type dfa struct {
	k      int
	next   []int32 // next[s*k+c]; nil when chain is set
	chain  *chain  // the compact form of a literal's automaton, or nil
	view   *view   // a shared automaton read over this alphabet, or nil
	accept []bool
	dead   []bool // lazily: states from which nothing is accepted
}

// chain stores an automaton in which every state has at most one class
// with a transition of its own, every other class going to one sink state:
// the automaton of a literal, in 3 words per state instead of one per
// class (transition tables were most of an analysis's memory).
type chain struct {
	class []int32 // per state: the class with its own transition, or -1
	to    []int32 // per state: where that class goes
	sink  int32
}

func (d *dfa) step(s int32, c int) int32 {
	if d.view != nil {
		if d.view.remap == nil {
			return d.view.base.step(s, 0)
		}
		return d.view.base.step(s, int(d.view.remap[c]))
	}
	if d.chain != nil {
		if d.chain.class[s] == int32(c) {
			return d.chain.to[s]
		}
		return d.chain.sink
	}
	return d.next[int(s)*d.k+c]
}

// maxStates bounds the automaton of one condition. Globs such as
// "*a????????????????????" need exponentially many states; such a value is
// left to the evaluator, value by value (see opaque).
const maxStates = 4096

// position is one position of a pattern during subset construction.
type position struct {
	bit, target int // the position and where a character moves it
	one         int // the only class it accepts, or -1
	set         []bool
}

// compile builds the dfa of the union of the patterns, by subset
// construction over pattern positions. It returns nil when the automaton
// would exceed maxStates. The working sets and tables come from a pooled
// scratch; the automaton gets exact-size copies.
func compile(a *alphabet, pats [][]elem) *dfa {
	k := a.size()
	sc := getScratch()
	defer sc.release()
	positions, stars, accepts := sc.positions[:0], sc.stars[:0], sc.accepts[:0]
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
	sc.positions, sc.stars, sc.accepts = positions, stars, accepts
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
	states := &sc.states
	states.reset(words)
	sc.buf = grow(sc.buf, k*words) // k >= 1: the start set fits
	start := sc.buf[:words]
	clear(start)
	b0 := 0
	for _, p := range pats {
		add(start, b0)
		b0 += len(p) + 1
	}
	closure(start)
	states.add(start)
	next, accept := sc.next[:0], sc.accept[:0]
	defer func() { sc.next, sc.accept = next, accept }()
	buf := sc.buf[:k*words]
	for s := 0; s < states.n; s++ {
		cur := states.key(s)
		acc := false
		for _, b := range accepts {
			acc = acc || has(cur, b)
		}
		accept = append(accept, acc)
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
			id := states.lookup(nxt)
			if id < 0 {
				if states.n == maxStates {
					return nil
				}
				id = states.add(nxt)
			}
			next = append(next, id)
		}
	}
	return &dfa{k: k, next: slices.Clone(next), accept: slices.Clone(accept)}
}

// minimize merges equivalent states (Moore's partition refinement) and
// numbers the states in breadth-first order from the start, so equal
// languages get identical automata.
func (d *dfa) minimize() *dfa {
	n, k := len(d.accept), d.k
	sc := getScratch()
	defer sc.release()
	part := grow(sc.ints, n)
	np := grow(sc.ints2, n)
	defer func() { sc.ints, sc.ints2 = part, np }()
	for s := range part {
		part[s] = 0
		if d.accept[s] {
			part[s] = 1
		}
	}
	count := 0
	sig := grow(sc.buf, k+1)
	defer func() { sc.buf = sig }()
	ids := &sc.states
	for {
		ids.reset(k + 1)
		for s := 0; s < n; s++ {
			sig[0] = uint64(part[s])
			for c := 0; c < k; c++ {
				sig[c+1] = uint64(part[d.step(int32(s), c)])
			}
			id := ids.lookup(sig)
			if id < 0 {
				id = ids.add(sig)
			}
			np[s] = id
		}
		part, np = np, part
		if ids.n == count {
			break
		}
		count = ids.n
	}
	// Renumber the classes breadth-first from the start state.
	order := grow(sc.ints3, count) // class -> id+1
	defer func() { sc.ints3 = order }()
	clear(order)
	order[part[0]] = 1
	rep := []int{0}
	out := &dfa{k: k, next: make([]int32, 0, count*k), accept: make([]bool, 0, count)}
	for i := 0; i < len(rep); i++ {
		s := rep[i]
		out.accept = append(out.accept, d.accept[s])
		for c := 0; c < k; c++ {
			t := d.step(int32(s), c)
			id := order[part[t]] - 1
			if id < 0 {
				id = int32(len(rep))
				order[part[t]] = id + 1
				rep = append(rep, int(t))
			}
			out.next = append(out.next, id)
		}
	}
	return out
}

// product combines two automata state by state; keep decides acceptance.
// Products of more than 160 states are minimized, to keep further products
// cheap; smaller ones are kept as built: every state is reachable, which
// is all that empty and universal need.
func product(x, y *dfa, keep func(a, b bool) bool) *dfa {
	k := x.k
	sc := getScratch()
	defer sc.release()
	idx := sc.pairIndex(len(x.accept), len(y.accept))
	idx.put(0, 0, 0)
	queue := append(sc.pairs[:0], [2]int32{0, 0})
	next, accept := sc.next[:0], sc.accept[:0]
	for i := 0; i < len(queue); i++ {
		p := queue[i]
		accept = append(accept, keep(x.accept[p[0]], y.accept[p[1]]))
		for c := 0; c < k; c++ {
			a, b := x.step(p[0], c), y.step(p[1], c)
			id, ok := idx.get(a, b)
			if !ok {
				id = int32(len(queue))
				idx.put(a, b, id)
				queue = append(queue, [2]int32{a, b})
			}
			next = append(next, id)
		}
	}
	sc.pairs, sc.next, sc.accept = queue, next, accept
	switch {
	case !slices.Contains(accept, true):
		return oneState(k, false) // the same language in one state
	case !slices.Contains(accept, false):
		return oneState(k, true)
	case len(accept) > 160:
		built := dfa{k: k, next: next, accept: accept}
		return built.minimize()
	}
	return &dfa{k: k, next: slices.Clone(next), accept: slices.Clone(accept)}
}

// oneState is the automaton of no string (accept false) or of every
// string (accept true).
func oneState(k int, accept bool) *dfa {
	return &dfa{k: k, next: make([]int32, k), accept: []bool{accept}}
}

// meets reports whether two languages share a string, exploring the
// product only as far as the first accepting pair and never through a
// state from which one side accepts nothing.
func meets(x, y *dfa) bool {
	dx, dy := x.deadStates(), y.deadStates()
	if dx[0] || dy[0] {
		return false
	}
	sc := getScratch()
	defer sc.release()
	idx := sc.pairIndex(len(x.accept), len(y.accept))
	idx.put(0, 0, 0)
	queue := append(sc.pairs[:0], [2]int32{0, 0})
	defer func() { sc.pairs = queue }()
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
	out := &dfa{k: d.k, next: d.next, chain: d.chain, view: d.view, accept: make([]bool, len(d.accept))}
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

// literalDFA is the automaton of exactly s, as compile builds it from
// a.literal(s) (same states, same numbering) but without the subset
// construction, and in the compact chain form: the states are the
// positions 0..n of s and a dead state.
func literalDFA(a *alphabet, s string) *dfa {
	k := a.size()
	sc := getScratch()
	defer sc.release()
	cls := grow(sc.ints, 0)
	for _, r := range s {
		cls = append(cls, int32(a.class(r)))
	}
	n := len(cls)
	dead := n + 1
	ids := grow(sc.ints2, n+2) // implicit state -> id+1
	clear(ids)
	order := append(grow(sc.ints3, 0), 0) // id -> implicit state
	defer func() { sc.ints, sc.ints2, sc.ints3 = cls, ids, order }()
	ids[0] = 1
	// Number the states as compile's breadth-first search over the
	// classes in order discovers them.
	discover := func(t int) {
		if ids[t] == 0 {
			order = append(order, int32(t))
			ids[t] = int32(len(order))
		}
	}
	for i := 0; i < len(order); i++ {
		st := int(order[i])
		for c := 0; c < k; c++ {
			if st < n && int32(c) == cls[st] {
				discover(st + 1)
			} else {
				discover(dead)
			}
		}
	}
	// One allocation for the automaton and its chain, one for the chain's
	// two tables.
	both := &struct {
		d dfa
		c chain
	}{}
	tables := make([]int32, 2*(n+2))
	ch := &both.c
	*ch = chain{class: tables[:n+2], to: tables[n+2:], sink: ids[dead] - 1}
	d := &both.d
	*d = dfa{k: k, chain: ch, accept: make([]bool, n+2)}
	for st := 0; st <= dead; st++ {
		id := ids[st] - 1
		d.accept[id] = st == n
		ch.class[id], ch.to[id] = -1, ch.sink
		if st < n {
			ch.class[id], ch.to[id] = cls[st], ids[st+1]-1
		}
	}
	return d
}
