// The order the CLI lints a project's files in: the files a file imports first. Rules ask the
// interprocedural summaries about the functions a file calls, which mostly live in the files it
// imports; a rule that computes a file's facts in the file's own lint (`putsOwnFacts`) then has
// them ready when the importers ask, instead of a separate analysis of that file on demand (its
// own walk and round trips to the compiler, unpipelined). Only the order changes: every file is
// linted once and results keep their places.
//
// Imports are read from the text (relative specifiers of `import`/`export ... from`, `require`,
// `import()`), resolved against the files being linted as TypeScript would for the usual
// extensions; anything else (packages, path aliases) adds no edge. A wrong or missing edge costs
// only speed.
import { dirname, resolve } from "node:path";

/** `from "./x"`, `require("./x")`, `import("./x")`, `import "./x"`: relative specifiers only. */
const relativeSpecifier = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]{1,300})\1/g;

/** What an extension-less or `.js` specifier may name, in TypeScript's order. */
const candidates = (base: string): string[] => {
  const out = [base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, `${base}.js`, `${base}.jsx`, `${base}.mjs`, `${base}.cjs`, `${base}.mts`, `${base}.cts`];
  out.push(`${base}/index.ts`, `${base}/index.tsx`, `${base}/index.js`, `${base}/index.mjs`, `${base}/index.cjs`);
  const js = /\.(m|c)?jsx?$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    out.push(`${stem}.${js[1] ?? ""}ts`, `${stem}.${js[1] ?? ""}tsx`);
  }
  return out;
};

/**
 * A permutation of `fileNames`' indices with each file after the files it imports (depth first,
 * starting from the files in their given order; an import cycle keeps the order it is entered in).
 * `textOf` returns a file's text, or undefined when it cannot be read (no edges).
 */
export function dependencyOrder(fileNames: readonly string[], textOf: (fileName: string) => string | undefined): number[] {
  const index = new Map(fileNames.map((f, i) => [f, i]));
  // What a specifier names from a folder (a file's index, -1 for none): the files of one folder
  // import the same few modules.
  const named = new Map<string, number>();
  const importsOf = (i: number): number[] => {
    const fileName = fileNames[i]!;
    const text = textOf(fileName);
    if (!text) return [];
    const out: number[] = [];
    const dir = dirname(fileName);
    for (const m of text.matchAll(relativeSpecifier)) {
      const key = `${dir}\0${m[2]!}`;
      let j = named.get(key);
      if (j === undefined) {
        j = -1;
        for (const c of candidates(resolve(dir, m[2]!))) {
          const k = index.get(c);
          if (k !== undefined) {
            j = k;
            break;
          }
        }
        named.set(key, j);
      }
      if (j >= 0 && j !== i) out.push(j);
    }
    return out;
  };
  const order: number[] = [];
  const state = new Uint8Array(fileNames.length); // 0 new, 1 entered, 2 placed
  // Iterative depth-first search: a long import chain must not overflow the stack.
  for (let root = 0; root < fileNames.length; root++) {
    if (state[root]) continue;
    const stack: { i: number; deps: number[]; next: number }[] = [{ i: root, deps: importsOf(root), next: 0 }];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const j = top.deps[top.next++]!;
        if (state[j]) continue;
        state[j] = 1;
        stack.push({ i: j, deps: importsOf(j), next: 0 });
        continue;
      }
      stack.pop();
      state[top.i] = 2;
      order.push(top.i);
    }
  }
  return order;
}
