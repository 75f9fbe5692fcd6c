// Where a collection comes from, for the unbounded-concurrency rule: positive evidence that a
// fan-out is as wide as input the program does not control (a caller's list, rows, a directory
// listing, an archive's entries, a request body, the command line), found by following the
// collection back through local variables, destructuring, loop items and array transforms.
// "Not provably small" is not enough: object state (`this.x`), configuration, module constants and
// anything the trace cannot follow are not evidence, and a fan-out over them is not reported.
//
// Syntax only, with a depth limit (no recursion on the tree's depth); the calls whose I/O decides
// ("is this awaited call a database query?") are answered by the caller's classifier, which the
// same trace prepares in phase 1.
import { SyntaxKind, forEachNodeOfKind, kindSet, type CallExpression, type Node, type SourceFile } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { findDeclaration } from "./fan-out";
import { boundNames } from "./binding-names";
import { calleeParts, forEachDescendant, skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { ProjectFiles } from "../../analysis/project-files";

export type SourceKind = "caller" | "rows" | "listing" | "archive" | "request" | "command-line" | "stream";

export interface CollectionSource {
  kind: SourceKind;
  /** The expression the evidence was found at, for messages. */
  node: Node;
  /** For rows: known by the call's I/O (the summaries) or only by its name. */
  by?: "io" | "name";
  /** Found at what the callers of the function pass (its parameter followed to their arguments). */
  through?: "callers";
  /** Found in what a project function returns (`const files = await sourceFiles(root)`, the function's own read). */
  returned?: true;
  /** Found at an argument of a call that a project function's result was followed through (`pending(all, done)`): the caller's own data. */
  argument?: true;
  /** For a caller's list kept as it is: why the callers were not read. */
  unread?: "no-callers" | "too-many-callers" | "no-project";
}

/**
 * Whether the evidence is of a kind that was right at least 9 times in 10 on both halves of the
 * tuning set: a listing, an archive, a request body, the command line, a stream, rows from a call
 * that does database or network I/O, and rows from a read-named call in the same function. A list
 * the caller passes in (a parameter, `arguments`: 3 of 5 true) and rows from a read-named call
 * reached through the callers (3 of 8) are weak: reported only with the `weakSources` option.
 */
export function isStrongSource(source: CollectionSource): boolean {
  if (source.kind === "caller") return false;
  // A read's name is evidence in the function that reads; found in a caller or a callee it was
  // right 3 times in 8 (one query's clauses, one table's columns).
  return !(source.kind === "rows" && source.by === "name" && (source.through || source.returned));
}

/** The evidence in words, for a finding's related location: "rows fetched at run time (by the read's name)". */
export function evidenceText(source: CollectionSource): string {
  const detail =
    source.kind === "rows"
      ? source.by === "io"
        ? " (a database, HTTP or network call)"
        : " (by the read's name)"
      : source.unread === "no-callers"
        ? " (nothing in the project calls the function)"
        : source.unread === "too-many-callers"
          ? " (too many files name the function to read its callers)"
          : "";
  return `${sourceText[source.kind]}${detail}${source.through ? ", passed in by a caller" : ""}${source.returned ? ", read by a project function it calls" : ""}`;
}

/** What the source is, for messages: "`ids`, a parameter: as long as its callers make it". */
export const sourceText: Record<SourceKind, string> = {
  caller: "a list the caller passes in",
  rows: "rows or records fetched at run time",
  listing: "a directory listing",
  archive: "the entries of an archive",
  request: "the body of a request",
  "command-line": "the command line",
  stream: "the items of a stream",
};

/** What the caller knows: the I/O kind of a call (the classifier's answer), the module a local name is imported from. */
export interface SourceQuestions {
  callKind(call: Node): string | undefined;
  moduleOf(localName: string): string | undefined;
  /** The project function a call calls, with its body (phase 2; phase 1 prepares the call and answers undefined). */
  functionOf?(call: CallExpression): Node | undefined;
  /**
   * The project's other files, to read what the callers of a function other modules can call
   * pass it (phase 2 only; without it, such a parameter counts as input as it is).
   */
  project?: ProjectFiles;
}

const maxDepth = 10;
/** Array transforms whose result is as long as (or derived from) their receiver. */
const sameWidth = new Set([
  "map",
  "filter",
  "flat",
  "flatMap",
  "sort",
  "toSorted",
  "reverse",
  "toReversed",
  "concat",
  "slice",
  "values",
  "keys",
  "entries",
  "split",
  "trim",
  "compact",
  "uniq",
  "flatten",
  "sortBy",
  // the text a list is parsed from, and promise plumbing around the call that fetched it
  "replace",
  "replaceAll",
  "toString",
  "catch",
  "finally",
]);
/** Helpers that turn a collection into an array: Object.keys(x), Array.from(x), lodash's values(x). */
const arrayOf = new Set([
  "keys",
  "values",
  "entries",
  "from",
  "getOwnPropertyNames",
  "uniq",
  "uniqBy",
  "uniqWith",
  "flatten",
  "compact",
  "toArray",
  "castArray",
  // lodash-style: what is left of the first list
  "difference",
  "differenceBy",
  "differenceWith",
  "without",
  "orderBy",
]);
/** Calls that list a directory (Node's fs, glob packages, helpers named for it). */
const listingName =
  /^(readdir|readdirSync|opendir|scandir|glob|globSync|globby|globbySync|fastGlob|fg|list_?[fF]iles|listDir|readdirp|walk_?[fF]iles|walkDir|walkSync)$/;
/** Calls that list one folder, not a tree. */
const flatListingName = /^(readdir|readdirSync|opendir|scandir)$/;
/** Archive readers: their entries are as many as the archive holds. */
const archiveModules = /^(jszip|adm-zip|yauzl|yauzl-promise|unzipper|decompress|tar|tar-stream|tar-fs|node-stream-zip|extract-zip)$/;
/** Reads that return rows or records (`findAll`, `fetchOffsets`, `listObjects`, `query`). */
const fetchName = /^(find|fetch|query|list|search|select|scan)([A-Z_]\w*)?$|[a-z](Find|Fetch|Query|Search|Scan)([A-Z_]\w*)?$/;
/** Names of values a program is configured with, not fed: their lists are as long as the configuration. */
const configuredName =
  /^_?(opts?|options|config|conf|configuration|settings|params|props|ctx|context|env|defaults|hooks|plugins|listeners|handlers|callbacks|middlewares?)\d*$|(Options|Config|Configuration|Settings|Opts|Hooks|Plugins|Listeners|Handlers|Callbacks)\d*$/;
/** Kinds of the classifier whose awaited result is data from outside. */
const dataKinds = new Set(["database", "http", "network"]);

interface Trace {
  depth: number;
  ask: SourceQuestions;
  seen: Set<Node>;
  hops: number;
  /** Inside a project function followed from a call: its parameters are that call's arguments. */
  args?: Arguments;
}

interface Arguments {
  fn: Node;
  values: readonly Node[];
  /** The arguments of the call the caller's code was itself reached through. */
  outer: Arguments | undefined;
  /** The questions for the caller's code. */
  ask: SourceQuestions;
}

/** How many project functions deep a trace follows what they return. */
const maxReturnDepth = 2;

/**
 * The evidence that `collection` is as long as input, or undefined. In phase 1 pass a `callKind`
 * that prepares the calls it is given and answers undefined.
 */
export function collectionSource(collection: Node, ask: SourceQuestions): CollectionSource | undefined {
  return trace(collection, { depth: 0, ask, seen: new Set(), hops: 0 });
}

function trace(node: Node, t: Trace): CollectionSource | undefined {
  if (t.depth > maxDepth || t.seen.has(node)) return undefined;
  t.seen.add(node);
  const next = (n: Node | undefined) => (n ? trace(n, { ...t, depth: t.depth + 1 }) : undefined);
  let n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.AwaitExpression) n = skipOuterExpressions((n as unknown as { expression: Node }).expression);
  switch (n.kind) {
    case SyntaxKind.Identifier:
      return identifierSource(n, t, next);
    case SyntaxKind.PropertyAccessExpression:
    case SyntaxKind.ElementAccessExpression: {
      const name = n.kind === SyntaxKind.PropertyAccessExpression ? textOf((n as unknown as { name: Node }).name) : undefined;
      const receiver = skipOuterExpressions((n as unknown as { expression: Node }).expression);
      if (name === "argv" && textOf(receiver) === "process") return { kind: "command-line", node: n };
      if (name === "body" && receiver.kind !== SyntaxKind.ThisKeyword) return { kind: "request", node: n };
      // Object state and configuration: what the program set up, not evidence of input.
      if (receiver.kind === SyntaxKind.ThisKeyword || configuredName.test(textOf(receiver) ?? "")) return undefined;
      if (name && configuredName.test(name)) return undefined;
      // A field of an object a caller passes (`packager.fileAssociations`, `where[path]`) is what
      // that object was set up with, not a list the caller made: not evidence by itself.
      const found = next(receiver);
      return found?.kind === "caller" ? undefined : found;
    }
    case SyntaxKind.ArrayLiteralExpression: {
      for (const e of (n as unknown as { elements: readonly Node[] }).elements) {
        if (e.kind !== SyntaxKind.SpreadElement) continue;
        const found = next((e as unknown as { expression: Node }).expression);
        if (found) return found;
      }
      return undefined;
    }
    case SyntaxKind.ConditionalExpression: {
      const c = n as unknown as { whenTrue: Node; whenFalse: Node };
      return next(c.whenTrue) ?? next(c.whenFalse);
    }
    case SyntaxKind.BinaryExpression: {
      const b = n as unknown as { left: Node; right: Node; operatorToken: Node };
      const op = b.operatorToken.kind;
      if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) return next(b.left) ?? next(b.right);
      return undefined;
    }
    case SyntaxKind.NewExpression: {
      // new Set(xs), new Map(entries)
      const args = (n as unknown as { arguments?: readonly Node[] }).arguments ?? [];
      return /^(Set|Map)$/.test(textOf(skipOuterExpressions((n as unknown as { expression: Node }).expression)) ?? "") && args[0] ? next(args[0]) : undefined;
    }
    case SyntaxKind.CallExpression:
      return callSource(n as CallExpression, t, next);
  }
  return undefined;
}

function callSource(call: CallExpression, t: Trace, next: (n: Node | undefined) => CollectionSource | undefined): CollectionSource | undefined {
  const parts = calleeParts(call.expression);
  if (!parts) return undefined;
  const name = parts.nameNode.text;
  const receiver = parts.receiverExpression;
  if (name === "parse" && parts.receiver?.text === "JSON") return next(call.arguments[0]);
  if (listingName.test(name) || (name === "sync" && /glob|^fg$/i.test(parts.receiver?.text ?? ""))) {
    // One folder's entries are as many as that folder holds, often a handful fixed by the program
    // (a template, a cache); a tree (a glob, a walk, a recursive read) grows with what it holds.
    return !flatListingName.test(name) || listsRecursively(call) ? { kind: "listing", node: call } : undefined;
  }
  const root = rootName(call.expression);
  if (root && archiveModules.test(t.ask.moduleOf(root) ?? "")) return { kind: "archive", node: call };
  // `Object.keys(x)`, `Array.from(x, f)`, `_.values(x)`, `entries(x)`
  if (arrayOf.has(name) && call.arguments[0] && (!receiver || parts.receiver)) {
    const found = next(call.arguments[0]);
    if (found || !receiver) return found;
  }
  if (receiver && sameWidth.has(name)) return next(receiver);
  const kind = t.ask.callKind(call);
  if (kind && dataKinds.has(kind)) return { kind: "rows", node: call, by: "io" };
  // A project function's result: what it returns, its parameters being this call's arguments.
  // What the caller passed in (the function filters or sorts it) is the caller's evidence; what
  // the function reads itself is evidence found in another function. Weak evidence found there
  // does not hide the call's own name (`await this.findAll(...)`).
  const fn = t.ask.functionOf?.(call);
  let returned: CollectionSource | undefined;
  if (fn && returnDepth(t.args) < maxReturnDepth) {
    const found = returnedSource(fn, call, t);
    if (found) {
      const { argument: _, ...own } = found;
      returned = found.argument ? own : { ...own, returned: true };
      if (isStrongSource(returned)) return returned;
    }
  }
  // By its name only (`findAll`, `listPending`): right 5 of 5 times on the tuning set; requiring the
  // summaries to see its I/O lost 2 of them (reads through dynamic dispatch) and no false one.
  if (fetchName.test(name)) {
    // `tables.find(t => ...)`: an array's own search with a predicate, one element of what it holds.
    const first = call.arguments[0] ? skipOuterExpressions(call.arguments[0]) : undefined;
    if (first && isFunctionLike(first)) return (receiver ? next(receiver) : undefined) ?? returned;
    return { kind: "rows", node: call, by: "name" };
  }
  return returned;
}

/** The same declaration, also when the checker's tree and the linter's are different objects. */
function sameNode(a: Node, b: Node): boolean {
  return a === b || (a.pos === b.pos && a.end === b.end && a.kind === b.kind && a.getSourceFile().fileName === b.getSourceFile().fileName);
}

function returnDepth(args: Arguments | undefined): number {
  let depth = 0;
  for (let a = args; a; a = a.outer) depth++;
  return depth;
}

/** What `fn` returns (each `return` outside nested functions, or an arrow's expression body), traced with the call's arguments bound. */
function returnedSource(fn: Node, call: CallExpression, t: Trace): CollectionSource | undefined {
  const body = (fn as unknown as { body?: Node }).body;
  if (!body) return undefined;
  const returned: Node[] = [];
  if (body.kind !== SyntaxKind.Block) returned.push(body);
  else
    forEachDescendant(
      body,
      n => {
        const e = n.kind === SyntaxKind.ReturnStatement ? (n as unknown as { expression?: Node }).expression : undefined;
        if (e && returned.length < 8) returned.push(e);
      },
      true,
    );
  // Syntax only inside the function and in the arguments it leads back to (phase 1, which cannot
  // follow the call into its function, asked the checker nothing about their calls).
  const project = t.ask.project;
  const callerAsk: SourceQuestions = { callKind: () => undefined, moduleOf: t.ask.moduleOf, ...(project ? { project } : {}) };
  const args: Arguments = { fn, values: call.arguments, outer: t.args, ask: callerAsk };
  const home = fn.getSourceFile().fileName === call.getSourceFile().fileName;
  const fa = home ? undefined : project?.analysisOf(fn.getSourceFile().fileName);
  const ask: SourceQuestions = {
    callKind: () => undefined,
    moduleOf: home ? t.ask.moduleOf : n => fa?.bindings.forLocalName(n)?.module,
    ...(project ? { project } : {}),
  };
  for (const r of returned) {
    const found = trace(r, { ...t, depth: t.depth + 1, ask, args });
    if (found) return found;
  }
  return undefined;
}

/**
 * `readdir(dir, { recursive: true })`, or a read of one folder in a function that calls itself
 * (a walk down the tree: `async function files(dir) { ... files(join(dir, e)) ... }`).
 */
function listsRecursively(call: CallExpression): boolean {
  if (call.arguments.some(a => /\brecursive\s*:\s*true\b/.test(a.getText()))) return true;
  const fn = enclosingFunctionOf(call);
  const name = fn ? functionName(fn) : undefined;
  if (!fn || !name) return false;
  const body = (fn as unknown as { body?: Node }).body;
  return !!body && new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}\\s*\\(`).test(body.getText());
}

/** `JSZip` in `JSZip.loadAsync(data)`, `readdir` in `readdir(dir)`: the name a callee starts from. */
function rootName(callee: Node): string | undefined {
  let n = skipOuterExpressions(callee);
  for (let i = 0; i < maxDepth && n.kind === SyntaxKind.PropertyAccessExpression; i++)
    n = skipOuterExpressions((n as unknown as { expression: Node }).expression);
  return n.kind === SyntaxKind.Identifier ? textOf(n) : undefined;
}

function identifierSource(id: Node, t: Trace, next: (n: Node | undefined) => CollectionSource | undefined): CollectionSource | undefined {
  const name = textOf(id)!;
  if (name === "arguments") return { kind: "caller", node: id };
  if (configuredName.test(name)) return undefined;
  // A `const`/`let` in an enclosing block: its initializer, and for `let` every later assignment.
  const decl = findDeclaration(id, name);
  if (decl) {
    if (decl.name.kind === SyntaxKind.Identifier) {
      const found = next(decl.initializer);
      if (found) return found;
      const list = decl.parent;
      if (list && !((list.flags & 2) /* NodeFlags.Const */)) return assignedSource(decl, name, next);
      return undefined;
    }
    return destructuredSource(decl.name, decl.initializer, name, next);
  }
  // A loop variable: an item of an input list holds input (`for (const pkg of pkgs) pkg.files`).
  for (let p: Node | undefined = id.parent; p; p = p.parent) {
    if ((p.kind === SyntaxKind.ForOfStatement || p.kind === SyntaxKind.ForInStatement) && declares((p as unknown as { initializer: Node }).initializer, name)) {
      return next((p as unknown as { expression: Node }).expression);
    }
    if (isFunctionLike(p)) {
      const param = (p as unknown as { parameters: readonly { name: Node; dotDotDotToken?: Node; type?: Node }[] }).parameters.find(q =>
        declares(q.name, name),
      );
      if (!param) continue;
      // Inside a project function followed from a call: the parameter is that call's argument.
      if (t.args && sameNode(t.args.fn, p)) {
        const index = (p as unknown as { parameters: readonly unknown[] }).parameters.indexOf(param);
        const arg = t.args.values[index];
        const found = arg && !param.dotDotDotToken ? trace(arg, { ...t, depth: t.depth + 1, ask: t.args.ask, args: t.args.outer }) : undefined;
        return found && { ...found, argument: true };
      }
      // Rest parameters are written out at each call (`setPermissions(origin, ...perms)`): a handful.
      if (param.dotDotDotToken) return undefined;
      if (param.type && configuredName.test(param.type.getText().replace(/<.*$/s, "").trim())) return undefined;
      // A callback's parameters come from whoever calls it: an item (traced where it is iterated) or an event.
      if (!isDeclaredFunction(p)) return itemOfIteration(p, next);
      // Callable from other modules: what its callers in the project pass, or, when nothing in the
      // project calls it, its users' lists (input).
      if (isPublicFunction(p)) return publicCallersPass(p, param, name, id, t);
      // Internal (a private method, a function the module keeps to itself): what its callers here pass.
      return internalCallersPass(p, param, name, next);
    }
  }
  return undefined;
}

/** `let xs = []; ... xs = await db.findAll()`: any assignment of input makes it input. */
function assignedSource(decl: Node, name: string, next: (n: Node | undefined) => CollectionSource | undefined): CollectionSource | undefined {
  const scope = decl.parent?.parent?.parent;
  if (!scope) return undefined;
  const found: Node[] = [];
  const stack: Node[] = [scope];
  while (stack.length && found.length < 8) {
    const n = stack.pop()!;
    if (n.kind === SyntaxKind.BinaryExpression) {
      const b = n as unknown as { left: Node; right: Node; operatorToken: Node };
      if (b.operatorToken.kind === SyntaxKind.EqualsToken && textOf(skipOuterExpressions(b.left)) === name) found.push(b.right);
    }
    n.forEachChild(c => {
      stack.push(c);
    });
  }
  for (const right of found) {
    const s = next(right);
    if (s) return s;
  }
  return undefined;
}

/** `const { rows } = await db.query(...)`, `const [users, groups] = await Promise.all([a(), b()])`. */
function destructuredSource(
  pattern: Node,
  init: Node | undefined,
  name: string,
  next: (n: Node | undefined) => CollectionSource | undefined,
): CollectionSource | undefined {
  if (!init) return undefined;
  let i = skipOuterExpressions(init);
  if (i.kind === SyntaxKind.AwaitExpression) i = skipOuterExpressions((i as unknown as { expression: Node }).expression);
  if (pattern.kind === SyntaxKind.ArrayBindingPattern) {
    const index = (pattern as unknown as { elements: readonly Node[] }).elements.findIndex(e => declares(e, name));
    // Promise.all([a(), b()]): the element is what the matching promise gives.
    if (i.kind === SyntaxKind.CallExpression) {
      const parts = calleeParts((i as CallExpression).expression);
      const arg = (i as CallExpression).arguments[0] ? skipOuterExpressions((i as CallExpression).arguments[0]!) : undefined;
      if (parts?.receiver?.text === "Promise" && arg?.kind === SyntaxKind.ArrayLiteralExpression && index >= 0) {
        return next((arg as unknown as { elements: readonly Node[] }).elements[index]);
      }
    }
  }
  return next(i);
}

/** A callback's parameter is an item of what the callback iterates: `xs.map(x => x.files)`. */
function itemOfIteration(fn: Node, next: (n: Node | undefined) => CollectionSource | undefined): CollectionSource | undefined {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return undefined;
  const parts = calleeParts((call as CallExpression).expression);
  if (!parts?.receiverExpression || !/^(map|flatMap|forEach|filter|reduce|some|every|find)$/.test(parts.nameNode.text)) return undefined;
  return next(parts.receiverExpression);
}

/**
 * Whether other modules can call the function: an exported declaration (ES or CommonJS), a
 * method that is not private (`private`, `#name`, `_name`), a function assigned to a property
 * (`Model.create = function (docs) {...}`) or held by an exported object.
 */
function isPublicFunction(fn: Node): boolean {
  const name = functionName(fn);
  if (fn.kind === SyntaxKind.MethodDeclaration || fn.kind === SyntaxKind.Constructor) {
    const nameNode = (fn as unknown as { name?: Node }).name;
    if (nameNode?.kind === SyntaxKind.PrivateIdentifier || /^_/.test(name ?? "") || /^\s*(private|protected)\b/.test(fn.getText())) return false;
    // A class the module keeps to itself: its methods are called from this file only.
    const cls = fn.parent;
    if (cls?.kind !== SyntaxKind.ClassDeclaration || cls.parent?.kind !== SyntaxKind.SourceFile) return true;
    const className = textOf((cls as unknown as { name?: Node }).name);
    return /^\s*export\b/.test(cls.getText()) || !className || commonJsExports(cls.parent).has(className);
  }
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (p?.kind === SyntaxKind.BinaryExpression || p?.kind === SyntaxKind.PropertyAssignment || p?.kind === SyntaxKind.PropertyDeclaration)
    return !/^_/.test(name ?? "");
  // A declaration at the top of the module: exported by a modifier, or named in module.exports / exports.x.
  const statement = fn.kind === SyntaxKind.FunctionDeclaration ? fn : p?.parent?.parent;
  if (!statement) return false;
  if (statement.parent?.kind !== SyntaxKind.SourceFile) {
    // A closure a factory hands out: `const fetchOffsets = async (...) => ...; return { fetchOffsets }`.
    const factory = enclosingFunctionOf(statement);
    return !!name && !!factory && new RegExp(`return\\s*\\{[^}]*(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(factory.getText());
  }
  if (/^\s*export\b/.test(statement.getText())) return true;
  return !!name && commonJsExports(statement.parent).has(name);
}

function enclosingFunctionOf(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

const exportsCache = new WeakMap<Node, Set<string>>();
/** Names a CommonJS module exports: `module.exports = { a, b }`, `module.exports.a =`, `exports.a =`. */
function commonJsExports(sourceFile: Node): Set<string> {
  let names = exportsCache.get(sourceFile);
  if (names) return names;
  names = new Set();
  const text = sourceFile.getText();
  for (const m of text.matchAll(/(?:module\.)?exports\.([\w$]+)\s*=/g)) names.add(m[1]!);
  for (const m of text.matchAll(/module\.exports\s*=\s*\{([^}]*)\}/g))
    for (const part of m[1]!.split(",")) {
      const n = /([\w$]+)\s*$/.exec(part.split(":").pop()!.trim());
      if (n) names.add(n[1]!);
    }
  for (const m of text.matchAll(/module\.exports\s*=\s*([\w$]+)\s*;?\s*$/gm)) names.add(m[1]!);
  exportsCache.set(sourceFile, names);
  return names;
}

function functionName(fn: Node): string | undefined {
  const own = textOf((fn as unknown as { name?: Node }).name);
  if (own) return own;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (p?.kind === SyntaxKind.VariableDeclaration || p?.kind === SyntaxKind.PropertyAssignment || p?.kind === SyntaxKind.PropertyDeclaration)
    return textOf((p as unknown as { name: Node }).name);
  if (p?.kind === SyntaxKind.BinaryExpression) {
    const left = skipOuterExpressions((p as unknown as { left: Node }).left);
    return left.kind === SyntaxKind.PropertyAccessExpression ? textOf((left as unknown as { name: Node }).name) : textOf(left);
  }
  return undefined;
}

/**
 * The calls of an internal function in its own file (`f(...)`, `this.f(...)`), and what they pass
 * at the parameter (for a destructured `{ items }`, the `items` of an object literal argument).
 */
function internalCallersPass(
  fn: Node,
  param: { name: Node },
  name: string,
  next: (n: Node | undefined) => CollectionSource | undefined,
): CollectionSource | undefined {
  const fnName = functionName(fn);
  const index = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.indexOf(param);
  if (!fnName || index < 0) return undefined;
  // A caller that passes strong evidence wins over one that passes weak evidence.
  let weak: CollectionSource | undefined;
  for (const call of callsNamed(fn.getSourceFile(), fnName).slice(0, 8)) {
    const arg = call.arguments[index];
    if (!arg) continue;
    let passed: Node | undefined = arg;
    if (param.name.kind === SyntaxKind.ObjectBindingPattern) {
      const a = skipOuterExpressions(arg);
      if (a.kind !== SyntaxKind.ObjectLiteralExpression) continue;
      const property = (a as unknown as { properties: readonly Node[] }).properties.find(pr => textOf((pr as unknown as { name?: Node }).name) === name);
      passed =
        property?.kind === SyntaxKind.ShorthandPropertyAssignment
          ? (property as unknown as { name: Node }).name
          : property?.kind === SyntaxKind.PropertyAssignment
            ? (property as unknown as { initializer: Node }).initializer
            : undefined;
    } else if (param.name.kind !== SyntaxKind.Identifier) continue;
    const found = next(passed);
    if (found && isStrongSource({ ...found, through: "callers" })) return { ...found, through: "callers" };
    weak ??= found && { ...found, through: "callers" };
  }
  return weak;
}

/** More project files than this mention the function's name: too common to read its callers. */
const maxCallerFiles = 40;
/** Callers' callers followed at most this far (each hop reads other files). */
const maxHops = 2;
const testPath = /(^|[\\/])(test|tests|__tests__|__mocks__|fixtures?)[\\/]|\.(test|spec)\.[cm]?[jt]sx?$/;

/**
 * A parameter of a function other modules can call: a list its callers make. On real code the
 * callers in the project were as often the program's own setup (configured matchers, a
 * container's modules, one query's clauses) as input, so the callers are read: a caller that
 * passes input (rows, a listing, a request body, a list of its own callers...) is the evidence.
 * Nothing in the project calling it (an API for the package's users, a command the framework
 * runs), or a name too common to read its callers, keeps the parameter as evidence; callers that
 * all pass something else (object state, configuration, a project getter's result) are none.
 */
function publicCallersPass(fn: Node, param: { name: Node }, name: string, id: Node, t: Trace): CollectionSource | undefined {
  const caller: CollectionSource = { kind: "caller", node: id };
  const project = t.ask.project;
  const fnName = functionName(fn);
  const index = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.indexOf(param);
  if (!project || !fnName || index < 0) return { ...caller, unread: "no-project" };
  if (t.hops >= maxHops) return undefined;
  const files = project.filesMentioning(fnName);
  if (files.length > maxCallerFiles) return { ...caller, unread: "too-many-callers" };
  let calls = 0;
  // A caller that passes strong evidence wins over one that passes weak evidence.
  let weak: CollectionSource | undefined;
  for (const fileName of files) {
    const home = fileName === fn.getSourceFile().fileName;
    // Calls from tests do not run in production (the path below the folder both files share).
    if (testPath.test(fileName.slice(sharedFolderLength(fileName, fn.getSourceFile().fileName)))) continue;
    const fa = home ? undefined : project.analysisOf(fileName);
    const sourceFile = home ? fn.getSourceFile() : fa?.sourceFile;
    if (!sourceFile) continue;
    // The linted file is walked for calls only when its text shows one besides the declaration:
    // a walk builds every node of the file.
    const declaredByName = fn.kind === SyntaxKind.FunctionDeclaration || fn.kind === SyntaxKind.MethodDeclaration;
    if (home && callLikeCount((sourceFile as unknown as { text: string }).text, fnName) <= (declaredByName ? 1 : 0)) continue;
    // Syntax only (rows by a read's name): phase 1 asked the checker nothing about these calls.
    const ask: SourceQuestions = { callKind: () => undefined, moduleOf: home ? t.ask.moduleOf : n => fa!.bindings.forLocalName(n)?.module, project };
    for (const call of callsNamed(sourceFile, fnName).slice(0, 8)) {
      // Its own recursive calls pass what it already has.
      if (home && contains(fn, call)) continue;
      const passed = argumentFor(call, index, param, name);
      if (!passed) continue;
      calls++;
      const found = trace(passed, { depth: t.depth + 1, ask, seen: t.seen, hops: t.hops + 1 });
      if (found && isStrongSource({ ...found, through: "callers" })) return { ...found, through: "callers" };
      weak ??= found && { ...found, through: "callers" };
    }
  }
  return calls ? weak : { ...caller, unread: "no-callers" };
}

/** `name(` or `name)(` occurrences in a text: calls, and a function's or method's own declaration. */
function callLikeCount(text: string, name: string): number {
  return text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}\\s*\\)?\\s*\\(`, "g"))?.length ?? 0;
}

function sharedFolderLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.lastIndexOf("/", i - 1) + 1;
}

/** What a call passes at a parameter (for a destructured `{ items }`, the `items` of an object literal argument). */
function argumentFor(call: CallExpression, index: number, param: { name: Node }, name: string): Node | undefined {
  const arg = call.arguments[index];
  if (!arg) return undefined;
  if (param.name.kind === SyntaxKind.Identifier) return arg;
  if (param.name.kind !== SyntaxKind.ObjectBindingPattern) return undefined;
  const a = skipOuterExpressions(arg);
  if (a.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  const property = (a as unknown as { properties: readonly Node[] }).properties.find(pr => textOf((pr as unknown as { name?: Node }).name) === name);
  return property?.kind === SyntaxKind.ShorthandPropertyAssignment
    ? (property as unknown as { name: Node }).name
    : property?.kind === SyntaxKind.PropertyAssignment
      ? (property as unknown as { initializer: Node }).initializer
      : undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** `(0, mod.fn)(...)`, how compiled modules call an import: the function is the comma's right side. */
function commaCallee(callee: Node): Node {
  const c = skipOuterExpressions(callee);
  if (c.kind === SyntaxKind.BinaryExpression && (c as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.CommaToken)
    return (c as unknown as { right: Node }).right;
  return callee;
}

const callIndexes = new WeakMap<Node, Map<string, CallExpression[]>>();
const callKinds = kindSet([SyntaxKind.CallExpression]);
/**
 * The calls in a file by the name they call, indexed once per file. Found in the compiler's node
 * table, which builds only the calls (a walk built every node of the file, again after each edit),
 * and listed in the order that walk gave them: last first, a call before the calls inside it.
 */
function callsNamed(sourceFile: Node, name: string): CallExpression[] {
  let index = callIndexes.get(sourceFile);
  if (!index) {
    const found = new Map<string, CallExpression[]>();
    forEachNodeOfKind(sourceFile as SourceFile, callKinds, n => {
      const callee = calleeParts(commaCallee((n as CallExpression).expression))?.nameNode.text;
      if (!callee) return;
      const list = found.get(callee);
      if (list) list.push(n as CallExpression);
      else found.set(callee, [n as CallExpression]);
    });
    for (const list of found.values()) list.sort((a, b) => b.end - a.end || a.pos - b.pos);
    callIndexes.set(sourceFile, (index = found));
  }
  return index.get(name) ?? [];
}

/** Functions that callers call by name: declarations, methods, and functions held by a variable or property. */
function isDeclaredFunction(fn: Node): boolean {
  if (fn.kind === SyntaxKind.FunctionDeclaration || fn.kind === SyntaxKind.MethodDeclaration || fn.kind === SyntaxKind.Constructor) return true;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (!p) return false;
  if (p.kind === SyntaxKind.VariableDeclaration || p.kind === SyntaxKind.PropertyAssignment || p.kind === SyntaxKind.PropertyDeclaration) return true;
  // `Model.create = async function (docs) {...}`, `exports.run = (args) => ...`
  return p.kind === SyntaxKind.BinaryExpression && (p as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken;
}

/** Whether a binding name (identifier or pattern), or a `const x`/`let [a, b]` list, declares `name`. */
function declares(binding: Node | undefined, name: string): boolean {
  if (!binding) return false;
  if (binding.kind === SyntaxKind.VariableDeclarationList)
    return (binding as unknown as { declarations: readonly { name: Node }[] }).declarations.some(d => boundNames(d.name).includes(name));
  return boundNames(binding.kind === SyntaxKind.BindingElement ? (binding as unknown as { name?: Node }).name : binding).includes(name);
}

export type { CallExpression };
