// One fuzz session: a fresh server (pull, or push for a quarter of the sessions), one document
// opened from a seed, then mutations, each followed by diagnostics, code actions over random
// ranges and sometimes an applied fix, until a failure, the step count or the time is up.
import type { Diagnostic, Range } from "vscode-languageserver-protocol";
import { Driver } from "./driver";
import { FailureError, type Failure } from "./failures";
import { fullRange, lineLengths } from "./lspText";
import { documentKinds, mutations, type MutationKind } from "./mutations";
import { Rng } from "./prng";
import { pickSeed, type SeedText } from "./seeds";
import { ServerUnderTest, type Mode } from "./serverUnderTest";
import type { Step } from "./steps";
import { mainDocument, type Workspace } from "./workspace";

export interface SessionOptions {
  seed: number;
  kinds: readonly MutationKind[];
  deadlineMs: number;
  maxSteps: number;
  /** Date.now() after which no new step starts. */
  until: number;
  seeds: SeedText[];
  workspace: Workspace;
}

export interface SessionOutcome {
  seed: number;
  mode: Mode;
  seedName: string;
  trace: Step[];
  failures: Failure[];
  /** Mutations applied, per kind. */
  mutated: Partial<Record<MutationKind, number>>;
  requests: number;
  fixesApplied: number;
}

export async function runSession(options: SessionOptions): Promise<SessionOutcome> {
  const rng = new Rng(options.seed);
  const mode: Mode = rng.chance(0.25) ? "push" : "pull";
  const seed = pickSeed(rng, options.seeds);
  const outcome: SessionOutcome = { seed: options.seed, mode, seedName: seed.name, trace: [], failures: [], mutated: {}, requests: 0, fixesApplied: 0 };
  const server = await ServerUnderTest.start(mode, options.deadlineMs);
  const driver = new Driver(server, options.workspace.uri, options.workspace.reference);
  const run = async (step: Step) => {
    outcome.trace.push(step);
    if (step.op === "diagnose" || step.op === "codeActions") outcome.requests++;
    return driver.exec(step);
  };
  let killed = false;
  try {
    await run({ op: "open", name: mainDocument, languageId: "typescript", text: seed.text });
    let diagnostics = (await run({ op: "diagnose", name: mainDocument })).diagnostics ?? [];
    for (let i = 0; i < options.maxSteps && Date.now() < options.until; i++) {
      const kind = rng.pick(options.kinds);
      outcome.mutated[kind] = (outcome.mutated[kind] ?? 0) + 1;
      const text = driver.text(mainDocument)!;
      if (kind in documentKinds) {
        await otherDocument(rng, kind as keyof typeof documentKinds, text, run);
      } else {
        // Now and then back to a clean seed, so that sessions do not drift into pure noise.
        const next = rng.chance(0.12) ? pickSeed(rng, options.seeds).text : mutations[kind as keyof typeof mutations](text, rng);
        await run({ op: "change", name: mainDocument, text: next, why: kind, ...(rng.chance(0.1) ? { wholeDocument: true } : {}) });
      }
      diagnostics = (await run({ op: "diagnose", name: mainDocument })).diagnostics ?? [];
      if (rng.chance(0.6)) {
        const only = rng.chance(0.15) ? ["source.fixAll.loopscope"] : undefined;
        const { fixes = [] } = await run({
          op: "codeActions",
          name: mainDocument,
          range: randomRange(rng, driver.text(mainDocument)!, diagnostics),
          ...(only ? { only } : {}),
        });
        if (fixes.length && rng.chance(0.5)) {
          const fix = rng.pick(fixes);
          outcome.fixesApplied++;
          await run({ op: "change", name: mainDocument, text: fix.text, why: `fix: ${fix.title}` });
          diagnostics = (await run({ op: "diagnose", name: mainDocument })).diagnostics ?? [];
        }
      }
    }
    await server.checkExitsExplained("end of session");
  } catch (error) {
    if (!(error instanceof FailureError)) throw error;
    outcome.failures.push(error.failure);
    killed = true;
  } finally {
    const orphan = await server.end(killed);
    if (orphan) outcome.failures.push(orphan);
  }
  return outcome;
}

/** Opens the text under a name the compiler may not take, asks for its diagnostics, closes it. */
async function otherDocument(rng: Rng, kind: keyof typeof documentKinds, text: string, run: (step: Step) => Promise<unknown>): Promise<void> {
  const doc = rng.pick(documentKinds[kind]);
  await run({ op: "open", name: doc.name, languageId: doc.languageId, text: doc.prefix + text });
  await run({ op: "diagnose", name: doc.name });
  await run({ op: "close", name: doc.name });
}

/** A diagnostic's range (what a click on a squiggle asks), a random range, or the whole file. */
function randomRange(rng: Rng, text: string, diagnostics: Diagnostic[]): Range {
  if (diagnostics.length && rng.chance(0.6)) return rng.pick(diagnostics).range;
  if (rng.chance(0.2)) return fullRange(text);
  const lengths = lineLengths(text);
  const at = () => {
    const line = rng.int(0, lengths.length - 1);
    return { line, character: rng.int(0, lengths[line]!) };
  };
  const a = at(),
    b = at();
  return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
}
