// Which of the compiler's syntax errors in a JavaScript file would stop Node from loading it.
// TypeScript parses a JavaScript file as it would check it: it reports JSDoc type expressions it
// cannot read (`@typedef {function(Error, any)} Callback`, Closure style) and strict-mode grammar
// (octal escapes such as '\1') in CommonJS scripts, which Node runs in sloppy mode. Reported as
// syntax errors, they failed `loopscope lint` with exit 1 on code that loads and runs. For
// JavaScript the runtime's own parser decides: V8 compiles the script and nothing runs it.
import { compileFunction } from "node:vm";

/** How Node loads the file: TypeScript (the compiler is the parser of record), a CommonJS script, or an ES module. */
export type SourceGoal = "typescript" | "script" | "module";

export function sourceGoal(fileName: string, isModuleSyntax: boolean, packageType: string | undefined): SourceGoal {
  if (/\.[cm]?tsx?$/i.test(fileName)) return "typescript";
  if (/\.mjs$/i.test(fileName)) return "module";
  if (/\.cjs$/i.test(fileName)) return "script";
  return isModuleSyntax || packageType === "module" ? "module" : "script";
}

/**
 * The diagnostics that are syntax errors for the runtime. In JavaScript, one inside a JSDoc
 * comment never is (it is a comment to Node). A CommonJS script that V8 compiles (wrapped as
 * `require` wraps it) has none at all. An ES module cannot be compiled here without running Node
 * with a flag, so its other diagnostics stand: there, strict-mode grammar is the runtime's too.
 */
export function runtimeSyntaxErrors<D extends { readonly pos: number; readonly end: number }>(
  goal: SourceGoal,
  text: string,
  diagnostics: readonly D[],
): readonly D[] {
  if (goal === "typescript" || diagnostics.length === 0) return diagnostics;
  const outsideDocs = diagnostics.filter(d => !insideJsDoc(text, d.pos, d.end));
  if (outsideDocs.length === 0 || goal === "module") return outsideDocs;
  return compilesAsCommonJs(text) ? [] : outsideDocs;
}

/** Whether [pos, end) lies in a `/** ... *\/` comment (the last one opened before `pos`, not yet closed there). */
function insideJsDoc(text: string, pos: number, end: number): boolean {
  const open = text.lastIndexOf("/**", pos);
  if (open < 0) return false;
  const close = text.indexOf("*/", open + 3);
  return close >= 0 && close + 2 >= end && close >= pos;
}

/** Compiled, never called: the module wrapper's parameters, as `require` gives them. */
function compilesAsCommonJs(text: string): boolean {
  try {
    compileFunction(text, ["exports", "require", "module", "__filename", "__dirname"]);
    return true;
  } catch {
    return false;
  }
}
