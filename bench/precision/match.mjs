// Matching a lint run's findings to a corpus's labels, and the precision figures. Pure functions:
// no I/O, so test/bench/precision-match.test.ts checks them on synthetic data.
//
// A finding is {file, line, rule, ...}; `file` is relative to the corpus root with "/" separators.
// Matching is per (file, rule) and one-to-one: first every finding whose line equals a label's line,
// then (only with drift > 0) the rest to the nearest unmatched label at most `drift` lines away.
// The corpora are pinned, so lines move only when a rule reports the same mistake at another node
// of a multi-line statement; drift is 0 by default and the scorer's --drift flag raises it.

export const ruleIds = ["blocking-call-in-async", "floating-promise", "unbounded-concurrency", "missing-timeout"];

const keyOf = x => `${x.file}\u0000${x.rule}`;

function groupBy(items, key) {
  const m = new Map();
  for (const it of items) {
    const k = key(it);
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(it);
  }
  return m;
}

/**
 * Pairs findings with labels (judged findings and known misses alike).
 * Returns { matched: [{finding, label, kind: "finding"|"miss"}], unjudged: [finding], lost: [label] }
 * where `lost` are the labels judged true that no finding matched any more (misses are not "lost":
 * they were never found).
 */
export function matchFindings(findings, labels, { drift = 0 } = {}) {
  const entries = [...(labels.findings ?? []).map(label => ({ label, kind: "finding" })), ...(labels.misses ?? []).map(label => ({ label, kind: "miss" }))];
  const byKey = groupBy(entries, e => keyOf(e.label));
  const matched = [];
  const unjudged = [];
  const used = new Set();
  for (const [key, group] of groupBy(findings, keyOf)) {
    const candidates = byKey.get(key) ?? [];
    const left = [];
    // Judged findings before misses, so a label for the finding itself wins over a miss at its line.
    const ordered = [...candidates].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "finding" ? -1 : 1));
    for (const f of group) {
      const exact = ordered.find(e => !used.has(e) && e.label.line === f.line);
      if (exact) {
        used.add(exact);
        matched.push({ finding: f, label: exact.label, kind: exact.kind });
      } else left.push(f);
    }
    for (const f of left) {
      let best;
      for (const e of ordered) {
        if (used.has(e)) continue;
        const d = Math.abs(e.label.line - f.line);
        if (d <= drift && (!best || d < best.d)) best = { e, d };
      }
      if (best) {
        used.add(best.e);
        matched.push({ finding: f, label: best.e.label, kind: best.e.kind });
      } else unjudged.push(f);
    }
  }
  const lost = entries.filter(e => e.kind === "finding" && e.label.true === true && !used.has(e)).map(e => e.label);
  return { matched, unjudged, lost };
}

/** Per-rule counts for one corpus's match. */
export function scoreMatch({ matched, unjudged, lost }, findings, rules = ruleIds) {
  const rows = Object.fromEntries(rules.map(r => [r, emptyRow()]));
  const row = r => (rows[r] ??= emptyRow());
  for (const f of findings) row(f.rule).findings++;
  for (const m of matched) {
    const r = row(m.finding.rule);
    r.judged++;
    if (m.kind === "miss") {
      r.true++;
      r.missesFound++;
    } else if (m.label.true === true) r.true++;
  }
  for (const f of unjudged) row(f.rule).unjudged++;
  for (const l of lost) row(l.rule).lost++;
  return rows;
}

export function emptyRow() {
  return { findings: 0, judged: 0, true: 0, lost: 0, unjudged: 0, missesFound: 0 };
}

/** Sums per-rule rows (objects rule -> row) into one object rule -> row. */
export function addRows(...tables) {
  const out = {};
  for (const t of tables) {
    for (const [rule, r] of Object.entries(t)) {
      const o = (out[rule] ??= emptyRow());
      for (const k of Object.keys(o)) o[k] += r[k];
    }
  }
  return out;
}

/** true / judged, or undefined when nothing is judged. */
export const precisionOf = r => (r.judged ? r.true / r.judged : undefined);

export function totalOf(table) {
  return addRows(...Object.values(table).map(r => ({ all: r }))).all ?? emptyRow();
}

/** The kind of a finding for `--by-evidence`: its message id, and its basis (the evidence tag) when it has one. */
export const evidenceKindOf = f => `${f.messageId ?? "?"}${f.basis ? `/${f.basis}` : ""}`;

/**
 * Precision per rule and kind of evidence, over many corpora's matches: judged findings only
 * (unjudged ones counted apart). `corpora`: how many corpora have a judged finding of the kind;
 * `falseIn`: how many have a false one. A kind earns its place among the defaults by precision
 * across many code bases, not by one.
 */
export function scoreByEvidence(perCorpus) {
  const rows = new Map();
  const rowOf = f => {
    const key = `${f.rule}\u0000${evidenceKindOf(f)}`;
    let r = rows.get(key);
    if (!r)
      rows.set(key, (r = { rule: f.rule, kind: evidenceKindOf(f), findings: 0, judged: 0, true: 0, unjudged: 0, corpora: new Set(), falseIn: new Set() }));
    return r;
  };
  for (const { slug, match } of perCorpus) {
    for (const m of match.matched) {
      const r = rowOf(m.finding);
      r.findings++;
      r.judged++;
      r.corpora.add(slug);
      if (m.kind === "miss" || m.label.true === true) r.true++;
      else r.falseIn.add(slug);
    }
    for (const f of match.unjudged) {
      const r = rowOf(f);
      r.findings++;
      r.unjudged++;
    }
  }
  return [...rows.values()]
    .map(r => ({ ...r, corpora: r.corpora.size, falseIn: r.falseIn.size }))
    .sort((a, b) => a.rule.localeCompare(b.rule) || b.judged - a.judged || a.kind.localeCompare(b.kind));
}

/** Findings out of `loopscope lint --format json` (ESLint's shape), relative to `root`. */
export function findingsFromLintJson(reports, root, rules = ruleIds) {
  const prefix = root.endsWith("/") ? root : root + "/";
  const out = [];
  for (const r of reports) {
    const file = r.filePath.startsWith(prefix) ? r.filePath.slice(prefix.length) : r.filePath;
    for (const m of r.messages) {
      if (!m.ruleId || !rules.includes(m.ruleId)) continue;
      out.push({
        file: file.split("\\").join("/"),
        line: m.line,
        column: m.column,
        rule: m.ruleId,
        severity: m.severity,
        message: m.message,
        ...(m.messageId ? { messageId: m.messageId } : {}),
        ...(m.basis ? { basis: m.basis } : {}),
      });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

/**
 * A rule's findings that depend on which other rules ran: those of `rule` in the run of several
 * rules together that its run alone lacks ("together only"), and the other way round ("alone
 * only"), counted by file, line and rule (two findings on one line are two).
 */
export function isolationDiff(together, alone, rule) {
  const key = f => `${f.file}:${f.line}`;
  const counts = (findings, sign, into) => {
    for (const f of findings) if (f.rule === rule) into.set(key(f), (into.get(key(f)) ?? 0) + sign);
  };
  const balance = new Map();
  counts(together, 1, balance);
  counts(alone, -1, balance);
  const out = [];
  for (const [where, n] of [...balance].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })))
    for (let i = 0; i < Math.abs(n); i++) out.push({ where, rule, only: n > 0 ? "together" : "alone" });
  return out;
}
