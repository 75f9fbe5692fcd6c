// Which end of `a.pipe(b)` can fail from outside with nobody listening, read from syntax. An end is
// covered when an 'error' listener reaches it where its variable lives (not only in the function
// that pipes), through another name it is kept in, or in a helper of the file it is handed to; when
// it is the function's result (the caller listens); or when the value it holds cannot fail from
// outside: a stream the module builds with its own implementation, a child's output, a file the
// package ships. What is left is judged by type in the rule's decide phase.
import { boundNames } from "../../analysis/binding-names";
import { SyntaxKind, type CallExpression, type Node, type SourceFile } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import type { ModuleBindings } from "../../analysis/module-bindings";
import {
  callArguments,
  calleeOf,
  calleeParts,
  forEachDescendant,
  identifierPattern,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
  isConstList,
  isLetList,
  isLoop,
} from "../../analysis/syntax";
import { isStdio, listensForError, nameHandlesErrors } from "./stream-ends";

type Any = Node & Record<string, unknown>;
const get = <T = Node>(node: Node, key: string): T => (node as Any)[key] as T;

/** How deep names are followed (an alias of an alias of a helper's parameter). */
const maxDepth = 3;

/**
 * The values an end may hold that syntax cannot clear, to be judged by type (in-memory, a child's
 * output); an empty list when the end is covered.
 */
export function uncoveredValues(end: Node, bindings: ModuleBindings, depth = 0): Node[] {
  const e = skipOuterExpressions(end);
  if (isStdio(e) || listensForError(e) || e.kind === SyntaxKind.ThisKeyword || e.kind === SyntaxKind.SuperKeyword) return [];
  // `x.pipe(d)` evaluates to `d`.
  const piped = pipeDestination(e);
  if (piped) return depth < maxDepth ? uncoveredValues(piped, bindings, depth + 1) : [e];
  if (builtInMemory(e, bindings) || isChildStdio(e, bindings, depth) || readsShippedFile(e, bindings) || opensFreshFile(e, bindings, 0)) return [];
  const key = referenceKey(e);
  if (!key) return [e];
  const scope = lifetimeScope(e);
  if (nameCovered(e, key, scope) || openAwaited(e, key, scope, bindings)) return [];
  if (depth >= maxDepth) return [e];
  // The values the name is given where it lives: each must be covered (`let s = socket; s = s.pipe(t)`),
  // or only the one a straight-line assignment just before the pipe gave it.
  const latest = latestAssignment(key, e);
  const values = latest ? [latest] : assignedValues(key, scope, e);
  if (!values) return [e];
  const left: Node[] = [];
  for (const v of values) left.push(...uncoveredValues(v, bindings, depth + 1));
  // A field the base class may have set: its value there is not among those of this file.
  if (!latest && setByBaseClass(key, e)) left.push(e);
  return left;
}

/**
 * `this.x` in a class that extends another and neither declares `x` nor assigns it in its
 * constructor: the value it starts with is the base class's, unknown here.
 */
function setByBaseClass(key: string, e: Node): boolean {
  const m = /^this\.([\w$]+)$/.exec(key);
  if (!m) return false;
  let cls: Node | undefined = e.parent;
  while (cls && cls.kind !== SyntaxKind.ClassDeclaration && cls.kind !== SyntaxKind.ClassExpression) cls = cls.parent;
  if (!cls || !(get<readonly Node[] | undefined>(cls, "heritageClauses") ?? []).some(h => get<SyntaxKind>(h, "token") === SyntaxKind.ExtendsKeyword))
    return false;
  return !get<readonly Node[]>(cls, "members").some(member => {
    if (member.kind === SyntaxKind.PropertyDeclaration) return textOf(get<Node>(member, "name")) === m[1];
    return member.kind === SyntaxKind.Constructor && assignsTo(member, key);
  });
}

/**
 * The name's stream is listened to where it lives, handed to its caller (returned), or listened to
 * through another name or in a helper of the file.
 */
export function nameCovered(e: Node, key = referenceKey(skipOuterExpressions(e)), scope = lifetimeScope(skipOuterExpressions(e))): boolean {
  if (!key) return false;
  if (nameHandlesErrors(key, scope) || returnedFrom(key, scope) || listenedAfterOtherListeners(key, scope)) return true;
  return helperListens(key, scope, e.getSourceFile()) || (skipOuterExpressions(e).kind === SyntaxKind.Identifier && aliasListens(key, scope));
}

const listenerMethods = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);

/** `s.on('data', f).on('error', g)`: the 'error' listener chained after others registered on the name. */
function listenedAfterOtherListeners(key: string, scope: Node): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found || n.kind !== SyntaxKind.CallExpression) return;
    const parts = calleeParts(get(n, "expression"));
    if (!parts?.receiverExpression || !listenerMethods.has(parts.nameNode.text) || stringLiteralText(callArguments(n)[0]) !== "error") return;
    let receiver = skipOuterExpressions(parts.receiverExpression);
    while (receiver.kind === SyntaxKind.CallExpression) {
      const inner = calleeParts(get(receiver, "expression"));
      if (!inner?.receiverExpression || !listenerMethods.has(inner.nameNode.text)) return;
      receiver = skipOuterExpressions(inner.receiverExpression);
    }
    found = referenceKey(receiver) === key;
  });
  return found;
}

/** `return a.pipe(b)` (or an arrow's body, or a branch of a returned `?:`): the destination is the caller's. */
export function pipeResultReturned(pipeCall: Node): boolean {
  let n: Node = pipeCall;
  while (
    n.parent &&
    (n.parent.kind === SyntaxKind.ParenthesizedExpression ||
      n.parent.kind === SyntaxKind.AsExpression ||
      n.parent.kind === SyntaxKind.NonNullExpression ||
      (n.parent.kind === SyntaxKind.ConditionalExpression && get(n.parent, "condition") !== n))
  )
    n = n.parent;
  return n.parent?.kind === SyntaxKind.ReturnStatement || (n.parent?.kind === SyntaxKind.ArrowFunction && get(n.parent, "body") === n);
}

/** `x.pipe(d)` → `d`. */
function pipeDestination(e: Node): Node | undefined {
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  const parts = calleeParts(get(e, "expression"));
  return parts?.nameNode.text === "pipe" && parts.receiverExpression ? callArguments(e)[0] : undefined;
}

/** A name or a property path (`s`, `ctx.response`, `this.out`), spaces and `!` removed. */
function referenceKey(e: Node): string | undefined {
  if (e.kind === SyntaxKind.Identifier) return textOf(e);
  if (e.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const root = rootOf(e);
  if (root.kind !== SyntaxKind.Identifier && root.kind !== SyntaxKind.ThisKeyword) return undefined;
  return e
    .getText()
    .replace(/[\s!]+/g, "")
    .replace(/\?\./g, ".");
}

function rootOf(e: Node): Node {
  let n = skipOuterExpressions(e);
  while (n.kind === SyntaxKind.PropertyAccessExpression) n = skipOuterExpressions(get(n, "expression"));
  return n;
}

/**
 * Where the end's variable lives: the function that declares it (or the root of a property path),
 * else the file. Its listeners may be registered anywhere there, in callbacks before or after the
 * pipe; `this.x` lives in the file.
 */
export function lifetimeScope(e: Node): Node {
  const root = rootOf(e);
  const sourceFile = e.getSourceFile();
  if (root.kind !== SyntaxKind.Identifier) return sourceFile;
  const name = textOf(root)!;
  for (let n = e.parent; n; n = n.parent) {
    if (isFunctionLike(n) && declares(n, name)) return n;
    // A `let`/`const` of a nested block (an `if` branch) is another variable than a same-named one
    // of a sibling block: `if (a) { let out = x.pipe(p) } else { const out = y.pipe(q) }`.
    if (n.kind === SyntaxKind.Block && !(n.parent && isFunctionLike(n.parent)) && declaresBlockScoped(n, name)) return n;
  }
  return sourceFile;
}

/** A `let` or `const` statement of the block itself (not of a nested one) binds the name. */
function declaresBlockScoped(block: Node, name: string): boolean {
  return get<readonly Node[]>(block, "statements").some(statement => {
    if (statement.kind !== SyntaxKind.VariableStatement) return false;
    const list = get(statement, "declarationList");
    return (isLetList(list) || isConstList(list)) && get<readonly Node[]>(list, "declarations").some(d => bindsName(get(d, "name"), name));
  });
}

/**
 * A parameter of the function that pipes: the caller's stream, whose errors the caller listens for.
 * (Only of that function: a parameter of an outer one piped in a callback is the outer function's
 * own business, judged like a local.)
 */
export function isCallersStream(end: Node): boolean {
  const e = skipOuterExpressions(end);
  let fn: Node | undefined = e.parent;
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  const isParameter = (name: string) => (get<readonly Node[] | undefined>(fn, "parameters") ?? []).some(p => bindsName(get(p, "name"), name));
  if (e.kind === SyntaxKind.Identifier) {
    const name = textOf(e)!;
    return isParameter(name) || destructuredFromParameter(fn, name, isParameter);
  }
  // `options.out`, `context.stdout`: a stream the caller hands in on an object, also after
  // `options = { ...defaults, ...options }`.
  if (e.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const root = rootOf(e);
  if (root.kind !== SyntaxKind.Identifier || !isParameter(textOf(root)!)) return false;
  return keepsCallersObject(fn, textOf(root)!) && !assignsTo(get<Node>(fn, "body") ?? fn, referenceKey(e) ?? "");
}

/** `const { stdout } = context` (or `= context.io`) in `fn`, where `context` is its parameter, and the name is not assigned again. */
function destructuredFromParameter(fn: Node, name: string, isParameter: (name: string) => boolean): boolean {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return false;
  let from = false;
  let assigned = false;
  forEachDescendant(
    body,
    n => {
      if (n.kind === SyntaxKind.VariableDeclaration) {
        const binding = get<Node>(n, "name");
        if (binding.kind === SyntaxKind.Identifier) {
          if (textOf(binding) === name) assigned = true;
          return;
        }
        if (!bindsName(binding, name)) return;
        const init = get<Node | undefined>(n, "initializer");
        const root = init ? rootOf(init) : undefined;
        if (root?.kind === SyntaxKind.Identifier && isParameter(textOf(root)!) && keepsCallersObject(fn, textOf(root)!)) from = true;
        else assigned = true;
      } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
        if (referenceKey(skipOuterExpressions(get(n, "left"))) === name) assigned = true;
      }
    },
    true,
  );
  return from && !assigned;
}

/** Every assignment to the parameter in `fn` keeps the caller's object in it: `{ ...defaults, ...p }`, `Object.assign({}, defaults, p)`. */
function keepsCallersObject(fn: Node, parameter: string): boolean {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return true;
  let keeps = true;
  forEachDescendant(body, n => {
    if (!keeps || n.kind !== SyntaxKind.BinaryExpression || get<Node>(n, "operatorToken").kind !== SyntaxKind.EqualsToken) return;
    if (referenceKey(skipOuterExpressions(get(n, "left"))) !== parameter) return;
    const value = skipOuterExpressions(get(n, "right"));
    const holds = (x: Node) => {
      const s = skipOuterExpressions(x);
      return s.kind === SyntaxKind.Identifier && textOf(s) === parameter;
    };
    if (value.kind === SyntaxKind.ObjectLiteralExpression)
      keeps = get<readonly Node[]>(value, "properties").some(p => p.kind === SyntaxKind.SpreadAssignment && holds(get(p, "expression")));
    else keeps = value.kind === SyntaxKind.CallExpression && callArguments(value).some(holds);
  });
  return keeps;
}

function declares(fn: Node, name: string): boolean {
  for (const p of get<readonly Node[] | undefined>(fn, "parameters") ?? []) if (bindsName(get(p, "name"), name)) return true;
  const body = get<Node | undefined>(fn, "body");
  if (!body) return false;
  let found = false;
  forEachDescendant(
    body,
    n => {
      if (found) return;
      if (
        (n.kind === SyntaxKind.VariableDeclaration || n.kind === SyntaxKind.FunctionDeclaration || n.kind === SyntaxKind.ClassDeclaration) &&
        get<Node | undefined>(n, "name")
      )
        found = bindsName(get(n, "name"), name);
    },
    true,
  );
  return found;
}

function bindsName(binding: Node | undefined, name: string): boolean {
  // Shared with unbounded-concurrency: a hole of an array pattern (`const [, b] = ...`) is a binding element without a name.
  return boundNames(binding).includes(name);
}

/**
 * The values given to the name in its scope (`const s = v`, `s = v`, `ctx.res = v`); undefined
 * when there is none, or when the name is a parameter (the caller's value, unknown here).
 */
function assignedValues(key: string, scope: Node, end: Node): Node[] | undefined {
  if (isFunctionLike(scope) && !key.includes(".")) {
    for (const p of get<readonly Node[] | undefined>(scope, "parameters") ?? []) if (bindsName(get(p, "name"), key)) return undefined;
  }
  const values: Node[] = [];
  forEachDescendant(scope, n => {
    if (n.kind === SyntaxKind.VariableDeclaration) {
      const init = get<Node | undefined>(n, "initializer");
      if (init && get<Node>(n, "name").kind === SyntaxKind.Identifier && textOf(get(n, "name")) === key) values.push(init);
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(get(n, "left"));
      if (referenceKey(left) === key) values.push(get(n, "right"));
    }
  });
  // Only values that are not the end itself (a pipe's own statement does not assign its source),
  // and not the `null` a field starts or ends with: no stream to listen to.
  const others = values.filter(v => v !== end && !isNullish(v));
  return others.length ? others : undefined;
}

/**
 * The scope returns the stream (`return file`, `return { target: file }`) or resolves with it: its
 * caller has it, and listens.
 */
function returnedFrom(key: string, scope: Node): boolean {
  if (key.includes(".")) return false;
  const isName = (n: Node | undefined) => !!n && skipOuterExpressions(n).kind === SyntaxKind.Identifier && textOf(skipOuterExpressions(n)) === key;
  const carries = (n: Node | undefined): boolean => {
    if (!n) return false;
    const v = skipOuterExpressions(n);
    if (isName(v)) return true;
    if (v.kind === SyntaxKind.ObjectLiteralExpression)
      return (get<readonly Node[]>(v, "properties") ?? []).some(p =>
        p.kind === SyntaxKind.ShorthandPropertyAssignment
          ? textOf(get(p, "name")) === key
          : p.kind === SyntaxKind.PropertyAssignment && isName(get(p, "initializer")),
      );
    if (v.kind === SyntaxKind.ArrayLiteralExpression) return (get<readonly Node[]>(v, "elements") ?? []).some(isName);
    return false;
  };
  let found = false;
  forEachDescendant(scope, n => {
    if (found) return;
    if (n.kind === SyntaxKind.ReturnStatement) found = carries(get<Node | undefined>(n, "expression"));
    else if (n.kind === SyntaxKind.CallExpression) {
      const callee = skipOuterExpressions(get(n, "expression"));
      found = callee.kind === SyntaxKind.Identifier && textOf(callee) === "resolve" && carries(callArguments(n)[0]);
    }
  });
  return found;
}

/** Another name given the stream (`const s = socket`) gets the listener. */
function aliasListens(key: string, scope: Node): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found) return;
    let alias: Node | undefined;
    let value: Node | undefined;
    if (n.kind === SyntaxKind.VariableDeclaration) {
      alias = get(n, "name");
      value = get<Node | undefined>(n, "initializer");
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      alias = skipOuterExpressions(get(n, "left"));
      value = get(n, "right");
    }
    if (!alias || !value) return;
    const v = skipOuterExpressions(value);
    const aliasKey = referenceKey(alias);
    if (v.kind === SyntaxKind.Identifier && textOf(v) === key && aliasKey && aliasKey !== key) found = nameHandlesErrors(aliasKey, lifetimeScope(alias));
  });
  return found;
}

/**
 * The stream is handed to a function of the same file (`wire(socket, onError)`,
 * `this.register(this.conn)`) whose parameter in that place gets an 'error' listener.
 */
function helperListens(key: string, scope: Node, sourceFile: SourceFile): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found || n.kind !== SyntaxKind.CallExpression) return;
    const args = callArguments(n);
    const index = args.findIndex(a => referenceKey(skipOuterExpressions(a)) === key);
    if (index < 0) return;
    const callee = skipOuterExpressions(get(n, "expression"));
    const name =
      callee.kind === SyntaxKind.Identifier
        ? textOf(callee)
        : callee.kind === SyntaxKind.PropertyAccessExpression && skipOuterExpressions(get(callee, "expression")).kind === SyntaxKind.ThisKeyword
          ? textOf(get(callee, "name"))
          : undefined;
    if (!name) return;
    for (const fn of functionsNamed(sourceFile, name)) {
      const parameter = (get<readonly Node[] | undefined>(fn, "parameters") ?? [])[index];
      const pName = parameter && get<Node>(parameter, "name");
      if (pName?.kind === SyntaxKind.Identifier && nameHandlesErrors(textOf(pName)!, fn)) {
        found = true;
        return;
      }
    }
  });
  return found;
}

/** Functions of the file by name: declarations, methods, and `const f = function/arrow`; indexed once per file. */
const functionsByFile = new WeakMap<SourceFile, Map<string, Node[]>>();

function functionsNamed(sourceFile: SourceFile, name: string): readonly Node[] {
  let byName = functionsByFile.get(sourceFile);
  if (!byName) {
    const index = new Map<string, Node[]>();
    const add = (key: string | undefined, fn: Node) => {
      if (key) index.set(key, [...(index.get(key) ?? []), fn]);
    };
    forEachDescendant(sourceFile, n => {
      if (n.kind === SyntaxKind.FunctionDeclaration || n.kind === SyntaxKind.MethodDeclaration) add(textOf(get<Node | undefined>(n, "name")), n);
      else if (n.kind === SyntaxKind.VariableDeclaration || n.kind === SyntaxKind.PropertyAssignment) {
        const init = get<Node | undefined>(n, "initializer");
        if (init && isFunctionLike(skipOuterExpressions(init))) add(textOf(get<Node | undefined>(n, "name")), skipOuterExpressions(init));
      }
    });
    functionsByFile.set(sourceFile, (byName = index));
  }
  return byName.get(name) ?? [];
}

const nodeStreamClasses = /^(Transform|PassThrough|Writable|Readable|Duplex|Stream)$/;
const streamModules = new Set(["stream", "readable-stream"]);
/** Packages whose streams are in-memory transforms of the data written to them. */
const inMemoryStreamPackages = new Set(["through", "through2", "split", "split2", "concat-stream", "add-stream"]);
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
function builtInMemory(e: Node, bindings: ModuleBindings, depth = 0): boolean {
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
    if (module) return inMemoryStreamPackages.has(module);
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

/** What a function returns: an arrow's expression body, or its `return` expressions (not those of nested functions). */
export function resultsOf(fn: Node): Node[] {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return [];
  if (body.kind !== SyntaxKind.Block) return [body];
  const out: Node[] = [];
  let bare = false;
  forEachDescendant(
    body,
    n => {
      if (n.kind !== SyntaxKind.ReturnStatement) return;
      const value = get<Node | undefined>(n, "expression");
      if (value) out.push(value);
      else bare = true;
    },
    true,
  );
  return bare ? [] : out;
}

/** The module a file-level name is bound to: an import or require, also through compiled CommonJS's `__importDefault(require(m))`. */
function moduleOf(name: string, bindings: ModuleBindings, sourceFile: SourceFile): string | undefined {
  const bound = bindings.forLocalName(name)?.module;
  if (bound) return bound;
  const pattern = new RegExp(
    `\\b(?:const|let|var)\\s+${identifierPattern(name)}\\s*=\\s*(?:__importDefault|__importStar|_interopRequireDefault)\\s*\\(\\s*require\\(\\s*["'\`]([^"'\`]+)["'\`]\\s*\\)`,
  );
  const m = pattern.exec(sourceFile.text);
  return m?.[1]?.replace(/^node:/, "");
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

function isNullish(n: Node): boolean {
  const s = skipOuterExpressions(n);
  return s.kind === SyntaxKind.NullKeyword || (s.kind === SyntaxKind.Identifier && textOf(s) === "undefined");
}

const childProcessModules = new Set(["child_process", "cross-spawn", "execa"]);

/**
 * `child.stdout` / `child.stderr` of a process the file starts (`spawn(...)` from child_process,
 * cross-spawn or execa, directly or through a name): its reads do not fail on their own. The typed
 * case is judged by declaration in decide.
 */
function isChildStdio(e: Node, bindings: ModuleBindings, depth: number): boolean {
  if (e.kind !== SyntaxKind.PropertyAccessExpression || !/^std(out|err)$/.test(textOf(get(e, "name")) ?? "")) return false;
  let owner = skipOuterExpressions(get(e, "expression"));
  if (owner.kind === SyntaxKind.Identifier && depth < maxDepth) {
    const values = assignedValues(textOf(owner)!, lifetimeScope(owner), owner);
    if (!values || values.length !== 1) return false;
    owner = skipOuterExpressions(values[0]!);
  }
  if (owner.kind === SyntaxKind.AwaitExpression) return false;
  if (owner.kind !== SyntaxKind.CallExpression) return false;
  const root = rootOf(calleeOf(owner as CallExpression));
  const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, e.getSourceFile()) : undefined;
  return !!module && childProcessModules.has(module);
}

/**
 * `createReadStream(path)` of a file the package ships: the path is made of the module's own
 * location (`__dirname`, `import.meta.url`) and constants. It exists and is readable wherever the
 * package is installed; a missing or unreadable file is not normal operation.
 */
function readsShippedFile(e: Node, bindings: ModuleBindings): boolean {
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const callee = calleeOf(e as CallExpression);
  if (calleeParts(callee)?.nameNode.text !== "createReadStream") return false;
  const root = rootOf(callee);
  const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, e.getSourceFile()) : undefined;
  if (module !== "fs" && module !== "fs-extra" && module !== "graceful-fs") return false;
  const path = callArguments(e)[0];
  return !!path && isPackagePath(path, 0);
}

const pathFunctions = /^(join|resolve|dirname|normalize|fileURLToPath)$/;

function isPackagePath(n: Node, depth: number): boolean {
  const s = skipOuterExpressions(n);
  switch (s.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return true;
    case SyntaxKind.Identifier: {
      const name = textOf(s)!;
      if (name === "__dirname" || name === "__filename") return true;
      if (depth >= maxDepth) return false;
      // A `const` of the file or function whose value is such a path.
      const scope = lifetimeScope(s);
      const values = assignedValues(name, scope, s);
      return !!values && values.length === 1 && isConstDeclared(values[0]!) && isPackagePath(values[0]!, depth + 1);
    }
    case SyntaxKind.PropertyAccessExpression:
      return /^import\.meta\.(url|dirname|filename)$/.test(s.getText());
    case SyntaxKind.TemplateExpression:
      return (get<readonly Node[]>(s, "templateSpans") ?? []).every(span => isPackagePath(get(span, "expression"), depth + 1));
    case SyntaxKind.BinaryExpression:
      return (
        get<Node>(s, "operatorToken").kind === SyntaxKind.PlusToken && isPackagePath(get(s, "left"), depth + 1) && isPackagePath(get(s, "right"), depth + 1)
      );
    case SyntaxKind.NewExpression:
    case SyntaxKind.CallExpression: {
      const callee = skipOuterExpressions(get(s, "expression"));
      const name =
        callee.kind === SyntaxKind.Identifier ? textOf(callee) : callee.kind === SyntaxKind.PropertyAccessExpression ? textOf(get(callee, "name")) : undefined;
      const isPathCall = s.kind === SyntaxKind.NewExpression ? name === "URL" : !!name && pathFunctions.test(name);
      const args = callArguments(s);
      return isPathCall && args.length > 0 && args.every(a => isPackagePath(a, depth + 1));
    }
    default:
      return false;
  }
}

function isConstDeclared(value: Node): boolean {
  const declaration = value.parent;
  if (declaration?.kind !== SyntaxKind.VariableDeclaration) return false;
  return isConstList(declaration.parent);
}

/** The statement lists a straight-line walk back from a statement goes through. */
function isStatementList(n: Node | undefined): boolean {
  return !!n && (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile || n.kind === SyntaxKind.CaseClause || n.kind === SyntaxKind.DefaultClause);
}

/** Some assignment or declaration inside `node` gives the name (or property path) a value. */
function assignsTo(node: Node, key: string): boolean {
  let found = false;
  forEachDescendant(node, n => {
    if (found) return;
    if (n.kind === SyntaxKind.VariableDeclaration) found = textOf(get<Node>(n, "name")) === key;
    else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken)
      found = referenceKey(skipOuterExpressions(get(n, "left"))) === key;
  });
  return found;
}

/** `key = v` or `const key = v` as a whole statement: `v`. */
function straightAssignment(statement: Node, key: string): Node | undefined {
  if (statement.kind === SyntaxKind.ExpressionStatement) {
    const x = skipOuterExpressions(get(statement, "expression"));
    if (
      x.kind === SyntaxKind.BinaryExpression &&
      get<Node>(x, "operatorToken").kind === SyntaxKind.EqualsToken &&
      referenceKey(skipOuterExpressions(get(x, "left"))) === key
    )
      return get(x, "right");
  } else if (statement.kind === SyntaxKind.VariableStatement) {
    const declarations = get<readonly Node[]>(get(statement, "declarationList"), "declarations");
    const d = declarations.find(d => textOf(get<Node>(d, "name")) === key);
    return d ? get<Node | undefined>(d, "initializer") : undefined;
  }
  return undefined;
}

/**
 * The value a straight-line assignment gives the end's name just before the pipe, in the same
 * function: `this.socket = upgrade(this.socket); this.socket.pipe(out)` pipes what `upgrade`
 * returned, not the socket the constructor stored. Undefined when a statement on the way back
 * assigns the name in a branch or a loop assigns it: then every value the name is given counts.
 */
function latestAssignment(key: string, end: Node): Node | undefined {
  let statement: Node = end;
  while (statement.parent && !isStatementList(statement.parent)) {
    if (isFunctionLike(statement.parent)) return undefined;
    statement = statement.parent;
  }
  for (;;) {
    const list = statement.parent;
    if (!list) return undefined;
    const statements = get<readonly Node[]>(list, "statements");
    for (let i = statements.indexOf(statement) - 1; i >= 0; i--) {
      const s = statements[i]!;
      const value = straightAssignment(s, key);
      if (value) return value;
      if (assignsTo(s, key)) return undefined;
    }
    // Up through the block to the statement that holds it, within the function.
    let up: Node | undefined = list.parent;
    if (!up || list.kind === SyntaxKind.SourceFile || isFunctionLike(up)) return undefined;
    while (up && !isStatementList(up.parent)) {
      if (isFunctionLike(up)) return undefined;
      if (isLoop(up) && assignsTo(up, key)) return undefined;
      up = up.parent;
    }
    if (!up) return undefined;
    if (isLoop(up) && assignsTo(up, key)) return undefined;
    statement = up;
  }
}

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
function opensFreshFile(e: Node, bindings: ModuleBindings, depth: number): boolean {
  if (!isFileStreamCall(e, bindings, /^create(Read|Write)Stream$/)) return false;
  const path = callArguments(e)[0];
  const key = path && referenceKey(skipOuterExpressions(path));
  return !!key && writtenBefore(key, e, depth);
}

function writtenBefore(key: string, at: Node, depth: number): boolean {
  for (let fn: Node | undefined = at.parent; fn; fn = fn.parent) {
    if (!isFunctionLike(fn)) continue;
    if (finishedWriteListener(fn, key)) return true;
    let found = false;
    forEachDescendant(
      get<Node | undefined>(fn, "body") ?? fn,
      n => {
        if (found || n.kind !== SyntaxKind.CallExpression || n.end > at.pos) return;
        const name = calleeParts(calleeOf(n as CallExpression))?.nameNode.text ?? "";
        const m = fileWrites.exec(name);
        if (!m) return;
        const target = callArguments(n)[/^copy/.test(name) ? 1 : 0];
        if (!target || referenceKey(skipOuterExpressions(target)) !== key) return;
        let outer: Node = n;
        while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
        found = !!m[2] || outer.parent?.kind === SyntaxKind.AwaitExpression;
      },
      true,
    );
    if (found) return true;
    // A parameter: the callers of a function of the file nobody else can call.
    if (!key.includes(".") && depth < maxDepth) {
      const index = (get<readonly Node[] | undefined>(fn, "parameters") ?? []).findIndex(p => textOf(get<Node>(p, "name")) === key);
      if (index >= 0) return callersWrote(fn, index, depth + 1);
    }
  }
  return false;
}

/** `fn` is the listener of 'finish' or 'close' on a write stream to `key` (`a.pipe(createWriteStream(key)).on("finish", fn)`). */
function finishedWriteListener(fn: Node, key: string): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression || callArguments(call)[1] !== outer) return false;
  const parts = calleeParts(get(call, "expression"));
  if (!parts?.receiverExpression || !listenerMethods.has(parts.nameNode.text) || !/^(finish|close)$/.test(stringLiteralText(callArguments(call)[0]) ?? ""))
    return false;
  let stream = skipOuterExpressions(parts.receiverExpression);
  stream = skipOuterExpressions(pipeDestination(stream) ?? stream);
  // `createWriteStream(key).on("error", f)`: the stream the listeners are chained on.
  for (
    let inner = calleeParts(get(stream, "expression"));
    stream.kind === SyntaxKind.CallExpression && inner?.receiverExpression && listenerMethods.has(inner.nameNode.text);
    inner = calleeParts(get(stream, "expression"))
  )
    stream = skipOuterExpressions(inner.receiverExpression);
  if (stream.kind === SyntaxKind.Identifier) {
    const values = assignedValues(textOf(stream)!, lifetimeScope(stream), stream);
    if (!values || values.length !== 1) return false;
    stream = skipOuterExpressions(values[0]!);
  }
  if (stream.kind !== SyntaxKind.CallExpression || calleeParts(calleeOf(stream as CallExpression))?.nameNode.text !== "createWriteStream") return false;
  const path = callArguments(stream)[0];
  return !!path && referenceKey(skipOuterExpressions(path)) === key;
}

/** Every call of the file's function `fn` passes, in place `index`, a path written before the call; `fn` is not exported. */
function callersWrote(fn: Node, index: number, depth: number): boolean {
  const name = functionName(fn);
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
      const arg = callArguments(call)[index];
      const key = arg && referenceKey(skipOuterExpressions(arg));
      if (!key || !writtenBefore(key, call, depth)) all = false;
    } else if (n.parent?.kind !== SyntaxKind.FunctionDeclaration && n.parent?.kind !== SyntaxKind.VariableDeclaration) all = false; // handed on: other callers
  });
  return all && calls > 0;
}

function functionName(fn: Node): string | undefined {
  if (fn.kind === SyntaxKind.FunctionDeclaration) return textOf(get<Node | undefined>(fn, "name"));
  const parent = skipOuterParent(fn);
  return parent?.kind === SyntaxKind.VariableDeclaration ? textOf(get<Node>(parent, "name")) : undefined;
}

function skipOuterParent(n: Node): Node | undefined {
  let p = n.parent;
  while (p?.kind === SyntaxKind.ParenthesizedExpression) p = p.parent;
  return p;
}

/**
 * A file write stream whose opening the function awaited before the pipe (`const out =
 * createWriteStream(f); await once(out, "open")`): the open's errors (a missing folder, no
 * permission) rejected there; what is left is a full or failing disk, not normal operation.
 */
function openAwaited(e: Node, key: string, scope: Node, bindings: ModuleBindings): boolean {
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
