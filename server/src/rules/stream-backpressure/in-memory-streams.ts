// Streams the module builds in memory: `new Transform({...})` (any of Node's stream classes) whose
// implementation never passes an error on, a zlib compressor, a stream of a package of in-memory
// transforms, or a factory of the file that returns only such streams. Nothing outside the program
// can fail them, so a pipe end that holds one needs no 'error' listener.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import type { ModuleBindings } from "../../analysis/module-bindings";
import { callArguments, calleeOf, calleeParts, forEachDescendant, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { assignedValues, isNullish, lifetimeScope, maxDepth, rootOf } from "./end-names";
import { functionsNamed, moduleOf, resultsOf } from "./file-lookups";

const nodeStreamClasses = /^(Transform|PassThrough|Writable|Readable|Duplex|Stream)$/;
const streamModules = new Set(["stream", "readable-stream"]);
/** Packages whose streams are in-memory transforms of the data written to them. */
const inMemoryStreamPackages = new Set(["through", "@ljharb/through", "through2", "split", "split2", "concat-stream", "add-stream"]);
/**
 * Serializers that turn the program's own values into text (session 26): CSV formatters, by package
 * and export. They fail only on the program's own values (an option, a record that is neither an
 * object nor an array, a cast or transform function of the project that throws), never on input
 * from outside, like a compressor. The same packages' parsers (`parse`) fail on malformed input and
 * stay ends that can fail. `default` is the module itself called, or its default export.
 */
const serializerExports = new Map<string, ReadonlySet<string>>([
  ["fast-csv", new Set(["format"])],
  ["@fast-csv/format", new Set(["format"])],
  ["csv-stringify", new Set(["stringify", "default"])],
  ["csv", new Set(["stringify"])],
]);
/**
 * zlib's compressor classes (`createGzip()` makes a `Gzip`): any input compresses, so they emit no
 * error in normal operation (the decompressors, which fail on corrupt input, are not among them).
 */
export const zlibCompressors = new Set(["Gzip", "Deflate", "DeflateRaw", "BrotliCompress"]);

/**
 * `new Transform({ transform(chunk, enc, done) { ... } })` (any of Node's stream classes) whose
 * implementation never passes an error on, or a stream from a package of in-memory transforms:
 * the module's own stream, which nothing outside the program can fail.
 */
export function builtInMemory(e: Node, bindings: ModuleBindings, depth = 0): boolean {
  if (e.kind === SyntaxKind.NewExpression) {
    const callee = skipOuterExpressions(get(e, "expression"));
    const className =
      callee.kind === SyntaxKind.Identifier ? textOf(callee) : callee.kind === SyntaxKind.PropertyAccessExpression ? textOf(get(callee, "name")) : undefined;
    if (!className || !nodeStreamClasses.test(className)) return false;
    const root = rootOf(callee);
    const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, e.getSourceFile()) : undefined;
    if (!module || !streamModules.has(module)) return false;
    return callArguments(e).every(a => implementationNeverFails(a));
  }
  if (e.kind === SyntaxKind.CallExpression) {
    const callee = calleeOf(e as CallExpression);
    const root = rootOf(callee);
    const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, e.getSourceFile()) : undefined;
    if (module === "zlib") return zlibCompressors.has(calleeParts(callee)?.nameNode.text.replace(/^create/, "") ?? "");
    if (module) return inMemoryStreamPackages.has(module) || !!serializerExports.get(module)?.has(exportCalled(callee, root, bindings));
    // A factory of the same file whose every result is such a stream (`const lines = () => new Transform({...})`).
    if (depth >= maxDepth || callee.kind !== SyntaxKind.Identifier) return false;
    const factories = functionsNamed(e.getSourceFile(), textOf(callee)!);
    if (factories.length !== 1) return false;
    const results = resultsOf(factories[0]!);
    return results.length > 0 && results.every(r => builtInMemory(skipOuterExpressions(r), bindings, depth + 1));
  }
  if (e.kind === SyntaxKind.Identifier && depth < maxDepth) {
    const values = assignedValues(textOf(e)!, lifetimeScope(e), e);
    return !!values && values.every(v => builtInMemory(skipOuterExpressions(v), bindings, depth + 1));
  }
  return false;
}

/**
 * The export a call of a module-bound name reaches: `format()` imported by name, `csv.format()` or
 * `(0, m.default)()` on the module, `stringify()` bound to the module itself (`default`).
 */
function exportCalled(callee: Node, root: Node, bindings: ModuleBindings): string {
  const imported = bindings.forLocalName(textOf(root)!, true)?.imported ?? "*";
  if (callee === root) return imported === "*" ? "default" : imported;
  return imported === "*" && skipOuterExpressions(get(callee, "expression")) === root ? (calleeParts(callee)?.nameNode.text ?? "") : "";
}

/** The implementation methods of Node's stream options whose last parameter is the callback that takes an error. */
const callbackMethods = new Set(["write", "writev", "transform", "flush", "final", "construct"]);

/**
 * The options of a stream the module builds: an object literal whose functions never call their
 * callback with an error, destroy the stream or emit 'error'.
 */
function implementationNeverFails(options: Node): boolean {
  const o = skipOuterExpressions(options);
  if (o.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  if (/\.\s*destroy\s*\(\s*[^)\s]|emit\s*\(\s*["'`]error["'`]/.test(o.getText())) return false;
  let fails = false;
  forEachDescendant(o, n => {
    if (fails || !isFunctionLike(n)) return;
    const parameters = get<readonly Node[] | undefined>(n, "parameters") ?? [];
    const last = parameters[parameters.length - 1];
    const member = textOf(get<Node | undefined>(n, "name")) ?? textOf(get<Node | undefined>(n.parent!, "name"));
    if (!member || !callbackMethods.has(member)) return;
    const callback = last && get<Node>(last, "name").kind === SyntaxKind.Identifier ? textOf(get(last, "name")) : undefined;
    if (!callback) return;
    const body = get<Node | undefined>(n, "body");
    if (!body) return;
    // Called with no error (`done()`, `done(null, chunk)`); handed on to I/O (`fs.write(fd, c, done)`) it may get one.
    forEachDescendant(body, c => {
      if (c.kind !== SyntaxKind.Identifier || textOf(c) !== callback) return;
      const call = c.parent;
      const called = call?.kind === SyntaxKind.CallExpression && get(call, "expression") === c;
      const first = called ? callArguments(call)[0] : undefined;
      if (!called || (first && !isNullish(first))) fails = true;
    });
  });
  return !fails;
}
