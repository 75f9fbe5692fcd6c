// A repro folder per finding: repro.json (exact: lone surrogates survive as JSON escapes) with
// the steps, the mode and the failure, plus the last text as a file to read.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { signature, type Failure } from "./failures";
import type { Mode } from "./serverUnderTest";
import { describeStep, type Step } from "./steps";

export interface Repro {
  failure: Failure;
  /** The failure as the session first saw it (before shrinking). */
  original: Failure;
  mode: Mode;
  runSeed: number;
  sessionSeed: number;
  reproduced: boolean;
  replays: number;
  steps: Step[];
}

export function writeRepro(outDir: string, repro: Repro): string {
  const dir = join(outDir, `${signature(repro.failure).replace(/[^\w-]+/g, "_")}-${repro.sessionSeed}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "repro.json"), JSON.stringify(repro, null, 2) + "\n");
  const last = [...repro.steps].reverse().find(s => s.op === "open" || s.op === "change") as { text: string } | undefined;
  // Written as UTF-8: a lone surrogate shows as U+FFFD here, repro.json has the exact text.
  if (last) writeFileSync(join(dir, "last-text.txt"), last.text);
  writeFileSync(
    join(dir, "steps.txt"),
    [
      `${repro.failure.kind} on ${repro.failure.op}: ${repro.failure.message}`,
      `mode ${repro.mode}; run seed ${repro.runSeed}, session seed ${repro.sessionSeed}; ${repro.replays === 0 ? "steps as recorded (not shrunk)" : repro.reproduced ? `shrunk in ${repro.replays} replays` : "NOT reproduced on replay (timing?): steps as recorded"}`,
      `replay: npm run fuzz -- --replay ${dir}`,
      "",
      ...repro.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`),
    ].join("\n") + "\n",
  );
  return dir;
}

export function readRepro(dir: string): Repro {
  return JSON.parse(readFileSync(join(dir, "repro.json"), "utf8")) as Repro;
}
