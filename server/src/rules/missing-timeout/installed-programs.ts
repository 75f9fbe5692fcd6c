// `npx tsc -p tsconfig.json` in a package that needs `typescript` to run (round 52). npx is
// evidence of the network because it installs a program it cannot find; a program of a package
// that the package itself needs at run time is installed with it (its bin is linked into
// `node_modules/.bin`, where npx looks first, from the working folder up), so npx runs it without
// the registry and the command is what the program does: judged like the same words without npx.
// Only the package's run-time dependencies count (`dependencies`, required peers): its
// `devDependencies` are not installed where its users run it.
import { DeclaredDependencies } from "../../analysis/package-dependencies";

/** Programs whose package has another name (most packages name their one program after themselves). */
const packageOfProgram: ReadonlyMap<string, string> = new Map([
  ["tsc", "typescript"],
  ["tsserver", "typescript"],
]);

/** npx's own flags that choose no other package: `--no-install` only fails sooner, `--yes` only skips the question. */
const plainNpxFlags: ReadonlySet<string> = new Set(["-y", "--yes", "--no", "--no-install", "--offline", "-q", "--quiet"]);

/** A program's name as npx takes it, without a version or a scope (`tsc`; not `tsc@5`, `@scope/cli`, `./bin.js`). */
const plainProgram = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * `words` start with `npx`: the words from the program on (`["tsc", "-p"]`) when the program is
 * installed with the package, else undefined (a program of no run-time dependency, a version or a
 * package chosen with `-p`/`--package`, which npx may fetch).
 */
export function installedProgramWords(words: readonly string[], dependencies: ReadonlySet<string> | undefined): string[] | undefined {
  if (!(dependencies instanceof DeclaredDependencies)) return undefined;
  let i = 1;
  while (i < words.length && plainNpxFlags.has(words[i]!)) i++;
  const program = words[i];
  if (!program || !plainProgram.test(program)) return undefined;
  return dependencies.requiredAtRunTime(packageOfProgram.get(program) ?? program) ? words.slice(i) : undefined;
}
