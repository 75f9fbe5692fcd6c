// What runs beside and inside a traced program stays small (issue 13, idle overhead). Two pieces:
// - the recorder: `loopscope run` is a process that lives exactly as long as the traced program. It
//   used to be the whole CLI bundle (the linter, the rules and TypeScript's API: a 1.2 MB bundle
//   and about 6 MB more of live heap than it needs), whose one-off "memory reducer" collection about
//   8 s after start was most of the tracer's idle CPU. scripts/build.mjs splits the CLI per
//   command; `run` must reach nothing but the recorder (tracer/src/recorder), the wire and trace
//   types (protocol/src) and its own argument parsing.
// - the preload (dist/tracer.cjs): loaded into every process and worker thread of the program, and
//   the watchdog thread's script too: tracer/src and protocol/src only.
// Tidy-style: esbuild's own account of what each bundle holds (its metafile), built the way
// scripts/build.mjs builds it, so a new import that drags something in fails here, with its name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../helpers/built";

// Bounds, with room to grow but far under what was there before (reason above):
// the recorder was 1,241,604 bytes (dist/cli.mjs, session 17) plus TypeScript's API; it is ~105 KB.
const RECORDER_MAX_BYTES = 200 * 1024;
// The dispatcher every command loads first (argument check, --version, --help).
const CLI_DISPATCH_MAX_BYTES = 16 * 1024;
// The preload, parsed in every traced thread and in the watchdog: ~63 KB.
const PRELOAD_MAX_BYTES = 128 * 1024;

const recorderOwnFiles = new Set(["server/src/cli/run.ts", "server/src/cli/command-line.ts"]);
// The source-map reader the recorder maps block stacks with (tracer/src/recorder/source-maps.ts).
// Through any node_modules folder: a worktree may link its node_modules to another checkout's (`../main/node_modules/...`).
const recorderPackages = /(^|\/)node_modules\/@jridgewell\/(trace-mapping|sourcemap-codec|resolve-uri)\//;
const withinTracerOrProtocol = (input: string) => input.startsWith("tracer/src/") || input.startsWith("protocol/src/");

async function buildOptions(target: string): Promise<BuildOptions> {
  const { targets } = (await import(pathToFileURL(join(repoRoot, "scripts/build.mjs")).href)) as { targets: Record<string, BuildOptions> };
  const options = targets[target];
  assert.ok(options, `scripts/build.mjs has a '${target}' target`);
  return options;
}

async function metafileOf(target: string): Promise<Metafile> {
  const options = await buildOptions(target);
  const out = options.outdir
    ? { outdir: join(repoRoot, "test/.tmp/recorder-bundle", String(process.pid)) }
    : { outfile: join(repoRoot, "test/.tmp/recorder-bundle", String(process.pid), "out.js") };
  const result = await build({ ...options, ...out, absWorkingDir: repoRoot, write: false, metafile: true, sourcemap: false, logLevel: "silent" });
  return result.metafile;
}

/** The output files a process loads when it starts from `entry`: the entry's file and the chunks it imports statically. */
function loadedAtStart(meta: Metafile, entry: string): { files: string[]; bytes: number; inputs: string[]; externals: string[] } {
  const start = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === entry)?.[0];
  assert.ok(start, `an output for ${entry}`);
  const files = new Set<string>([start]);
  const externals = new Set<string>();
  for (const file of files)
    for (const imported of meta.outputs[file]!.imports) {
      if (imported.kind === "dynamic-import") continue;
      if (imported.external) externals.add(imported.path);
      else files.add(imported.path);
    }
  const inputs = new Set<string>();
  let bytes = 0;
  for (const file of files) {
    bytes += meta.outputs[file]!.bytes;
    for (const input of Object.keys(meta.outputs[file]!.inputs)) inputs.add(input);
  }
  return { files: [...files], bytes, inputs: [...inputs].sort(), externals: [...externals].sort() };
}

test("recorder bundle: `loopscope run` loads only the recorder, protocol and its argument parsing, under its size bound", async () => {
  const meta = await metafileOf("cli");
  const run = loadedAtStart(meta, "server/src/cli/run.ts");
  const foreign = run.inputs.filter(input => !withinTracerOrProtocol(input) && !recorderOwnFiles.has(input) && !recorderPackages.test(input));
  assert.deepEqual(foreign, [], "the recorder's bundle reaches files outside tracer/src and protocol/src");
  assert.deepEqual(
    run.externals.filter(e => !e.startsWith("node:")),
    [],
    "the recorder imports no package (TypeScript above all)",
  );
  assert.ok(run.inputs.includes("tracer/src/recorder/traced-run.ts"), "it holds the recorder");
  assert.ok(run.bytes < RECORDER_MAX_BYTES, `recorder: ${run.bytes} bytes (bound ${RECORDER_MAX_BYTES})`);

  // What every command loads first does not hold a command.
  const dispatch = loadedAtStart(meta, "server/src/cli.ts");
  assert.deepEqual(
    dispatch.inputs.filter(
      input => /^server\/src\/(analysis|rules|lsp|config|evidence)\//.test(input) || input.startsWith("tracer/") || input.startsWith("timeline-model/"),
    ),
    [],
    "dist/cli.mjs imports its commands only when they run",
  );
  assert.deepEqual(
    dispatch.externals.filter(e => !e.startsWith("node:")),
    [],
    "dist/cli.mjs imports no package",
  );
  assert.ok(dispatch.bytes < CLI_DISPATCH_MAX_BYTES, `dispatcher: ${dispatch.bytes} bytes (bound ${CLI_DISPATCH_MAX_BYTES})`);

  // The linter is still there, behind its command (and TypeScript with it).
  const lint = loadedAtStart(meta, "server/src/cli/lint.ts");
  assert.ok(
    lint.externals.some(e => e.startsWith("typescript")),
    "`loopscope lint` loads TypeScript",
  );
});

test("recorder bundle: the preload injected into the traced program (and its watchdog thread) holds tracer/src and protocol/src only", async () => {
  const meta = await metafileOf("tracer");
  const [file, output] = Object.entries(meta.outputs)[0]!;
  const inputs = Object.keys(output.inputs);
  assert.deepEqual(
    inputs.filter(input => !withinTracerOrProtocol(input)),
    [],
    `${file} reaches files outside tracer/src and protocol/src`,
  );
  assert.deepEqual(
    output.imports.filter(i => i.external && !i.path.startsWith("node:") && !/^[a-z_]+$/.test(i.path)).map(i => i.path),
    [],
    "the preload requires nothing but Node's own modules",
  );
  assert.ok(
    inputs.every(input => !input.startsWith("tracer/src/recorder/")),
    "the recorder never runs in the traced program",
  );
  assert.ok(output.bytes < PRELOAD_MAX_BYTES, `preload: ${output.bytes} bytes (bound ${PRELOAD_MAX_BYTES})`);
});
