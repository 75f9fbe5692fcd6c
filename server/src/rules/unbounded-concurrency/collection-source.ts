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
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { findDeclaration } from "./fan-out";
import { boundNames } from "../../analysis/binding-names";
import { archivePackages } from "../../analysis/io/known-packages";
import { calleeParts, enclosingFunction, forEachDescendant, referenceName, skipOuterExpressions, textOf, isConstList, sameNode } from "../../analysis/syntax";
import { globOfOneFolder } from "./glob-patterns";
import { isStrongSource, type CollectionSource, type SourceQuestions } from "./source-evidence";
import {
  arrayOf,
  configuredName,
  dataKinds,
  fetchName,
  fewKindsName,
  flatListingName,
  listingName,
  oneRecordFinderName,
  recordFinderName,
  sameWidth,
} from "./source-names";
import { isDeclaredFunction, isPublicFunction } from "../../analysis/function-visibility";
import { nameCallersUse } from "../../analysis/function-names";
import { internalCallersPass, publicCallersPass } from "./caller-arguments";
import { commaCallee } from "../../analysis/io/calls-by-name";
const maxDepth = 10;

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

/** The options of a request the program sends (`fetch(url, init)`, `request(opts)`): its `body` is the program's own. */
const outgoingOptionsName = /^_?(opts?|options|init|reqOpts|requestOptions|fetchOptions)\d*$|[a-z](Options|Opts|Init)\d*$/;
/** A response the program received (`response`, `res`, `apiResponse`): its `body` is what a service answered, not what a client sent. */
const responseName = /^_?(res|resp|response)\d*$|[a-z](Response|Resp)\d*$/;

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
      // `req.body`, `event.body`: what a client sent. Not `opts.body`, `init.body`: the body of a request
      // the program is about to send, made of its own values (session 13: an SDK's multipart form built
      // from one outgoing request's fields, 3 false).
      // Nor `response.body`: what a service answered the program (session 22: a GitHub contents
      // listing read through `got`, 2 false), which is evidence only as that call's rows.
      if (name === "body" && receiver.kind !== SyntaxKind.ThisKeyword && !outgoingOptionsName.test(textOf(receiver) ?? "")) {
        if (!responseName.test(referenceName(receiver) ?? "")) return { kind: "request", node: n };
        const answered = next(receiver);
        return answered?.kind === "rows" ? answered : undefined;
      }
      // Object state and configuration: what the program set up, not evidence of input.
      if (receiver.kind === SyntaxKind.ThisKeyword || configuredName.test(textOf(receiver) ?? "")) return undefined;
      if (name && (configuredName.test(name) || fewKindsName.test(name))) return undefined;
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
  // `(0, glob_1.glob)(...)`: compiled CommonJS calls an import through a comma.
  const callee = commaCallee(call.expression);
  const parts = calleeParts(callee);
  if (!parts) return undefined;
  const name = parts.nameNode.text;
  const receiver = parts.receiverExpression;
  if (name === "parse" && parts.receiver?.text === "JSON") return next(call.arguments[0]);
  if (listingName.test(name) || (name === "sync" && /glob|^fg$/i.test(parts.receiver?.text ?? ""))) {
    // One folder's entries are as many as that folder holds, often a handful fixed by the program
    // (a template, a cache); a tree (a glob, a walk, a recursive read) grows with what it holds.
    if (!flatListingName.test(name) && !globOfOneFolder(call, name, { args: t.args, project: t.ask.project }))
      return { kind: "listing", node: call, listing: "named" };
    return listsRecursively(call) ? { kind: "listing", node: call, listing: "recursive" } : undefined;
  }
  const root = rootName(callee);
  if (root && archivePackages.has(t.ask.moduleOf(root) ?? "")) return { kind: "archive", node: call };
  // `Object.keys(x)`, `Array.from(x, f)`, `_.values(x)`, `entries(x)`
  if (arrayOf.has(name) && call.arguments[0] && (!receiver || parts.receiver)) {
    const found = next(call.arguments[0]);
    if (found || !receiver) return found;
  }
  // `xs.filter(x => this.started.has(x))`: no more items than the object's own state holds, which
  // is not evidence (session 22: the recordings one recorder started, among a folder's files).
  if (receiver && name === "filter" && keepsMembersOfState(call.arguments[0])) return undefined;
  if (receiver && sameWidth.has(name)) return next(receiver);
  const kind = t.ask.callKind(call);
  if (kind && dataKinds.has(kind)) return { kind: "rows", node: call, by: "io", io: kind };
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
      if (isStrongSource(returned, t.ask.policy)) return returned;
    }
  }
  // By its name only (`findAll`, `listPending`): right 5 of 5 times on the tuning set; requiring the
  // summaries to see its I/O lost 2 of them (reads through dynamic dispatch) and no false one.
  if (fetchName.test(name)) {
    // `tables.find(t => ...)`: an array's own search with a predicate, one element of what it holds.
    const first = call.arguments[0] ? skipOuterExpressions(call.arguments[0]) : undefined;
    if (first && isFunctionLike(first)) return (receiver ? next(receiver) : undefined) ?? returned;
    // A read whose result is there when it returns (its type is no promise: `registry.findByTag(tag)`)
    // looks up what the program holds in memory; rows from a database or a service arrive later.
    if (t.ask.resolvesAtOnce?.(call)) return returned;
    return { kind: "rows", node: call, by: "name", ...(kind ? { io: kind } : {}), ...(isRecordFinder(call, name, kind) ? { finder: true as const } : {}) };
  }
  return returned;
}

/**
 * `await this.findAll({ where })`, `await payload.db.find({ collection })`, `await repo.findRoots()`:
 * an awaited method named for a read of many records, given no function (not an array's or a
 * library's search with a predicate), whose I/O the summaries cannot see (a call they see to
 * reach files, a process or a worker is no database read).
 */
function isRecordFinder(call: CallExpression, name: string, kind: string | undefined): boolean {
  if (!recordFinderName.test(name) || oneRecordFinderName.test(name)) return false;
  if (kind !== undefined && kind !== "async") return false;
  if (!calleeParts(commaCallee(call.expression))?.receiverExpression) return false;
  if (call.arguments.some(a => isFunctionLike(skipOuterExpressions(a)))) return false;
  let outer: Node = call;
  while (outer.parent && (outer.parent.kind === SyntaxKind.ParenthesizedExpression || outer.parent.kind === SyntaxKind.AsExpression)) outer = outer.parent;
  return outer.parent?.kind === SyntaxKind.AwaitExpression;
}

/** The policy of the questions, for the questions asked of other code. */
function policyOf(ask: SourceQuestions): Pick<SourceQuestions, "policy"> {
  return ask.policy ? { policy: ask.policy } : {};
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
  const callerAsk: SourceQuestions = { callKind: () => undefined, moduleOf: t.ask.moduleOf, ...(project ? { project } : {}), ...policyOf(t.ask) };
  const args: Arguments = { fn, values: call.arguments, outer: t.args, ask: callerAsk };
  const home = fn.getSourceFile().fileName === call.getSourceFile().fileName;
  const fa = home ? undefined : project?.analysisOf(fn.getSourceFile().fileName);
  const ask: SourceQuestions = {
    callKind: () => undefined,
    moduleOf: home ? t.ask.moduleOf : n => fa?.bindings.forLocalName(n)?.module,
    ...(project ? { project } : {}),
    ...policyOf(t.ask),
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
  const fn = enclosingFunction(call);
  const name = fn ? nameCallersUse(fn) : undefined;
  if (!fn || !name) return false;
  const body = (fn as unknown as { body?: Node }).body;
  // Called by its own name, or as `this.name(...)`: a method of another object with the same name
  // (`cache.store(...)` inside `store`) is not the function calling itself.
  const own = name.replace(/\$/g, "\\$");
  return !!body && new RegExp(`(?:(?<![\\w$.])|(?<=(?<![\\w$.])this\\s*\\.\\s*#?))${own}\\s*\\(`).test(body.getText());
}

/**
 * A `filter` predicate that keeps the items found in the object's state: `x => this.seen.has(x)`,
 * `([name]) => this.#names.includes(name)` (an arrow's expression or its one `return`). A negated
 * test (`!this.seen.has(x)`) keeps what the state does not hold, as many as the input.
 */
function keepsMembersOfState(predicate: Node | undefined): boolean {
  const fn = predicate ? skipOuterExpressions(predicate) : undefined;
  if (!fn || !isFunctionLike(fn)) return false;
  let body = (fn as unknown as { body?: Node }).body;
  if (body?.kind === SyntaxKind.Block) {
    const statements = (body as unknown as { statements: readonly Node[] }).statements;
    body =
      statements.length === 1 && statements[0]!.kind === SyntaxKind.ReturnStatement
        ? (statements[0] as unknown as { expression?: Node }).expression
        : undefined;
  }
  const test = body ? skipOuterExpressions(body) : undefined;
  if (test?.kind !== SyntaxKind.CallExpression) return false;
  const parts = calleeParts((test as CallExpression).expression);
  if (!parts?.receiverExpression || !/^(has|includes)$/.test(parts.nameNode.text)) return false;
  let state = skipOuterExpressions(parts.receiverExpression);
  while (state.kind === SyntaxKind.PropertyAccessExpression) state = skipOuterExpressions((state as unknown as { expression: Node }).expression);
  return state.kind === SyntaxKind.ThisKeyword;
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
  if (configuredName.test(name) || fewKindsName.test(name)) return undefined;
  // A `const`/`let` in an enclosing block: its initializer, and for `let` every later assignment.
  const decl = findDeclaration(id, name);
  if (decl) {
    if (decl.name.kind === SyntaxKind.Identifier) {
      const found = next(decl.initializer);
      if (found) return found;
      const list = decl.parent;
      if (list && !isConstList(list)) return assignedSource(decl, name, next);
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
      // A tool's handler on an MCP server: its first parameter is the arguments of a client's request.
      if (isToolHandlerInput(p, param, t.ask)) return { kind: "request", node: id };
      // A callback's parameters come from whoever calls it: an item (traced where it is iterated) or an event.
      if (!isDeclaredFunction(p)) return itemOfIteration(p, next);
      // Callable from other modules: what its callers in the project pass, or, when nothing in the
      // project calls it, its users' lists (input).
      if (isPublicFunction(p))
        return publicCallersPass(p, param, name, id, t, (passed, ask) => trace(passed, { depth: t.depth + 1, ask, seen: t.seen, hops: t.hops + 1 }));
      // Internal (a private method, a function the module keeps to itself): what its callers here pass.
      return internalCallersPass(p, param, name, t.ask.policy, next);
    }
  }
  return undefined;
}

const toolRegistrations = new Set(["registerTool", "tool"]);
const mcpSdk = /^@modelcontextprotocol\/sdk(\/|$)/;

/**
 * `server.registerTool(name, config, async (args) => ...)` (or `server.tool(...)`) on a server of
 * the Model Context Protocol SDK (imported, or made with `new McpServer(...)` from it): the
 * handler's first parameter is what a client sent, the body of a request.
 */
function isToolHandlerInput(fn: Node, param: unknown, ask: SourceQuestions): boolean {
  const parameters = (fn as unknown as { parameters: readonly unknown[] }).parameters;
  if (parameters[0] !== param) return false;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const args = (call as CallExpression).arguments;
  if (args[args.length - 1] !== outer) return false;
  const parts = calleeParts((call as CallExpression).expression);
  if (!parts?.receiverExpression || !toolRegistrations.has(parts.nameNode.text)) return false;
  const root = rootName(parts.receiverExpression);
  if (!root) return false;
  if (mcpSdk.test(ask.moduleOf(root) ?? "")) return true;
  const decl = findDeclaration(parts.receiverExpression, root);
  const init = decl?.initializer && skipOuterExpressions(decl.initializer);
  if (init?.kind !== SyntaxKind.NewExpression) return false;
  const made = rootName((init as unknown as { expression: Node }).expression);
  return !!made && mcpSdk.test(ask.moduleOf(made) ?? "");
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

/** Whether a binding name (identifier or pattern), or a `const x`/`let [a, b]` list, declares `name`. */
function declares(binding: Node | undefined, name: string): boolean {
  if (!binding) return false;
  if (binding.kind === SyntaxKind.VariableDeclarationList)
    return (binding as unknown as { declarations: readonly { name: Node }[] }).declarations.some(d => boundNames(d.name).includes(name));
  return boundNames(binding.kind === SyntaxKind.BindingElement ? (binding as unknown as { name?: Node }).name : binding).includes(name);
}
