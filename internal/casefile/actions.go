package casefile

import (
	"time"
)

// deriveActions gives each D5 corrective action and D7 preventive action a
// status from its own planned (due_on) and actual (done_on) dates, with the
// keys of an 8D step's states (d.d5_status[n-1], d.d7_status[n-1]):
//
//	on_time   done on or before its planned date
//	late      done after its planned date
//	done      done, with no planned date to judge it by
//	overdue   not done while the 8D is open, and its planned date is before
//	          the latest date the case records (never the clock: the same
//	          case reads the same)
//	open      not done while the 8D is open, not yet overdue
//	not_done  not done, and the 8D (or the case) was closed without it
func deriveActions(root *Node, d map[string]any) {
	e := root.Get("eightd")
	if e == nil {
		return
	}
	closed := e.Get("closed_on") != nil || root.Lookup("/eightd/d8/closed_on") != nil || root.Get("closure") != nil
	asOf := latest(root, "")
	for _, key := range []string{"d5", "d7"} {
		list := e.Get(key)
		if list == nil || list.Kind != Array {
			continue
		}
		out := make([]any, len(list.Elems))
		for i, a := range list.Elems {
			due, hasDue := date(a.Get("due_on"))
			done, isDone := date(a.Get("done_on"))
			switch {
			case isDone && hasDue && done.After(due):
				out[i] = "late"
			case isDone && hasDue:
				out[i] = "on_time"
			case isDone:
				out[i] = "done"
			case closed:
				out[i] = "not_done"
			case hasDue && asOf.After(due):
				out[i] = "overdue"
			default:
				out[i] = "open"
			}
		}
		d[key+"_status"] = out
	}
}

// latest is the latest date a case records in its dates and times.
func latest(n *Node, key string) time.Time {
	var out time.Time
	switch n.Kind {
	case Object:
		for i, k := range n.Keys {
			if t := latest(n.Elems[i], k); t.After(out) {
				out = t
			}
		}
	case Array:
		for _, e := range n.Elems {
			if t := latest(e, key); t.After(out) {
				out = t
			}
		}
	case String:
		if isDateKey(key) || isTimeKey(key) {
			if t, ok := date(n); ok {
				out = t
			}
		}
	}
	return out
}
