// A long editing session (issue 16): 6,000 edits to one file in one language server, as a day of
// typing does. Records the resident memory of the whole process tree (node server + compiler)
// and the diagnostics latency per 1,000-edit window, so growth and drift show as rows.
// The file: the fuzz harness's committed seeds (test/fuzz/seeds/, Loopscope's own code) in one
// file; the edits: keystrokes typing and deleting a statement inside an async function, plus a
// pasted function with findings at the end of the file every 100 edits, deleted 50 edits later.
// usage: node bench/long-session.mjs [--edits 6000] [--window 1000] [--mode pull|push] [--gap 5] [--max-wait S]
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { formatTable, millis, mib, percentile, seconds } from "./lib/table.mjs";
import { formatMachine, machineInfo } from "./lib/machine.mjs";
import { sampleTree, treeMemory, waitForQuiet } from "./lib/measure.mjs";
import { buildInfo, snapshotBuild, serverPath, repoRoot, ensureDir } from "./lib/tools.mjs";
import { insertionLine, keystroke } from "./lib/edits.mjs";

const require = createRequire(join(repoRoot, "package.json"));
const rpc = require("vscode-jsonrpc/node");
const { TextDocument } = require("vscode-languageserver-textdocument");
const args = process.argv.slice(2);
const flag = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const edits = Number(flag("--edits", 6000));
const windowSize = Number(flag("--window", 1000));
const mode = flag("--mode", "pull");
const gapMs = Number(flag("--gap", 5));
const maxWaitMs = Number(flag("--max-wait", 20)) * 1000;
const editTimeoutMs = 30_000;
const log = s => process.stderr.write(s + "\n");
const machineAtStart = machineInfo();

snapshotBuild();
const workDir = join(repoRoot, "bench", ".work");
mkdirSync(workDir, { recursive: true });
const seedDir = join(repoRoot, "test", "fuzz", "seeds");
const text = readdirSync(seedDir)
  .filter(f => f.endsWith(".seed"))
  .sort()
  .map(f => readFileSync(join(seedDir, f), "utf8"))
  .join("\n");
const dir = mkdtempSync(join(workDir, "long-session-"));
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", strict: true, types: ["node"], noEmit: true }, include: ["*.ts"] }),
);
writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "long-session", type: "module", private: true }));
// The rules this session was measured with: missing-timeout and blocking-call-in-async (on by default
// until session 16, issue 10; the pasted function has a finding of each).
writeFileSync(join(dir, "loopscope.config.json"), JSON.stringify({ rules: { "blocking-call-in-async": "warning" } }));
const file = join(dir, "session.ts");
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const pasted = i =>
  `\nexport async function pasted${i}(urls: string[]): Promise<number> {\n  const responses = await Promise.all(urls.map(url => fetch(url)));\n  fs.readFileSync("x");\n  return responses.length;\n}\n`;

/** The i-th edit as an LSP change against `doc`: keystrokes, or a paste/removal at the end every 100 edits. */
function editAt(i, doc, line, pasteStart) {
  const end = doc.positionAt(doc.getText().length);
  if (i % 100 === 0) return { change: { range: { start: end, end }, text: pasted(i) }, pasteStart: end };
  if (i % 100 === 50 && pasteStart) return { change: { range: { start: pasteStart, end }, text: "" }, pasteStart: undefined };
  return { change: keystroke(i, line), pasteStart };
}

const serverLog = createWriteStream(join(workDir, `long-session-server-${mode}.log`));
const child = spawn(process.execPath, [serverPath, "--stdio"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
child.stderr.pipe(serverLog);
const sampler = sampleTree(child.pid, 500);
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const waiters = [];
conn.onNotification("textDocument/publishDiagnostics", p => {
  if (p.uri !== uri) return;
  for (const w of [...waiters])
    if (w.accepts(p)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
});
conn.onNotification("window/logMessage", p => serverLog.write(`[log] ${p.message}\n`));
conn.onRequest(() => null);
conn.listen();
const timeout = ms => new Promise(resolve => setTimeout(() => resolve(undefined), ms).unref());
const waitPush = (version, ms) =>
  Promise.race([new Promise(resolve => waiters.push({ accepts: p => p.version === undefined || p.version >= version, resolve })), timeout(ms)]);
const pull = async ms => {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await Promise.race([conn.sendRequest("textDocument/diagnostic", { textDocument: { uri } }), timeout(Math.max(0, deadline - Date.now()))]);
    } catch (e) {
      if (Date.now() > deadline || !e?.data?.retriggerRequest) throw e;
    }
  }
};

const capabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    ...(mode === "pull" ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
  },
};
await conn.sendRequest("initialize", {
  processId: process.pid,
  rootUri: pathToFileURL(dir).href,
  capabilities,
  workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "long-session" }],
});
await conn.sendNotification("initialized", {});
let doc = TextDocument.create(uri, "typescript", 1, text);
const opened = performance.now();
const firstPush = mode === "push" ? waitPush(1, 180_000) : undefined;
await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
const first = await (firstPush ?? pull(180_000));
log(`long-session[${mode}]: first diagnostics after ${seconds(performance.now() - opened)}${first ? "" : " (none: timed out)"}`);
if (maxWaitMs > 0) await waitForQuiet({ maxWaitMs });

const memoryRow = () => {
  const tree = treeMemory(child.pid);
  const server = tree.find(p => p.pid === child.pid)?.rssBytes ?? 0;
  const total = tree.reduce((sum, p) => sum + p.rssBytes, 0);
  return { server, compiler: total - server, total, processes: tree.length };
};
const startMemory = memoryRow();
const line = insertionLine(text.split("\n"));
const windows = [];
let current = { latencies: [], timeouts: 0, diagnostics: [] };
let pasteStart;
const started = performance.now();
for (let i = 0; i < edits; i++) {
  const version = i + 2;
  const next = editAt(i, doc, line, pasteStart);
  pasteStart = next.pasteStart;
  doc = TextDocument.update(doc, [next.change], version);
  const sent = performance.now();
  const push = mode === "push" ? waitPush(version, editTimeoutMs) : undefined;
  await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [next.change] });
  const got = await (push ?? pull(editTimeoutMs));
  const ms = performance.now() - sent;
  if (!got) current.timeouts++;
  current.latencies.push(got ? ms : editTimeoutMs);
  current.diagnostics.push((mode === "push" ? got?.diagnostics : got?.items)?.length ?? 0);
  if ((i + 1) % windowSize === 0 || i + 1 === edits) {
    windows.push({ first: i + 2 - current.latencies.length, last: i + 1, ...current, memory: memoryRow() });
    const w = windows.at(-1);
    log(
      `long-session: edits ${w.first}-${w.last}: p50 ${millis(percentile(w.latencies, 50))}, p95 ${millis(percentile(w.latencies, 95))}, tree RSS ${mib(w.memory.total)}`,
    );
    current = { latencies: [], timeouts: 0, diagnostics: [] };
  }
  if (gapMs) await new Promise(r => setTimeout(r, gapMs));
}
const elapsedMs = performance.now() - started;
try {
  await Promise.race([conn.sendRequest("shutdown"), timeout(5000)]);
  await conn.sendNotification("exit");
} catch {
  /* already gone */
}
const exited = await Promise.race([new Promise(r => child.once("exit", () => r(true))), timeout(5000).then(() => false)]);
if (!exited) child.kill("SIGKILL");
const tree = sampler.stop();
conn.dispose();
serverLog.end();
rmSync(dir, { recursive: true, force: true });

console.log(`\n## LSP: a long editing session (${edits.toLocaleString("en-US")} edits to one file, ${mode} diagnostics)\n`);
console.log(
  formatTable(
    [
      { key: "window", title: "edits", align: "left" },
      { key: "p50", title: "p50" },
      { key: "p95", title: "p95" },
      { key: "max", title: "max" },
      { key: "timeouts", title: `timeouts (>${editTimeoutMs / 1000} s)` },
      { key: "server", title: "node RSS" },
      { key: "compiler", title: "compiler RSS" },
      { key: "total", title: "tree RSS" },
      { key: "diags", title: "diagnostics" },
    ],
    [
      { window: "after open", server: mib(startMemory.server), compiler: mib(startMemory.compiler), total: mib(startMemory.total) },
      ...windows.map(w => ({
        window: `${w.first}-${w.last}`,
        p50: millis(percentile(w.latencies, 50)),
        p95: millis(percentile(w.latencies, 95)),
        max: millis(Math.max(...w.latencies)),
        timeouts: w.timeouts,
        server: mib(w.memory.server),
        compiler: mib(w.memory.compiler),
        total: mib(w.memory.total),
        diags: `${Math.min(...w.diagnostics)}..${Math.max(...w.diagnostics)}`,
      })),
    ],
  ),
);
const [a, z] = [windows[0], windows.at(-1)];
const drift = p => (a && z ? `${millis(percentile(a.latencies, p))} -> ${millis(percentile(z.latencies, p))}` : "n/a");
console.log(
  `\nlatency drift, first -> last window: p50 ${drift(50)}, p95 ${drift(95)}; tree RSS after open ${mib(startMemory.total)} -> end ${mib(z?.memory.total)} (peak of the tree, sum of each process's peak: ${mib(tree.treePeakBytes)}); ${tree.processes} processes; ${seconds(elapsedMs)} of edits.`,
);
console.log(
  `file: test/fuzz/seeds/* in one file (${text.split("\n").length} lines); keystrokes typing/deleting a statement at line ${line + 1}, a pasted function with findings every 100 edits (removed 50 later), ${gapMs} ms pause after each answer.`,
);
console.log(
  `latency = from sending didChange to the diagnostics for that version; RSS = resident memory at the end of each window (VmRSS from /proc), node = the server process, compiler = its child processes.`,
);
console.log(buildInfo());
console.log(formatMachine(machineAtStart));
writeFileSync(
  join(ensureDir(join(workDir, "results")), "long-session.json"),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      edits,
      mode,
      windows: windows.map(w => ({ ...w, p50: percentile(w.latencies, 50), p95: percentile(w.latencies, 95), latencies: undefined, diagnostics: undefined })),
      startMemory,
    },
    null,
    2,
  ),
);
