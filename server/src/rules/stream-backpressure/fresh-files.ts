// File streams that fail only on a full disk or a change made meanwhile, not in normal operation:
// `createReadStream(p)`/`createWriteStream(p)` of a file the code has just finished writing, and a
// write stream whose opening the function awaited before the pipe. A pipe end that holds one needs
// no 'error' listener.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import type { ModuleBindings } from "../../analysis/module-bindings";
import {
  callArguments,
  calleeOf,
  calleeParts,
  forEachDescendant,
  identifierPattern,
  listenerMethods,
  nodeField as get,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
} from "../../analysis/syntax";
import { assignedValues, lifetimeScope, maxDepth, pipeDestination, referenceKey, rootOf } from "./end-names";
import { plainCallName } from "../../analysis/function-names";
import { moduleOf } from "./file-lookups";
import { listenedStream } from "./stream-ends";

const fileModules = new Set(["fs", "fs-extra", "graceful-fs"]);
/** Calls that finish writing the file named by their first argument (`copyFile`'s second), synchronously or awaited. */
const fileWrites = /^(writeFile|appendFile|outputFile|writeJson|outputJson|copyFile|copy)(Sync)?$/;

/** `fs.createWriteStream(...)` (a name `name` matches) called on a file module the file imports. */
function isFileStreamCall(e: Node, bindings: ModuleBindings, name: RegExp): boolean {
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const callee = calleeOf(e as CallExpression);
  if (!name.test(calleeParts(callee)?.nameNode.text ?? "")) return false;
  const root = rootOf(callee);
  const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, e.getSourceFile()) : undefined;
  return !!module && fileModules.has(module);
}

/**
 * `createReadStream(p)` / `createWriteStream(p)` of a file the code has just finished writing: a
 * `writeFileSync(p, ...)` or `await writeFile(p, ...)` earlier in a function around the pipe, or
 * the pipe runs in the 'finish'/'close' listener of a write stream to `p`. The file exists and is
 * writable (its folder, its permissions): opening it again fails only on a full disk or a change
 * made meanwhile, not in normal operation. Also when `p` is a parameter of a function of the file
 * that no other module can call, and every call passes a path written so before it.
 */
export function opensFreshFile(e: Node, bindings: ModuleBindings, depth: number): boolean {
  if (!isFileStreamCall(e, bindings, /^create(Read|Write)Stream$/)) return false;
  const path = callArguments(e)[0];
  const keys = path ? pathKeys(path, bindings) : [];
  return keys.some(key => writtenBefore(key, e, bindings, depth));
}

function writtenBefore(key: string, at: Node, bindings: ModuleBindings, depth: number): boolean {
  for (let fn: Node | undefined = at.parent; fn; fn = fn.parent) {
    if (!isFunctionLike(fn)) continue;
    if (finishedWriteListener(fn, key, bindings)) return true;
    let found = false;
    forEachDescendant(
      get<Node | undefined>(fn, "body") ?? fn,
      n => {
        if (found || n.kind !== SyntaxKind.CallExpression || n.end > at.pos) return;
        const name = calleeParts(calleeOf(n as CallExpression))?.nameNode.text ?? "";
        const m = fileWrites.exec(name);
        if (!m) return;
        const target = callArguments(n)[/^copy/.test(name) ? 1 : 0];
        if (!target || !pathKeys(target, bindings).includes(key)) return;
        let outer: Node = n;
        while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
        found = !!m[2] || outer.parent?.kind === SyntaxKind.AwaitExpression;
      },
      true,
    );
    if (found) return true;
    // A parameter, or a path joined from parameters: the callers of a function of the file nobody
    // else can call.
    if (depth < maxDepth) {
      const params = (get<readonly Node[] | undefined>(fn, "parameters") ?? []).map(p => textOf(get<Node>(p, "name")));
      const parts = keyParts(key);
      if (parts.some(part => params.includes(part)))
        // A join's other parts must mean the same at every call: string constants, not the function's own names.
        return parts.every(part => params.includes(part) || part.startsWith('"')) && callersWrote(fn, key, params, bindings, depth + 1);
    }
  }
  return false;
}

/**
 * The keys a file path is known by: a name or property path (`tmp`, `opts.out`); a join of such
 * names and string constants with `path.join()`/`path.resolve()` (`join(dir,name)`, round 51: the
 * same folder and name joined again give the same file, in the same process); and, for a name
 * given one value only, that value's keys (`const tmp = path.join(dir, name)`).
 */
function pathKeys(e: Node, bindings: ModuleBindings): string[] {
  e = skipOuterExpressions(e);
  const own = joinKey(e, bindings) ?? referenceKey(e);
  if (!own) return [];
  if (e.kind !== SyntaxKind.Identifier) return [own];
  const values = assignedValues(own, lifetimeScope(e), e);
  const joined = values?.length === 1 ? joinKey(skipOuterExpressions(values[0]!), bindings) : undefined;
  return joined ? [own, joined] : [own];
}

/** `path.join(a, "x", b.c)` (also `resolve`, and the names imported from the path module): `join(a,"x",b.c)`. */
function joinKey(e: Node, bindings: ModuleBindings): string | undefined {
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  const callee = calleeOf(e as CallExpression);
  const name = calleeParts(callee)?.nameNode.text ?? "";
  if (name !== "join" && name !== "resolve") return undefined;
  const root = rootOf(callee);
  if (root.kind !== SyntaxKind.Identifier || moduleOf(textOf(root)!, bindings, e.getSourceFile())?.replace(/^node:/, "") !== "path") return undefined;
  const parts: string[] = [];
  for (const arg of callArguments(e)) {
    const text = stringLiteralText(arg);
    const part = text !== undefined ? JSON.stringify(text) : referenceKey(skipOuterExpressions(arg));
    if (!part || part.includes(",")) return undefined;
    parts.push(part);
  }
  return parts.length ? `${name}(${parts.join(",")})` : undefined;
}

/** The names and constants a key is made of: `join(dir,name)` → `dir`, `name`; `tmp` → `tmp`. */
function keyParts(key: string): string[] {
  const m = /^(?:join|resolve)\((.*)\)$/.exec(key);
  return m ? m[1]!.split(",") : [key];
}

/** `fn` is the listener of 'finish' or 'close' on a write stream to `key` (`a.pipe(createWriteStream(key)).on("finish", fn)`). */
function finishedWriteListener(fn: Node, key: string, bindings: ModuleBindings): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression || callArguments(call)[1] !== outer) return false;
  const parts = calleeParts(get(call, "expression"));
  if (!parts?.receiverExpression || !listenerMethods.has(parts.nameNode.text) || !/^(finish|close)$/.test(stringLiteralText(callArguments(call)[0]) ?? ""))
    return false;
  const listened = skipOuterExpressions(parts.receiverExpression);
  // `createWriteStream(key).on("error", f)`: the stream the listeners are chained on.
  let stream = listenedStream(pipeDestination(listened) ?? listened);
  if (stream.kind === SyntaxKind.Identifier) {
    const values = assignedValues(textOf(stream)!, lifetimeScope(stream), stream);
    if (!values || values.length !== 1) return false;
    stream = skipOuterExpressions(values[0]!);
  }
  if (stream.kind !== SyntaxKind.CallExpression || calleeParts(calleeOf(stream as CallExpression))?.nameNode.text !== "createWriteStream") return false;
  const path = callArguments(stream)[0];
  return !!path && pathKeys(path, bindings).includes(key);
}

/**
 * Every call of the file's function `fn` passes a path written before the call; `fn` is not
 * exported. The path is `key` with each parameter of `fn` (`params`) replaced by what the call
 * passes for it: the argument's own keys when the path is the parameter itself, its name or
 * property path when the parameter is a part of a join.
 */
function callersWrote(fn: Node, key: string, params: readonly (string | undefined)[], bindings: ModuleBindings, depth: number): boolean {
  const name = plainCallName(fn);
  if (!name) return false;
  const sourceFile = fn.getSourceFile();
  const exported = new RegExp(
    `\\bexport\\b[^;{]*\\b(function|const|let|var)\\s+${identifierPattern(name)}\\b|\\bexport\\s*\\{[^}]*\\b${identifierPattern(name)}\\b|\\bexports\\s*\\.\\s*${identifierPattern(name)}\\b|module\\.exports\\s*=\\s*\\{[^}]*\\b${identifierPattern(name)}\\b`,
  );
  if (exported.test(sourceFile.text)) return false;
  let calls = 0;
  let all = true;
  forEachDescendant(sourceFile, n => {
    if (!all || n.kind !== SyntaxKind.Identifier || textOf(n) !== name || n === get<Node | undefined>(fn, "name")) return;
    const call = n.parent;
    if (call?.kind === SyntaxKind.CallExpression && get(call, "expression") === n) {
      calls++;
      const args = callArguments(call);
      const parts = keyParts(key);
      let keys: string[];
      if (parts.length === 1 && parts[0] === key) {
        const arg = args[params.indexOf(key)];
        keys = arg ? pathKeys(arg, bindings) : [];
      } else {
        const passed = parts.map(part => {
          const index = params.indexOf(part);
          if (index < 0) return part;
          const arg = args[index];
          const text = arg && stringLiteralText(arg);
          return text !== undefined ? JSON.stringify(text) : arg && referenceKey(skipOuterExpressions(arg));
        });
        keys = passed.every(p => p !== undefined) ? [`${/^\w+/.exec(key)![0]}(${passed.join(",")})`] : [];
      }
      if (!keys.some(k => writtenBefore(k, call, bindings, depth))) all = false;
    } else if (n.parent?.kind !== SyntaxKind.FunctionDeclaration && n.parent?.kind !== SyntaxKind.VariableDeclaration) all = false; // handed on: other callers
  });
  return all && calls > 0;
}

/**
 * A file write stream whose opening the function awaited before the pipe (`const out =
 * createWriteStream(f); await once(out, "open")`): the open's errors (a missing folder, no
 * permission) rejected there; what is left is a full or failing disk, not normal operation.
 */
export function openAwaited(e: Node, key: string, scope: Node, bindings: ModuleBindings): boolean {
  const values = assignedValues(key, scope, e);
  if (!values?.every(v => isFileStreamCall(skipOuterExpressions(v), bindings, /^createWriteStream$/))) return false;
  let fn: Node | undefined = e.parent;
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  let found = false;
  forEachDescendant(
    fn,
    n => {
      if (found || n.kind !== SyntaxKind.AwaitExpression || n.end > e.pos) return;
      const call = skipOuterExpressions(get(n, "expression"));
      if (call.kind !== SyntaxKind.CallExpression || calleeParts(calleeOf(call as CallExpression))?.nameNode.text !== "once") return;
      const [target, event] = callArguments(call);
      found = !!target && referenceKey(skipOuterExpressions(target)) === key && /^(open|ready)$/.test(stringLiteralText(event) ?? "");
    },
    true,
  );
  return found;
}
