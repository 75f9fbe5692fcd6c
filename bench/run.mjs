// Entry of `npm run bench`: runs each benchmark script in turn (never two at once: they compete
// for the same cores) and lets each print its own table, then prints the machine.
// usage: node bench/run.mjs [group|script ...] [--runs N] [--edits N]
//   groups: lint (= lint-speed + lsp + lint-mongodb), speed (issue 15: lint and LSP on viem, mongodb and typeorm, then one summary table),
//           lint-speed, lsp, lint-mongodb, lint-typeorm, lsp-mongodb, lsp-typeorm, speed-summary, long-session, tracer, tracer-frameworks, long-run, webview, ts-client; default: all.
//   --tools a,b  lint-speed tools to measure (see bench/lint-speed.mjs)
//   --runs N   repetitions per measurement (median kept; default 3); --edits N  LSP keystrokes (default 200)
//   --max-wait S  wait up to S seconds (default 20) before each measurement for other processes to leave the CPUs
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatMachine, machineInfo } from "./lib/machine.mjs";

const benchDir = fileURLToPath(new URL(".", import.meta.url));
const scripts = {
  "lint-speed": "lint-speed.mjs",
  lsp: "lsp-latency.mjs",
  // A second, Node-driver code base (smaller): findings of every rule side by side, speed at small scale.
  "lint-mongodb": "lint-speed.mjs --corpus mongodb",
  // Issue 15: the ORM the speed targets were missed on (src + test from its repository), and the LSP on the other corpora.
  "lint-typeorm": "lint-speed.mjs --corpus typeorm",
  "lsp-mongodb": "lsp-latency.mjs --corpus mongodb",
  "lsp-typeorm": "lsp-latency.mjs --corpus typeorm",
  "speed-summary": "speed-summary.mjs",
  // 6,000 edits to one file in one server: memory of the whole process tree and latency drift.
  "long-session": "long-session.mjs",
  tracer: "tracer-overhead.mjs",
  // Issue 13's targets on fastify and express: interleaved A/B rounds, load per run, idle CPU.
  "tracer-frameworks": "tracer-overhead-frameworks.mjs",
  // 8 hours of a 5k requests/s server simulated through the recorder: trace size, recorder memory, report time.
  "long-run": "long-run.mjs",
  webview: "webview-frame.mjs",
  // Issue 11 item 6: the public async TypeScript client against our request pipeline, same requests (mongodb tuning corpus).
  "ts-client": "ts-client-pipeline.mjs",
};
const groups = {
  lint: ["lint-speed", "lsp", "lint-mongodb"],
  speed: ["lint-speed", "lint-mongodb", "lint-typeorm", "lsp", "lsp-mongodb", "lsp-typeorm", "speed-summary"],
};
const ownScripts = new Set(["lint-speed", "lsp", "lint-mongodb", "lint-typeorm", "lsp-mongodb", "lsp-typeorm"]);

export function parseArgs(argv) {
  const selected = [],
    forwarded = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs" || a === "--edits" || a === "--max-wait" || a === "--tools" || a === "--modes") {
      forwarded.push(a, argv[++i]);
      continue;
    }
    if (a === "-h" || a === "--help") return { help: true, selected, forwarded };
    const name = a.replace(/\.mjs$/, "");
    const byFile = Object.entries(scripts).find(([, command]) => command === `${name}.mjs`)?.[0];
    const picked = groups[name] ?? (scripts[name] ? [name] : byFile ? [byFile] : undefined);
    if (!picked) throw new Error(`unknown benchmark '${a}' (known: ${[...Object.keys(groups), ...Object.keys(scripts)].join(", ")})`);
    for (const p of picked) if (!selected.includes(p)) selected.push(p);
  }
  return { help: false, selected: selected.length ? selected : Object.keys(scripts), forwarded };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${e.message}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(
      "usage: npm run bench -- [lint|speed|lint-speed|lsp|lint-mongodb|lint-typeorm|lsp-mongodb|lsp-typeorm|speed-summary|long-session|tracer|tracer-frameworks|long-run|webview|ts-client ...] [--runs N] [--edits N] [--max-wait S] [--tools a,b] [--modes pull,push]",
    );
    process.exit(0);
  }
  const machine = machineInfo();
  const outcomes = [];
  for (const name of parsed.selected) {
    const [script, ...scriptArgs] = scripts[name].split(" ");
    const file = join(benchDir, script);
    if (!existsSync(file)) {
      outcomes.push(`${name}: skipped (bench/${script} does not exist)`);
      continue;
    }
    // Only the lint scripts take the shared flags; the others run with their defaults.
    console.error(`\nbench: ${name} (bench/${scripts[name]})`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [file, ...scriptArgs, ...(ownScripts.has(name) ? parsed.forwarded : [])], { stdio: "inherit" });
    outcomes.push(`${name}: ${r.status === 0 ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log(`\n## Benchmarks run\n\n${outcomes.map(o => `- ${o}`).join("\n")}\n\n${formatMachine(machine)}`);
  process.exit(outcomes.some(o => o.includes("FAILED")) ? 1 : 0);
}
