package admits

// deadStates marks the states from which no string is accepted.
func (d *dfa) deadStates() []bool {
	if d.dead == nil {
		sc := getScratch()
		dist := d.distances(sc)
		d.dead = make([]bool, len(dist))
		for s, v := range dist {
			d.dead[s] = v < 0
		}
		sc.release()
	}
	return d.dead
}

// members returns up to n strings of the language, shortest first, built
// from class representatives (the other class first, then the runes in
// order). It follows only transitions that keep the string within a little
// of the shortest possible length, so its cost is bounded.
func (d *dfa) members(a *alphabet, n int) []string {
	sc := getScratch()
	defer sc.release()
	dist := d.distances(sc)
	if dist[0] < 0 {
		return nil
	}
	classes := grow(sc.ints2, 0) // distances no longer needs ints2
	classes = append(classes, int32(d.k-1))
	for c := 0; c < d.k-1; c++ {
		classes = append(classes, int32(c))
	}
	defer func() { sc.ints2 = classes }()
	var out []string
	steps := 0
	var prefix []rune
	var walk func(s int32, extra int)
	walk = func(s int32, extra int) {
		if len(out) >= n || steps > 4000 {
			return
		}
		steps++
		if extra == 0 && d.accept[s] {
			out = append(out, string(prefix))
			return
		}
		for _, c := range classes {
			t := d.step(s, int(c))
			if dist[t] < 0 {
				continue
			}
			if cost := int(dist[t] + 1 - dist[s]); cost <= extra {
				prefix = append(prefix, a.rep(int(c)))
				walk(t, extra-cost)
				prefix = prefix[:len(prefix)-1]
			}
		}
	}
	for extra := 0; extra <= 2 && len(out) < n; extra++ {
		walk(0, extra)
	}
	return out
}

// count returns the number of strings in the language, or max if there
// are at least max. A loop through live states, or a transition on the
// other class (which stands for unboundedly many runes), means infinitely
// many.
func (d *dfa) count(a *alphabet, max int) int {
	dead := d.deadStates()
	const visiting = -2
	sc := getScratch()
	defer sc.release()
	memo := grow(sc.ints, len(d.accept))
	defer func() { sc.ints = memo }()
	for i := range memo {
		memo[i] = -1
	}
	var visit func(s int32) int
	visit = func(s int32) int {
		switch memo[s] {
		case visiting:
			return max
		case -1:
		default:
			return int(memo[s])
		}
		memo[s] = visiting
		n := 0
		if d.accept[s] {
			n = 1
		}
		for c := 0; c < d.k && n < max; c++ {
			if t := d.step(s, c); !dead[t] {
				if c == d.k-1 {
					n = max
				} else {
					n += visit(t)
				}
			}
		}
		memo[s] = int32(min(n, max))
		return int(memo[s])
	}
	if dead[0] {
		return 0
	}
	return visit(0)
}

// distances returns, per state, the length of the shortest string leading
// from it to acceptance (-1 when none does): a breadth-first search over
// the reversed transitions, starting from the accepting states. The result
// lives in sc (valid until sc is released or distances runs again on it).
func (d *dfa) distances(sc *scratch) []int32 {
	n := len(d.accept)
	// Reverse edges in compressed form: into[start[t]:start[t+1]] are the
	// states with a transition to t.
	start := grow(sc.ints, n+1)
	clear(start)
	for s := 0; s < n; s++ {
		for c := 0; c < d.k; c++ {
			start[d.step(int32(s), c)+1]++
		}
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	into := grow(sc.ints2, n*d.k)
	fill := append(grow(sc.ints3, 0), start[:n]...)
	for s := 0; s < n; s++ {
		for c := 0; c < d.k; c++ {
			t := d.step(int32(s), c)
			into[fill[t]] = int32(s)
			fill[t]++
		}
	}
	dist := fill[:n] // fill is no longer needed
	queue := grow(sc.next, 0)
	for s := range dist {
		dist[s] = -1
		if d.accept[s] {
			dist[s] = 0
			queue = append(queue, int32(s))
		}
	}
	for i := 0; i < len(queue); i++ {
		t := queue[i]
		for _, s := range into[start[t]:start[t+1]] {
			if dist[s] < 0 {
				dist[s] = dist[t] + 1
				queue = append(queue, s)
			}
		}
	}
	sc.ints, sc.ints2, sc.ints3, sc.next = start, into, fill, queue
	return dist
}
