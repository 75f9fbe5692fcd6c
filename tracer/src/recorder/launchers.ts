// Processes that only start the user's program (package managers' `run`, tsx's and nodemon's
// wrappers) and threads Node starts for itself (the module loader's hooks thread). They are traced
// like any other, but they are not what the user asked to see: the timeline lists them after the
// program and folds them, and the run summary marks their blocks.

/** Script names (argv[1]'s base name, also as reached through `.bin` links) of known launchers. */
const launcherScripts: Record<string, string> = {
  npm: "npm",
  "npm-cli.js": "npm",
  npx: "npx",
  "npx-cli.js": "npx",
  yarn: "yarn",
  "yarn.js": "yarn",
  "yarn.cjs": "yarn",
  pnpm: "pnpm",
  "pnpm.cjs": "pnpm",
  "pnpm.mjs": "pnpm",
  pnpx: "pnpx",
  corepack: "corepack",
  "corepack.cjs": "corepack",
  nodemon: "nodemon",
  "nodemon.js": "nodemon",
};

/** Launchers whose script is a generic name inside their own package (`tsx/dist/cli.mjs`). */
const packagedLaunchers: Array<[RegExp, string]> = [
  [/[\\/]node_modules[\\/]tsx[\\/]dist[\\/]cli\.[cm]?js$/, "tsx"],
  [/[\\/]\.bin[\\/]tsx$/, "tsx"],
  [/[\\/]node_modules[\\/]npm[\\/]bin[\\/]npm-cli\.js$/, "npm"],
];

/** The launcher a process's command line runs (`npm`, `tsx`, ...), or undefined for a program. */
export function launcherOf(argv: readonly string[]): string | undefined {
  const script = argv[1];
  if (!script) return undefined;
  for (const [pattern, name] of packagedLaunchers) if (pattern.test(script)) return name;
  // Either separator: the trace may come from Windows.
  const base = script.split(/[\\/]/).pop() ?? "";
  return Object.hasOwn(launcherScripts, base) ? launcherScripts[base] : undefined;
}
