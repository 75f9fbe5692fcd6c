// Quick-fixes for unbounded-concurrency's `Promise.all(xs.map(cb))`: go through p-limit when the
// package depends on it, else through a small `mapWithConcurrency` helper added to the file.
// Both keep the result's type, so the code compiles as before.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { calleeParts, skipOuterExpressions } from "../../analysis/syntax";
import { javaScriptLineAt, spanRange } from "../../analysis/positions";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";
import type { CallExpression } from "../../analysis/typescript";
import { fileStyleOf, inSemicolonStyle, quoted } from "../../analysis/file-style";

export interface FanOutForFix {
  combinator: CallExpression;
  mapCall: CallExpression;
  collection: Node;
  callback: Node | undefined;
}

const helperName = "mapWithConcurrency";

export function limitFixes(fa: FileAnalysis, f: FanOutForFix, collectionKind: "array" | "tuple" | "other", width: number): Fix[] {
  const fix = pLimitFix(fa, f, width) ?? helperFix(fa, f, collectionKind, width);
  return fix ? [fix] : [];
}

function isJs(fileName: string): boolean {
  return /\.[cm]?jsx?$/.test(fileName);
}

function nameIsFree(text: string, name: string): boolean {
  return !new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(text);
}

/** `x => work(x)` → `x => limit(() => work(x))`, with `const limit = pLimit(8);` before the statement. */
function pLimitFix(fa: FileAnalysis, f: FanOutForFix, width: number): Fix | undefined {
  const { sourceFile, fileName, bindings } = fa;
  const text = sourceFile.text;
  const style = fileStyleOf(sourceFile, text);
  const existing = bindings.all.find(b => b.module === "p-limit" && b.imported === "*");
  if (!existing && !fa.dependencies?.has("p-limit")) return undefined;
  if (!existing && (/\.c[jt]s$/.test(fileName) || bindings.usesRequire())) return undefined; // p-limit is ESM-only
  const cb = f.callback ? skipOuterExpressions(f.callback) : undefined;
  if (!cb || cb.kind !== SyntaxKind.ArrowFunction) return undefined;
  // Before the statement that maps (it may come before the one with Promise.all).
  const statement = enclosingStatement(f.mapCall);
  if (!statement) return undefined;
  const edits: TextEdit[] = [];
  let factory = existing?.localName;
  if (!factory) {
    factory = "pLimit";
    if (!nameIsFree(text, factory)) return undefined;
    edits.push(importEdit(fa, inSemicolonStyle(`import ${factory} from ${quoted("p-limit", style)};`, style)));
  }
  const limit = ["limit", "limitConcurrency", "concurrencyLimit"].find(n => nameIsFree(text, n));
  if (!limit) return undefined;
  const start = statement.getStart(sourceFile);
  const before = text.slice(javaScriptLineAt(text, start).start, start);
  edits.push({
    fileName,
    range: spanRange(sourceFile, start, start),
    newText: `const ${limit} = ${factory}(${width})${style.semicolons ? ";" : ""}\n${/^[ \t]*$/.test(before) ? before : ""}`,
  });
  const fn = cb as FunctionLike;
  const body = fn.body!;
  const async = isAsyncFunction(fn);
  if (async) {
    const fnStart = fn.getStart(sourceFile);
    const m = /^async\s+/.exec(text.slice(fnStart));
    if (!m) return undefined;
    edits.push({ fileName, range: spanRange(sourceFile, fnStart, fnStart + m[0].length), newText: "" });
  }
  const bodyStart = body.getStart(sourceFile);
  edits.push({ fileName, range: spanRange(sourceFile, bodyStart, bodyStart), newText: `${limit}(${async ? "async " : ""}() => ` });
  edits.push({ fileName, range: spanRange(sourceFile, body.end, body.end), newText: ")" });
  return { title: `Run at most ${width} at a time with p-limit`, edits, isPreferred: true };
}

/** `Promise.all(xs.map(cb))` → `mapWithConcurrency(xs, 8, cb)`, adding the helper at the end of the file. */
function helperFix(fa: FileAnalysis, f: FanOutForFix, collectionKind: "array" | "tuple" | "other", width: number): Fix | undefined {
  const { sourceFile, fileName } = fa;
  const text = sourceFile.text;
  const combinator = calleeParts(f.combinator.expression)?.nameNode.text;
  const map = calleeParts(f.mapCall.expression);
  if (combinator !== "all" || map?.nameNode.text !== "map" || f.mapCall.arguments.length !== 1 || !f.callback) return undefined;
  if (skipOuterExpressions(f.combinator.arguments[0]!) !== f.mapCall) return undefined;
  if (!isJs(fileName) && collectionKind === "other") return undefined;
  const cb = skipOuterExpressions(f.callback);
  if (isFunctionLike(cb)) {
    if (((cb as unknown as { parameters: readonly Node[] }).parameters ?? []).length > 2) return undefined;
  } else if (cb.kind !== SyntaxKind.Identifier && cb.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const edits: TextEdit[] = [];
  if (!new RegExp(`function\\s+${helperName}\\b`).test(text)) {
    if (!nameIsFree(text, helperName)) return undefined;
    const at = text.length;
    const lead = /[\r\n\u2028\u2029]$/.test(text) ? "\n" : "\n\n";
    edits.push({
      fileName,
      range: spanRange(sourceFile, at, at),
      newText: `${lead}${inSemicolonStyle(isJs(fileName) ? jsHelper : tsHelper, fileStyleOf(sourceFile, text))}`,
    });
  }
  const collection = f.collection.getText(sourceFile);
  const callback = f.callback.getText(sourceFile);
  edits.push({
    fileName,
    range: spanRange(sourceFile, f.combinator.getStart(sourceFile), f.combinator.end),
    newText: `${helperName}(${collection}, ${width}, ${callback})`,
  });
  return { title: `Run at most ${width} at a time (adds a ${helperName} helper)`, edits, isPreferred: true };
}

const tsHelper = `/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */
async function ${helperName}<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => R): Promise<Awaited<R>[]> {
  const results = new Array<Awaited<R>>(items.length);
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  return results;
}
`;

const jsHelper = `/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */
async function ${helperName}(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const work = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  return results;
}
`;

/** The statement that holds the node, when it sits directly in a block or the file (so a statement can go before it). */
function enclosingStatement(node: Node): Node | undefined {
  let n: Node = node;
  while (
    n.parent &&
    n.parent.kind !== SyntaxKind.Block &&
    n.parent.kind !== SyntaxKind.SourceFile &&
    n.parent.kind !== SyntaxKind.ModuleBlock &&
    n.parent.kind !== SyntaxKind.CaseClause &&
    n.parent.kind !== SyntaxKind.DefaultClause
  ) {
    n = n.parent;
    if (isFunctionLike(n) && n.kind !== SyntaxKind.ArrowFunction) return undefined;
  }
  return n.parent ? n : undefined;
}

/** A default import, after the file's imports (or at its top, after a shebang/directives). */
function importEdit(fa: FileAnalysis, statement: string): TextEdit {
  const { sourceFile, fileName, bindings } = fa;
  const text = sourceFile.text;
  if (bindings.lastImportEnd >= 0) return { fileName, range: spanRange(sourceFile, bindings.lastImportEnd, bindings.lastImportEnd), newText: `\n${statement}` };
  const m = /^(#![^\r\n\u2028\u2029]*(\r\n|[\r\n\u2028\u2029]))?(\s*(["'])use [\w ]+\4;?[^\S\r\n\u2028\u2029]*(\r\n|[\r\n\u2028\u2029]))*/.exec(text);
  const at = m ? m[0].length : 0;
  return { fileName, range: spanRange(sourceFile, at, at), newText: `${statement}\n` };
}
