// A fan-out written in a loader of the program's configuration or plugins, by its name (a
// `resolve*Config*`, `load*Config*` or `load*Plugins` function, a `*Config` class's method): its items are the parts of the
// configuration (the files a config names, the plugins it declares), loaded once while the
// program starts, together. The loader's own code is start-up by its name (startup-names.ts); an
// async `map` callback in it is positive evidence of concurrency (serving-evidence.ts), which
// beats names, so its items were reported although nothing but the configuration's other parts
// is in flight. Here the loader decides for its fan-out items, as for code written in it
// (startup-paths.ts question). Found on the tuning set (session 35, round 50): a Vite plugin
// factory reading each configured plugin's `package.json` (1), a documentation CLI checking each
// declared plugin's file and each config path (4), all judged false as configuration loading.
//
// Only names of loaders (the configuration loaders of startup-names.ts, and `load*Plugins`), not
// every start-up name: a command's `main()` that fans out over its files does the command's
// work, and fan-out items there are mostly judged true.
import { configurationLoaderPatterns, startupMatcher } from "./startup-names";

/**
 * Loaders of the plugins a configuration declares, loaded once while the program starts: start-up
 * functions of blocking-call-in-async by name too (its index.ts adds them to the default start-up
 * names; other rules' start-up names are unchanged).
 */
export const pluginLoaderPatterns: readonly string[] = ["load*Plugins"];

const loaders = startupMatcher([...configurationLoaderPatterns(), ...pluginLoaderPatterns]);

/** Whether a function of this name (and class) loads the program's configuration or plugins. */
export function loadsConfiguration(name: string, className: string | undefined): boolean {
  return loaders.test(name, className);
}
