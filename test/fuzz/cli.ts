// `npm run fuzz -- [--minutes N] [--seed S] [--out DIR] [--kinds a,b|all|npm-test] [--deadline-ms MS] [--shrink-seconds S]`
// `npm run fuzz -- --replay DIR`   re-runs a written repro; exit 1 while it fails (the same way or another).
// Runs sessions until the time is up; each failure is shrunk (delta debugging) and written as a
// repro folder (default test/fuzz/.repros/). Exit code 1 when anything was found.
import { join } from "node:path";
import { ensureServerBuilt, repoRoot } from "../lsp/lspClient";
import { signature } from "./failures";
import { enabledInNpmTest } from "./kinds";
import { allKinds, type MutationKind } from "./mutations";
import { readRepro, writeRepro } from "./repro";
import { replay } from "./replay";
import { formatSummary, runFuzz } from "./run";
import { shrink } from "./shrink";
import { mainDocument, makeWorkspace } from "./workspace";

const usage =
  "usage: npm run fuzz -- [--minutes N] [--seed S] [--out DIR] [--kinds a,b|all|npm-test] [--deadline-ms MS] [--shrink-seconds S] [--max-repros-per-kind N (per signature and mutation, default 1)] | --replay DIR";

function parse(argv: string[]) {
  const options = {
    minutes: 5,
    seed: Date.now() % 1_000_000,
    out: join(repoRoot, "test/fuzz/.repros"),
    kinds: allKinds,
    deadlineMs: 15_000,
    shrinkSeconds: 120,
    maxPerKind: 1,
    replay: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!,
      value = () => {
        const v = argv[++i];
        if (v === undefined) throw new Error(`${arg} needs a value`);
        return v;
      };
    const number = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${arg}: not a number`);
      return n;
    };
    switch (arg) {
      case "--minutes":
        options.minutes = number();
        break;
      case "--seed":
        options.seed = number();
        break;
      case "--out":
        options.out = value();
        break;
      case "--deadline-ms":
        options.deadlineMs = number();
        break;
      case "--shrink-seconds":
        options.shrinkSeconds = number();
        break;
      case "--max-repros-per-kind":
        options.maxPerKind = number();
        break;
      case "--replay":
        options.replay = value();
        break;
      case "--kinds": {
        const v = value();
        options.kinds = v === "all" ? allKinds : v === "npm-test" ? enabledInNpmTest : (v.split(",") as MutationKind[]);
        const unknown = options.kinds.filter(k => !allKinds.includes(k));
        if (unknown.length) throw new Error(`unknown kinds ${unknown.join(", ")} (known: ${allKinds.join(", ")})`);
        break;
      }
      case "-h":
      case "--help":
        console.log(usage);
        process.exit(0);
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`fuzz: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  ensureServerBuilt();
  if (options.replay) {
    const repro = readRepro(options.replay);
    const workspace = makeWorkspace(options.deadlineMs);
    try {
      const failures = await replay(repro.steps, repro.mode, workspace, options.deadlineMs);
      const same = failures.filter(f => signature(f) === signature(repro.failure));
      for (const f of failures) console.log(`${f.kind} on ${f.op}: ${f.message}`);
      console.log(
        same.length
          ? `still fails (${signature(repro.failure)})`
          : failures.length
            ? `fails differently (the repro expected ${signature(repro.failure)})`
            : `passes now (the repro expected ${signature(repro.failure)})`,
      );
      return failures.length ? 1 : 0;
    } finally {
      workspace.dispose();
    }
  }
  console.log(`fuzz: seed ${options.seed}, ${options.minutes} min, kinds ${options.kinds.join(", ")}; repros in ${options.out}`);
  const written: string[] = [];
  const perSignature = new Map<string, number>();
  const summary = await runFuzz({
    seed: options.seed,
    durationMs: options.minutes * 60_000,
    kinds: options.kinds,
    deadlineMs: options.deadlineMs,
    log: line => console.log(line),
    onFailure: async (session, failure, workspace) => {
      // One repro per signature and what led to it (the last mutation, or opening another kind of document).
      const cause = [...session.trace].reverse().find(s => (s.op === "change" && !s.why.startsWith("fix:")) || (s.op === "open" && s.name !== mainDocument));
      const sig = `${signature(failure)} after ${cause?.op === "change" ? cause.why : cause?.op === "open" ? `opening ${cause.name}` : "open"}`;
      const seen = perSignature.get(sig) ?? 0;
      perSignature.set(sig, seen + 1);
      if (seen >= options.maxPerKind) return;
      const shrunk = await shrink(session.trace, session.mode, failure, workspace, options.deadlineMs, options.shrinkSeconds * 1000, line =>
        console.log(`  ${line}`),
      );
      const dir = writeRepro(options.out, {
        failure: shrunk.failure,
        original: failure,
        mode: session.mode,
        runSeed: options.seed,
        sessionSeed: session.seed,
        reproduced: shrunk.reproduced,
        replays: shrunk.replays,
        steps: shrunk.steps,
      });
      written.push(dir);
      console.log(`  repro: ${dir}`);
    },
  });
  console.log(`\n${formatSummary(summary)}`);
  for (const dir of written) console.log(`repro: ${dir}`);
  return summary.failures.length ? 1 : 0;
}

process.exitCode = await main();
