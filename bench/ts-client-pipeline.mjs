// Issue 11 item 6: is the public async client of typescript@7 (`typescript/unstable/async`, which
// pipelines requests itself over JSON-RPC) within 10% of our request pipeline on the sync client
// (server/src/analysis/typescript/pipeline.ts, which reaches into private fields)? If so, switch.
//
// What is measured: the dominant request pattern of a CLI lint, on one real project, the same
// requests both ways. Open the project (updateSnapshot), then for every file of its root files:
// its syntax tree (getSourceFile), a walk that picks the nodes a lint asks about (calls, awaits,
// callees, identifiers of calls), one getTypeAtLocation batch and one getSymbolAtLocation batch,
// then for every type the batch returned and not seen before in this snapshot, the thenable
// question (getPropertyOfType(type, "then")), which depends on the batch's answer.
//   A (ours): sync client + RequestPipeline, as bulk-lint.ts drives it: syntax trees requested 2
//     files ahead, each file's two batches sent ahead, up to 32 files walked before their answers
//     are read; the dependent questions are plain sync calls.
//   B (public): async client; each file's two batches together (Promise.all), then its dependent
//     questions together (Promise.all); `--b-window N` files in flight at once (default 1 and 32).
// Not measured: the rules' own work and the rarer requests of a real lint (late single questions,
// alias targets, base types, signatures), and the language server path (edits, one file at a time).
//
// Each measurement runs in its own process (so neither client's caches help the other); CPU is that
// process's plus its compiler child's (from /proc). Rounds interleave A and B.
//
// usage: node bench/ts-client-pipeline.mjs [--project DIR] [--rounds N]
//   (heavy: flock /work/coord/heavy.lock nice -n 10 node bench/ts-client-pipeline.mjs)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = fileURLToPath(new URL("..", import.meta.url));
const precisionDir = process.env.LOOPSCOPE_PRECISION_DIR ?? "/work/precision-corpora";
const project = resolve(option("--project", join(precisionDir, "tuning/mongodb-7.9.1")));
const tsconfig = join(project, "tsconfig.json");

const window = 32;
const ahead = 2;

/** Nodes a lint asks about: types of calls, awaits and callees; symbols of callees. */
function pickNodes(sourceFile, SyntaxKind) {
  const typeNodes = [];
  const symbolNodes = [];
  const visit = node => {
    if (node.kind === SyntaxKind.CallExpression) {
      typeNodes.push(node, node.expression);
      const callee = node.expression.kind === SyntaxKind.PropertyAccessExpression ? node.expression.name : node.expression;
      if (callee.kind === SyntaxKind.Identifier) symbolNodes.push(callee);
    } else if (node.kind === SyntaxKind.AwaitExpression) typeNodes.push(node.expression);
    node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  return { typeNodes, symbolNodes };
}

function childCpuMs(pid) {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  // utime, stime (fields 14 and 15 of stat; the split drops the first two)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function runA() {
  const { API } = await import("typescript/unstable/sync");
  const { SyntaxKind } = await import("typescript/unstable/ast");
  const { RequestPipeline } = await import(join(root, "server/src/analysis/typescript/pipeline.ts"));
  const started = performance.now();
  const api = new API({ cwd: project });
  const pid = api.client.channel.child?.pid;
  const snapshot = api.updateSnapshot({ openProjects: [tsconfig] });
  const { program, checker } = snapshot.getProject(tsconfig);
  const opened = performance.now();
  const cpuOpened = process.cpuUsage();
  const tscOpened = childCpuMs(pid);
  const pipeline = new RequestPipeline(api, line => console.error(line));
  if (!pipeline.enabled) throw new Error(`pipeline off: ${pipeline.shapeProblems.join("; ")}`);
  const files = program.getSourceFileNames().filter(f => !f.includes("/node_modules/") && !f.endsWith(".d.ts"));
  const thenOf = new Map();
  let questions = 0;
  const pending = [];
  const settle = () => {
    const { typeNodes, symbolNodes } = pending.shift();
    const types = typeNodes.length ? checker.getTypeAtLocation(typeNodes) : [];
    if (symbolNodes.length) checker.getSymbolAtLocation(symbolNodes);
    for (const type of types) {
      if (!type || thenOf.has(type.id)) continue;
      thenOf.set(type.id, checker.getPropertyOfType(type, "then"));
      questions++;
    }
  };
  const prefetchTree = i => {
    if (i < files.length) pipeline.prefetch(() => program.getSourceFile(files[i]));
  };
  for (let i = 0; i < ahead; i++) prefetchTree(i);
  for (let i = 0; i < files.length; i++) {
    prefetchTree(i + ahead);
    const nodes = pickNodes(program.getSourceFile(files[i]), SyntaxKind);
    const calls = [];
    if (nodes.typeNodes.length) calls.push(() => checker.getTypeAtLocation(nodes.typeNodes));
    if (nodes.symbolNodes.length) calls.push(() => checker.getSymbolAtLocation(nodes.symbolNodes));
    pipeline.prefetchAll(calls);
    pending.push(nodes);
    while (pending.length > window) settle();
  }
  while (pending.length) settle();
  pipeline.clear();
  const result = measures({ files, questions, started, opened, cpuOpened, tscOpened, pid });
  api.close();
  return result;
}

async function runB(bWindow) {
  const { API } = await import("typescript/unstable/async");
  const { SyntaxKind } = await import("typescript/unstable/ast");
  const started = performance.now();
  const api = new API({ cwd: project });
  const snapshot = await api.updateSnapshot({ openProjects: [tsconfig] });
  const pid = api.client.process?.pid;
  const { program, checker } = snapshot.getProject(tsconfig);
  const opened = performance.now();
  const cpuOpened = process.cpuUsage();
  const tscOpened = childCpuMs(pid);
  const files = (await program.getSourceFileNames()).filter(f => !f.includes("/node_modules/") && !f.endsWith(".d.ts"));
  const thenOf = new Map();
  let questions = 0;
  const lintOne = async fileName => {
    const { typeNodes, symbolNodes } = pickNodes(await program.getSourceFile(fileName), SyntaxKind);
    const [types] = await Promise.all([
      typeNodes.length ? checker.getTypeAtLocation(typeNodes) : [],
      symbolNodes.length ? checker.getSymbolAtLocation(symbolNodes) : [],
    ]);
    const asked = [];
    for (const type of types) {
      if (!type || thenOf.has(type.id)) continue;
      const answer = checker.getPropertyOfType(type, "then");
      thenOf.set(type.id, answer);
      asked.push(answer);
      questions++;
    }
    await Promise.all(asked);
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) await lintOne(files[next++]);
  };
  await Promise.all(Array.from({ length: bWindow }, worker));
  const result = measures({ files, questions, started, opened, cpuOpened, tscOpened, pid });
  await api.close();
  return result;
}
/** Times and CPU of one variant's run (Node and its tsc child), from the marks it took. */
function measures({ files, questions, started, opened, cpuOpened, tscOpened, pid }) {
  const ended = performance.now();
  const cpu = process.cpuUsage();
  const tscCpu = childCpuMs(pid);
  return {
    files: files.length,
    questions,
    openMs: opened - started,
    loopMs: ended - opened,
    loopCpuMs: (cpu.user + cpu.system - cpuOpened.user - cpuOpened.system) / 1000 + tscCpu - tscOpened,
    nodeCpuMs: (cpu.user + cpu.system) / 1000,
    tscCpuMs: tscCpu,
  };
}

if (args[0] === "--worker") {
  const kind = args[1];
  const result = kind === "A" ? await runA() : await runB(Number(kind.slice(1)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const rounds = Number(option("--rounds", "5"));
const bWindows = option("--b-window", "1,32").split(",").map(Number);
const variants = ["A", ...bWindows.map(w => `B${w}`)];
const samples = Object.fromEntries(variants.map(v => [v, []]));
const me = fileURLToPath(import.meta.url);
for (let round = 0; round < rounds; round++) {
  // Interleaved, and the order turns each round, so drifting load does not favour one side.
  const order = variants.map((_, i) => variants[(i + round) % variants.length]);
  for (const variant of order) {
    const load = loadavg()[0];
    const wallStart = performance.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", me, "--worker", variant, "--project", project], { cwd: root, encoding: "utf8" });
    const wallMs = performance.now() - wallStart;
    if (run.status !== 0) throw new Error(`${variant} failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1));
    samples[variant].push({ ...result, wallMs, load });
    console.error(
      `round ${round + 1} ${variant}: loop ${result.loopMs.toFixed(0)} ms (cpu ${result.loopCpuMs.toFixed(0)} ms), open ${result.openMs.toFixed(0)} ms, process ${wallMs.toFixed(0)} ms, cpu ${(result.nodeCpuMs + result.tscCpuMs).toFixed(0)} ms (node ${result.nodeCpuMs.toFixed(0)}, tsc ${result.tscCpuMs.toFixed(0)}), load ${load.toFixed(2)}, ${result.files} files, ${result.questions} dependent questions`,
    );
  }
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = v => ({
  loop: median(samples[v].map(s => s.loopMs)),
  wall: median(samples[v].map(s => s.wallMs)),
  loopCpu: median(samples[v].map(s => s.loopCpuMs)),
  cpu: median(samples[v].map(s => s.nodeCpuMs + s.tscCpuMs)),
  load: median(samples[v].map(s => s.load)),
});
const a = summary("A");
console.log(`\nproject ${project} (${samples.A[0].files} files), ${rounds} interleaved rounds, medians`);
console.log(
  "variant                           | loop wall ms | loop CPU ms | process wall ms | process CPU ms | load | B/A loop wall | B/A loop CPU | B/A process wall | B/A process CPU",
);
console.log(
  "----------------------------------|--------------|-------------|-----------------|----------------|------|---------------|--------------|------------------|----------------",
);
for (const v of variants) {
  const s = summary(v);
  const name = v === "A" ? "A sync + RequestPipeline (ours)" : `B async client, ${v.slice(1)} file(s) at once`;
  const ratio = (x, y) => (v === "A" ? "-" : (x / y).toFixed(2));
  console.log(
    `${name.padEnd(34)}| ${s.loop.toFixed(0).padStart(12)} | ${s.loopCpu.toFixed(0).padStart(11)} | ${s.wall.toFixed(0).padStart(15)} | ${s.cpu.toFixed(0).padStart(14)} | ${s.load.toFixed(2)} | ${ratio(s.loop, a.loop).padStart(13)} | ${ratio(s.loopCpu, a.loopCpu).padStart(12)} | ${ratio(s.wall, a.wall).padStart(16)} | ${ratio(s.cpu, a.cpu).padStart(15)}`,
  );
}
