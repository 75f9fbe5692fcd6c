// Ends that a function of the project (found by symbol, in any file of the project, also a method)
// looks after: a stream the function makes and returns, whose every result is covered where the
// function lives (it listens for the stream's errors before returning it, or builds it in memory;
// also a property of the object it returns, destructured by the caller),
// and a stream handed to a function whose parameter in that place gets an 'error' listener (a
// helper imported from another file). Syntax in the other file, read through the project; the
// same file's factories and helpers are already followed by name (in-memory-streams.ts, pipe-ends.ts).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { callArguments, calleeParts, forEachDescendant, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { assignsTo, lifetimeScope, maxDepth, referenceKey } from "./end-names";
import { functionsNamed, resultsOf } from "./file-lookups";
import { uncoveredValues } from "./pipe-ends";
import { nameHandlesErrors } from "./stream-ends";

/**
 * The project's function a call's callee names (or the constructor of the class a `new` makes): by
 * symbol, not a library's, with a body.
 */
function projectFunction(fa: FileAnalysis, call: Node): Node | undefined {
  const callee = skipOuterExpressions(get(call, "expression"));
  let name: Node | undefined = callee.kind === SyntaxKind.Identifier ? callee : calleeParts(callee)?.nameNode;
  let fn: Node | undefined;
  // One more step for a name given another function (`var make_default = make`, a bundler's export).
  for (let step = 0; name && step < 2; step++) {
    const local = fa.queries.lateSymbolOf(name);
    const symbol = local && fa.queries.resolveAlias(local);
    const where = symbol && fa.queries.declarationOf(symbol);
    if (!symbol || !where || where.isExternal) return undefined;
    fn = fa.queries.declarationNode(symbol);
    // The project's declaration file beside its JavaScript (a package that ships `x.d.ts` for `x.js`): the function in the `.js`.
    if (/\.d\.[cm]?ts$/.test(where.fileName)) return call.kind === SyntaxKind.CallExpression ? functionBeside(fa, where.fileName, fn) : undefined;
    if (fn && (fn.kind === SyntaxKind.VariableDeclaration || fn.kind === SyntaxKind.PropertyAssignment || fn.kind === SyntaxKind.PropertyDeclaration))
      fn = get<Node | undefined>(fn, "initializer");
    fn = fn && skipOuterExpressions(fn);
    name = fn?.kind === SyntaxKind.Identifier ? fn : undefined;
  }
  if (fn && call.kind === SyntaxKind.NewExpression && (fn.kind === SyntaxKind.ClassDeclaration || fn.kind === SyntaxKind.ClassExpression))
    fn = get<readonly Node[]>(fn, "members").find(m => m.kind === SyntaxKind.Constructor);
  return fn && isFunctionLike(fn) && get<Node | undefined>(fn, "body") ? fn : undefined;
}

/**
 * The function a project's `.d.ts` declares (`export default function label(...)`), read in the
 * `.js` beside it: the only function of that name there with a body.
 */
function functionBeside(fa: FileAnalysis, declarationFile: string, declaration: Node | undefined): Node | undefined {
  const name = declaration && textOf(get<Node | undefined>(declaration, "name"));
  const source = name ? fa.project?.analysisOf(declarationFile.replace(/\.d\.([cm]?)ts$/, ".$1js"))?.sourceFile : undefined;
  const found = source ? functionsNamed(source, name!).filter(f => get<Node | undefined>(f, "body")) : [];
  return found.length === 1 ? found[0] : undefined;
}

/** What the rule's decide phase judges by type for the results of a function of the project. */
export interface ProjectResultChecks {
  /** A value in memory by its type (the project's own stream class made in the function). */
  inMemory?: (value: Node) => boolean;
  /** The argument a call passes for a parameter the function returns as given, judged at the call. */
  handedIn?: (argument: Node) => boolean;
}

/**
 * `make()`, `this.stream()`, `channel.open()`: a call of a function of the project whose every
 * result, judged where that function lives, needs no 'error' listener from the caller (the
 * function listens for its errors, or builds it in memory). A result that is itself such a call is
 * followed a few levels down. A parameter the function returns as given (`function label(out) {
 * if (!on) return out; const t = prefixer(); t.pipe(out); return t; }`) is the argument the call
 * passes there, judged at the call by `checks.handedIn` (session 23).
 */
export function madeCoveredByProject(fa: FileAnalysis, value: Node, depth = 0, checks: ProjectResultChecks = {}): boolean {
  let e = skipOuterExpressions(value);
  // `const { readable, writable } = parser.make()`: the property of each object the function returns (session 25).
  const destructured = e.kind === SyntaxKind.Identifier ? destructuredFromCall(e) : undefined;
  if (destructured) e = destructured.call;
  if (e.kind !== SyntaxKind.CallExpression || depth >= maxDepth) return false;
  const fn = projectFunction(fa, e);
  if (!fn) return false;
  const bindings = fn.getSourceFile() === fa.sourceFile ? fa.bindings : fa.project?.analysisOf(fn.getSourceFile().fileName)?.bindings;
  if (!bindings) return false;
  let results = memoizedOnce(fn, resultsOf(fn));
  if (destructured) {
    const properties = results.map(r => propertyValue(r, destructured.property));
    if (properties.some(p => !p)) return false;
    results = properties as Node[];
  }
  const call = e;
  return (
    results.length > 0 &&
    results.every(r =>
      uncoveredValues(r, bindings, 0, false).every(
        left => madeCoveredByProject(fa, left, depth + 1, checks) || !!checks.inMemory?.(left) || returnedArgumentCovered(fn, call, left, checks),
      ),
    )
  );
}

/**
 * `name` bound by `const { name } = f()` or `const { prop: name } = f()` (a plain call, no default
 * value) in the scope it lives in, and never assigned there again: the call and the property.
 */
function destructuredFromCall(name: Node): { call: Node; property: string } | undefined {
  const text = textOf(name)!;
  const scope = lifetimeScope(name);
  let found: { call: Node; property: string } | undefined;
  let other = false;
  forEachDescendant(scope, n => {
    if (other) return;
    if (n.kind === SyntaxKind.VariableDeclaration) {
      const binding = get<Node>(n, "name");
      if (binding.kind === SyntaxKind.Identifier) {
        if (textOf(binding) === text) other = true;
        return;
      }
      if (binding.kind !== SyntaxKind.ObjectBindingPattern) return;
      for (const element of get<readonly Node[]>(binding, "elements")) {
        if (textOf(get<Node>(element, "name")) !== text) continue;
        const init = get<Node | undefined>(n, "initializer");
        const call = init && skipOuterExpressions(init);
        const property = textOf(get<Node | undefined>(element, "propertyName") ?? get<Node>(element, "name"));
        if (
          found ||
          !call ||
          call.kind !== SyntaxKind.CallExpression ||
          !property ||
          get<Node | undefined>(element, "initializer") ||
          get(element, "dotDotDotToken")
        )
          other = true;
        else found = { call, property };
      }
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      if (referenceKey(skipOuterExpressions(get(n, "left"))) === text) other = true;
    }
  });
  return other ? undefined : found;
}

/** The value of property `name` of an object literal a function returns (`{ writable }`, `{ writable: w }`). */
function propertyValue(result: Node, name: string): Node | undefined {
  const r = skipOuterExpressions(result);
  if (r.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  let value: Node | undefined;
  for (const p of get<readonly Node[]>(r, "properties")) {
    if (p.kind === SyntaxKind.SpreadAssignment) return undefined;
    if (textOf(get<Node | undefined>(p, "name")) !== name) continue;
    if (p.kind === SyntaxKind.ShorthandPropertyAssignment) value = get(p, "name");
    else if (p.kind === SyntaxKind.PropertyAssignment) value = get(p, "initializer");
    else return undefined;
  }
  return value;
}

/**
 * `left` is a parameter of `fn` that it returns as given (`return out`, never assigned in `fn`):
 * the value is the argument `call` passes in its place, covered when `checks.handedIn` says so.
 */
function returnedArgumentCovered(fn: Node, call: Node, left: Node, checks: ProjectResultChecks): boolean {
  const l = skipOuterExpressions(left);
  if (!checks.handedIn || l.kind !== SyntaxKind.Identifier || lifetimeScope(l) !== fn) return false;
  const name = textOf(l)!;
  const index = (get<readonly Node[] | undefined>(fn, "parameters") ?? []).findIndex(
    p => !get<Node | undefined>(p, "dotDotDotToken") && get<Node>(p, "name").kind === SyntaxKind.Identifier && textOf(get(p, "name")) === name,
  );
  if (index < 0 || assignsTo(get(fn, "body"), name)) return false;
  const argument = callArguments(call)[index];
  return !!argument && checks.handedIn(argument);
}

/**
 * A memoizing factory's results without its cache (`if (this.cache[k]) return this.cache[k]; const
 * s = make(); this.cache[k] = s; return s;`): a result the function itself fills from another of
 * its results (`this.cache[k] = s`) holds that result, judged once.
 */
function memoizedOnce(fn: Node, results: Node[]): Node[] {
  const text = (n: Node) =>
    skipOuterExpressions(n)
      .getText()
      .replace(/[\s!]+/g, "");
  const filled = new Set<string>();
  forEachDescendant(get(fn, "body"), n => {
    if (n.kind !== SyntaxKind.BinaryExpression || get<Node>(n, "operatorToken").kind !== SyntaxKind.EqualsToken) return;
    const right = skipOuterExpressions(get(n, "right"));
    if (right.kind === SyntaxKind.Identifier && results.some(r => text(r) === textOf(right))) filled.add(text(get(n, "left")));
  });
  return results.filter(r => !filled.has(text(r)));
}

/**
 * The end's name is handed to a function of the project (`watch(stream)`, `concat(a, b)`,
 * imported from another file; a method; a class's constructor) whose parameter in that place gets
 * an 'error' listener, or is handed to `finished()`/`pipeline()` there, or on to another such
 * function.
 */
export function handedToListeningFunction(fa: FileAnalysis, value: Node): boolean {
  const e = skipOuterExpressions(value);
  const key = referenceKey(e);
  return !!key && handedOn(fa, key, lifetimeScope(e), 0);
}

function handedOn(fa: FileAnalysis, key: string, scope: Node, depth: number): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found || (n.kind !== SyntaxKind.CallExpression && n.kind !== SyntaxKind.NewExpression)) return;
    const index = callArguments(n).findIndex(a => referenceKey(skipOuterExpressions(a)) === key);
    if (index < 0) return;
    const fn = projectFunction(fa, n);
    const parameter = fn && (get<readonly Node[] | undefined>(fn, "parameters") ?? [])[index];
    const name = parameter && get<Node>(parameter, "name");
    if (name?.kind !== SyntaxKind.Identifier) return;
    found = nameHandlesErrors(textOf(name)!, fn!) || (depth + 1 < maxDepth && handedOn(fa, textOf(name)!, fn!, depth + 1));
  });
  return found;
}
