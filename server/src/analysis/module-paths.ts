// How imports, package.json entries and built output name a module: the path without its
// extension, and for built output the source it comes from.
import { join, relative } from "node:path";

/** A script's path without its extension (`.js`, `.mts`, `.tsx`...): `./dist/index.js` and `dist/index` name the same entry. */
export function withoutExtension(path: string): string {
  return path.replace(/\.[cm]?[jt]sx?$/, "");
}

/**
 * For a path into built output (`dist/browser.js`, `build/esm/web/index.js`), the module of the
 * same path under `src/`, which the project may hold instead: the path the built file comes from.
 */
export function builtSourceOf(entry: string, packageDir: string): string | undefined {
  const built = /^(?:dist|build|lib|out)\/(?:(?:esm|cjs|mjs)\/)?(.+)$/.exec(relative(packageDir, entry).replace(/\\/g, "/"));
  return built ? join(packageDir, "src", built[1]!) : undefined;
}
