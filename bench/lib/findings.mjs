// Normalizes each tool's findings to sorted "relative/file.ts:line" lists, so the tools can be
// compared line by line, and prints the differences with the code line for each sample.
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

const key = (root, file, line) => `${relative(root, isAbsolute(file) ? file : resolve(root, file))}:${line}`;

/** ESLint's JSON formatter shape (also what `loopscope lint --format json` prints). ruleIds: keep only these (undefined = all). */
export function fromEslintJson(json, root, ruleIds) {
  const results = typeof json === "string" ? JSON.parse(json) : json;
  const out = [];
  for (const file of results)
    for (const m of file.messages) {
      if (m.ruleId === null || m.ruleId === undefined) continue; // parse errors / config problems are not findings
      if (!ruleIds || ruleIds.includes(m.ruleId)) out.push(key(root, file.filePath, m.line));
    }
  return out.sort(compareKeys);
}

/** ESLint-shape messages that are not findings (ruleId null: parse errors, fatal problems). */
export function eslintFatalCount(json) {
  const results = typeof json === "string" ? JSON.parse(json) : json;
  return results.reduce((n, f) => n + f.messages.filter(m => m.ruleId === null || m.ruleId === undefined).length, 0);
}

/** Counts per ruleId in ESLint-shape output. */
export function countByRule(json) {
  const results = typeof json === "string" ? JSON.parse(json) : json;
  const counts = {};
  for (const f of results) for (const m of f.messages) counts[m.ruleId ?? "(no rule)"] = (counts[m.ruleId ?? "(no rule)"] ?? 0) + 1;
  return counts;
}

/** oxlint `-f json`: { diagnostics: [{ code: "typescript(no-floating-promises)", filename, labels: [{ span: { line } }] }] }. */
export function fromOxlintJson(json, root, code = "typescript(no-floating-promises)") {
  const parsed = typeof json === "string" ? JSON.parse(json) : json;
  return parsed.diagnostics
    .filter(d => d.code === code)
    .map(d => key(root, d.filename, d.labels?.[0]?.span?.line ?? 0))
    .sort(compareKeys);
}

export function compareKeys(a, b) {
  const [fa, la] = splitKey(a),
    [fb, lb] = splitKey(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb;
}
const splitKey = k => {
  const i = k.lastIndexOf(":");
  return [k.slice(0, i), Number(k.slice(i + 1))];
};

/** Multiset difference: entries of a not matched by an entry of b, and the other way round. */
export function diffFindings(a, b) {
  const count = xs => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());
  const ca = count(a),
    cb = count(b);
  const onlyIn = (x, y) => [...x].flatMap(([k, n]) => Array(Math.max(0, n - (y.get(k) ?? 0))).fill(k)).sort(compareKeys);
  return { onlyA: onlyIn(ca, cb), onlyB: onlyIn(cb, ca), both: a.length - onlyIn(ca, cb).length };
}

/** "file:line  <trimmed source line>" for a finding key. */
export function withCode(root, k) {
  const [file, line] = splitKey(k);
  let text = "";
  try {
    text = readFileSync(resolve(root, file), "utf8").split("\n")[line - 1]?.trim() ?? "";
  } catch {
    /* file gone */
  }
  return `${k}  ${text.length > 110 ? text.slice(0, 107) + "..." : text}`;
}

/**
 * Whether two `loopscope lint --format json` outputs say the same: per file, the same messages
 * (rule, position, text), whatever the order of the files. Returns { same, files, differing } where
 * differing lists the files (relative to root) whose messages differ or that only one output has.
 */
export function compareLoopscopeJson(jsonA, jsonB, root) {
  const byFile = json => new Map((typeof json === "string" ? JSON.parse(json) : json).map(f => [relative(root, f.filePath), JSON.stringify(f.messages)]));
  const a = byFile(jsonA),
    b = byFile(jsonB);
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter(f => a.get(f) !== b.get(f)).sort();
  return { same: differing.length === 0, files: new Set([...a.keys(), ...b.keys()]).size, differing };
}
