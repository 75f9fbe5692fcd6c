// The precision benchmark's code bases (corpora.json) and where they live on this machine.
// Shared by fetch.mjs and score.mjs. Corpora are third-party code: they live outside the repository.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const precisionDir = fileURLToPath(new URL(".", import.meta.url));
export const repoRoot = resolve(precisionDir, "../..");
export const labelsDir = join(precisionDir, "labels");
export const manifest = JSON.parse(readFileSync(join(precisionDir, "corpora.json"), "utf8"));
export const sets = ["tuning", "heldout"];

/**
 * Where corpora are installed: `--dir DIR`, else $LOOPSCOPE_PRECISION_DIR, else the shared
 * /work/precision-corpora when it exists (the team's machine), else bench/.work/precision.
 */
export function corporaRoot(flagDir) {
  if (flagDir) return resolve(flagDir);
  if (process.env.LOOPSCOPE_PRECISION_DIR) return resolve(process.env.LOOPSCOPE_PRECISION_DIR);
  if (existsSync("/work/precision-corpora")) return "/work/precision-corpora";
  return join(repoRoot, "bench", ".work", "precision");
}

/**
 * Where a corpus is installed: `DIR/<set>/<slug>-<version>`. A corpus that left the held-out set
 * (`heldOutUntil`) may still be installed where it was fetched before that, in `DIR/heldout/`: it is
 * used there rather than fetched again (its ready-marker still pins name, version and integrity).
 */
export function corpusDir(root, c) {
  const dir = join(root, c.set, `${c.slug}-${c.version}`);
  if (!c.heldOutUntil || existsSync(dir)) return dir;
  const before = join(root, "heldout", `${c.slug}-${c.version}`);
  return existsSync(before) ? before : dir;
}
export const tsconfigOf = (root, c) => join(corpusDir(root, c), "tsconfig.json");
export const labelsFileOf = c => join(labelsDir, `${c.slug}.json`);

/** The corpora chosen by `--set tuning|heldout|all` and `--corpus slug|name` (repeatable). */
export function selectCorpora({ set = "all", names = [] } = {}) {
  if (set !== "all" && !sets.includes(set)) throw new Error(`unknown set '${set}' (tuning, heldout or all)`);
  let chosen = manifest.corpora.filter(c => set === "all" || c.set === set);
  if (names.length) {
    for (const n of names) {
      if (!manifest.corpora.some(c => c.slug === n || c.name === n))
        throw new Error(`unknown corpus '${n}' (known: ${manifest.corpora.map(c => c.slug).join(", ")})`);
    }
    chosen = chosen.filter(c => names.includes(c.slug) || names.includes(c.name));
  }
  return chosen;
}

/** A script's usage: the comment block it opens with (each script documents its flags there). */
export function usageOf(script) {
  const lines = [];
  for (const line of readFileSync(script, "utf8").split("\n")) {
    if (!line.startsWith("//")) break;
    lines.push(line.replace(/^\/\/ ?/, ""));
  }
  return `${lines.join("\n")}\n`;
}

/** Minimal flag parsing shared by the scripts: --name value, --flag, positional ignored. */
export function parseFlags(argv, { booleans = [], repeatable = [] } = {}) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      process.stdout.write(usageOf(process.argv[1]));
      process.exit(0);
    }
    if (!a.startsWith("--")) {
      out._.push(a);
      continue;
    }
    // Split at the first `=` only: a value may hold more (`--rule-options=id={"a":1}`).
    const eq = a.indexOf("=");
    const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    if (booleans.includes(key)) {
      out[key] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    if (repeatable.includes(key)) (out[key] ??= []).push(value);
    else out[key] = value;
  }
  return out;
}

/**
 * The `loopscope lint` arguments that turn the scored rules on (at warning, with the options of
 * `--rule-options id=JSON` when given) and the other default rules off.
 */
export function lintRuleArgs(scored, all, ruleOptions = {}) {
  for (const id of Object.keys(ruleOptions)) if (!scored.includes(id)) throw new Error(`--rule-options ${id}: that rule is not scored in this run`);
  const on = scored.map(r => (ruleOptions[r] ? `${r}=${JSON.stringify(["warning", ruleOptions[r]])}` : `${r}=warning`));
  return [...on, ...all.filter(r => !scored.includes(r)).map(r => `${r}=off`)].flatMap(r => ["--rule", r]);
}

/** `--rule-options id=JSON` (repeatable): each rule's options, an object. */
export function parseRuleOptions(values = []) {
  const out = {};
  for (const v of values) {
    const m = /^([\w-]+)=(.+)$/s.exec(v);
    if (!m) throw new Error(`--rule-options needs id=JSON, e.g. floating-promise='{"reportDeepEvidence":true}' (got ${v})`);
    let options;
    try {
      options = JSON.parse(m[2]);
    } catch (error) {
      throw new Error(`--rule-options ${m[1]}: not valid JSON (${error.message})`);
    }
    if (!options || typeof options !== "object" || Array.isArray(options)) throw new Error(`--rule-options ${m[1]}: the options must be an object`);
    out[m[1]] = options;
  }
  return out;
}

/** The saved run's name for a list of rules: readable while short, a digest once the names would
 * pass the file system's 255-byte limit (all twelve rules named). */
export function runKey(scored, ruleOptions = {}) {
  const options = Object.keys(ruleOptions).length
    ? `+options-${createHash("sha256")
        .update(JSON.stringify(Object.entries(ruleOptions).sort()))
        .digest("hex")
        .slice(0, 12)}`
    : "";
  const joined = scored.join("+") + options;
  return joined.length <= 120 ? joined : `rules-${scored.length}-${createHash("sha256").update(joined).digest("hex").slice(0, 16)}`;
}
