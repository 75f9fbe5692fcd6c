// The Chrome Trace Event Format's rules, as Perfetto's JSON importer applies them, checked on a
// trace file. Used because no Perfetto trace processor can be installed from the npm registry.
// Returns the problems found (empty = loads cleanly).

import type { TraceFile } from "../../protocol/src/trace";

type Ev = Record<string, any>;
const PHASES = new Set(["X", "i", "I", "C", "b", "e", "n", "s", "t", "f", "M"]);
const METADATA = new Set(["process_name", "process_labels", "process_sort_index", "thread_name", "thread_sort_index"]);
const isInt = (v: unknown) => Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export function chromeTraceProblems(trace: TraceFile): string[] {
  const problems: string[] = [];
  const bad = (ev: Ev, why: string) => {
    if (problems.length < 50) problems.push(`${why}: ${JSON.stringify(ev).slice(0, 200)}`);
  };
  if (!trace || !Array.isArray(trace.traceEvents)) return ["traceEvents is not an array"];
  if (trace.displayTimeUnit !== undefined && trace.displayTimeUnit !== "ms" && trace.displayTimeUnit !== "ns")
    problems.push("displayTimeUnit must be ms or ns");

  const slices = new Map<string, Array<{ ts: number; end: number }>>();
  const asyncOpen = new Map<string, number>();
  const flowStarts = new Map<string, Ev>();
  const flows: Ev[] = [];
  const pidsWithName = new Set<number>();
  const pids = new Set<number>();

  for (const ev of trace.traceEvents as unknown as Ev[]) {
    if (!PHASES.has(ev.ph)) {
      bad(ev, "unknown ph");
      continue;
    }
    if (typeof ev.name !== "string") bad(ev, "name is not a string");
    if (!isInt(ev.pid) || !isInt(ev.tid)) bad(ev, "pid/tid must be integers");
    if (!isNum(ev.ts) || ev.ts < 0) bad(ev, "ts must be a finite number >= 0");
    if (ev.args !== undefined && (typeof ev.args !== "object" || ev.args === null || Array.isArray(ev.args))) bad(ev, "args must be an object");
    pids.add(ev.pid);
    switch (ev.ph) {
      case "X": {
        if (!isNum(ev.dur) || ev.dur < 0) bad(ev, "X needs dur >= 0");
        const key = `${ev.pid}:${ev.tid}`;
        const list = slices.get(key) ?? [];
        list.push({ ts: ev.ts, end: ev.ts + ev.dur });
        slices.set(key, list);
        break;
      }
      case "i":
      case "I":
        if (ev.s !== undefined && !["t", "p", "g"].includes(ev.s)) bad(ev, "instant scope must be t, p or g");
        break;
      case "C":
        if (!ev.args || !Object.values(ev.args).length || !Object.values(ev.args).every(isNum)) bad(ev, "counter args must be finite numbers");
        break;
      case "b":
      case "e":
      case "n": {
        if (typeof ev.id !== "string" && !isNum(ev.id)) {
          bad(ev, "async event needs id");
          break;
        }
        if (typeof ev.cat !== "string") bad(ev, "async event needs cat");
        const key = `${ev.pid}|${ev.cat}|${ev.id}`;
        if (ev.ph === "b") {
          if (asyncOpen.has(key)) bad(ev, "async id reused while open");
          asyncOpen.set(key, ev.ts);
        } else if (ev.ph === "e") {
          const start = asyncOpen.get(key);
          if (start === undefined) bad(ev, "async end without begin");
          else if (ev.ts < start) bad(ev, "async end before begin");
          asyncOpen.delete(key);
        }
        break;
      }
      case "s":
      case "t":
      case "f":
        if (typeof ev.id !== "string" && !isNum(ev.id)) {
          bad(ev, "flow event needs id");
          break;
        }
        if (ev.ph === "s") {
          if (flowStarts.has(`${ev.cat}|${ev.id}`)) bad(ev, "flow id reused");
          flowStarts.set(`${ev.cat}|${ev.id}`, ev);
        }
        flows.push(ev);
        if (ev.ph === "f" && ev.bp !== undefined && ev.bp !== "e") bad(ev, "bp must be e");
        break;
      case "M":
        if (!METADATA.has(ev.name)) bad(ev, "unknown metadata name");
        if (ev.name.endsWith("_name") && typeof ev.args?.name !== "string") bad(ev, "name metadata needs args.name");
        if (ev.name.endsWith("_sort_index") && !isNum(ev.args?.sort_index)) bad(ev, "sort index metadata needs args.sort_index");
        if (ev.name === "process_name") pidsWithName.add(ev.pid);
        break;
    }
  }
  for (const [key] of asyncOpen) problems.push(`async span never ended: ${key}`);

  // Complete events on one thread must nest properly.
  for (const [lane, list] of slices) {
    list.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const stack: Array<{ ts: number; end: number }> = [];
    for (const s of list) {
      while (stack.length && stack[stack.length - 1]!.end <= s.ts) stack.pop();
      const top = stack[stack.length - 1];
      if (top && s.end > top.end + 1e-6) problems.push(`X slices overlap without nesting on ${lane}: [${s.ts}, ${s.end}] vs [${top.ts}, ${top.end}]`);
      stack.push(s);
    }
  }

  // Flows: every finish has a start before it; both ends sit inside a slice of their thread.
  const enclosed = (ev: Ev) => (slices.get(`${ev.pid}:${ev.tid}`) ?? []).some(s => s.ts <= ev.ts && ev.ts <= s.end);
  for (const ev of flows) {
    if (ev.ph === "f") {
      const start = flowStarts.get(`${ev.cat}|${ev.id}`);
      if (!start) problems.push(`flow finish without start: ${ev.id}`);
      else if (start.ts > ev.ts) problems.push(`flow finish before its start: ${ev.id}`);
    }
    if (!enclosed(ev)) problems.push(`flow ${ev.ph} ${ev.id} is not inside a slice on pid ${ev.pid} tid ${ev.tid}`);
  }
  for (const pid of pids) if (!pidsWithName.has(pid)) problems.push(`process ${pid} has no process_name`);
  return problems;
}
