// Start-up functions by name (rule 1 of startup-paths.ts): `main`, `init`, `load*Config*`, every
// method of a `*Config` class, or the rule's `startupFunctions` option. Names are compared the way
// people write them, so one pattern covers the spellings a code base may use for the same entry point.

/** Names of start-up functions; `*` matches any characters, `Class.method` matches methods of that class. */
export const defaultStartupFunctions: readonly string[] = [
  // Entry points and lifecycle
  "main",
  "start",
  "restart",
  "startServer",
  "startApp",
  "bootstrap",
  "boot",
  "init",
  "initialize",
  "initialise",
  "setup",
  "setUp",
  "configure",
  "createApp",
  "createServer",
  "buildApp",
  "buildServer",
  // NestJS lifecycle hooks: run once while the application starts
  "onModuleInit",
  "onApplicationBootstrap",
  // Shutdown: runs once while the process stops (NestJS hooks, the usual names)
  "shutdown",
  "gracefulShutdown",
  "onShutdown",
  "onApplicationShutdown",
  "beforeApplicationShutdown",
  "onModuleDestroy",
  // Build-tool plugin hooks (Rollup/Vite plugin API) that run once per start or per build, not per module
  "buildStart",
  "buildEnd",
  "renderStart",
  "generateBundle",
  "writeBundle",
  "closeBundle",
  "configResolved",
  "configureServer",
  "configurePreviewServer",
  // Configuration loaders, configuration classes and readers of configuration files
  ...configurationLoaderPatterns(),
];

/**
 * The loaders of a program's configuration among the start-up names: `load*Config*`,
 * `resolve*Config*`, `create*Config`, every method of a `*Config` class, ... (also asked by
 * configuration-loaders.ts, for the fan-out items written in them).
 */
export function configurationLoaderPatterns(): string[] {
  return [
    ...["load", "read", "resolve", "find", "parse", "require"].flatMap(verb => [`${verb}*Config*`, `${verb}*Settings`]),
    "create*Config",
    "build*Config",
    "create*Settings",
    "build*Settings",
    "*Config.*",
    "*Configuration.*",
    "Config*.*",
    "*OptionsReader.*",
    "*OptionsLoader.*",
  ];
}

export interface StartupMatcher {
  test(name: string, className: string | undefined): boolean;
}

/** Checks start-up patterns; returns a problem sentence for an invalid one. */
export function startupPatternProblem(pattern: string): string | undefined {
  if (!/^[\w$*]+(\.[\w$*]+)?$/.test(pattern)) return `startupFunctions: '${pattern}' must be a name or 'Class.method', with * as a wildcard`;
  return undefined;
}

/**
 * Names are compared the way people read them: case and `_` do not matter (`load_svelte_config`
 * is `loadSvelteConfig`), nor does an `Async` suffix (`setupAsync` is `setup`).
 */
function normalizeName(name: string): string {
  return name
    .replace(/_?async$/i, "")
    .replace(/_/g, "")
    .toLowerCase();
}

export function startupMatcher(patterns: readonly string[]): StartupMatcher {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const p of patterns) {
    const normal = p
      .split(".")
      .map(part => (part.includes("*") ? part.replace(/_/g, "").toLowerCase() : normalizeName(part)))
      .join(".");
    if (p.includes("*"))
      globs.push(
        new RegExp(
          `^${normal
            .split("*")
            .map(s => s.replace(/[.$]/g, "\\$&"))
            .join("[\\w$]*")}$`,
        ),
      );
    else exact.add(normal);
  }
  const one = (candidate: string) => exact.has(candidate) || globs.some(g => g.test(candidate));
  return {
    test: (name, className) => {
      const n = normalizeName(name);
      return one(n) || (className !== undefined && one(`${normalizeName(className)}.${n}`));
    },
  };
}
