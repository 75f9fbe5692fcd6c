// Facts the unbounded-concurrency rule needs about loops and collections, from syntax: how
// many items a loop or an array method goes over (bounded by the code, or by input), whether
// each iteration waits, and whether work goes through a concurrency limiter.
import { SyntaxKind, type CallExpression, type Node, type VariableDeclaration } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import {
  callArguments,
  calleeParts,
  forEachDescendant,
  isLoop,
  referenceName,
  skipOuterExpressions,
  textOf,
  isConstList,
  enclosingClass,
} from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import { boundNames } from "../../analysis/binding-names";
import { classGrows, fileGrows } from "./grown-names";

/** Array methods that call their callback once per item, synchronously. */
export const iterationMethods = new Set(["forEach", "map", "flatMap", "filter", "some", "every", "reduce", "find"]);

/** Where one item's work starts: a loop statement, or the callback of an array method. */
export interface IterationScope {
  kind: "loop" | "callback";
  /** The loop statement, or the array method call (`xs.forEach(cb)`). */
  node: Node;
  /** The loop body, or the callback function. */
  body: Node;
  /** What is iterated: `xs` in `for (const x of xs)` / `xs.forEach(...)`; undefined for while/for(;;). */
  collection?: Node;
}

/** Functions that run synchronously where they are written (so their work is started per iteration). */
function isSyncInvoked(fn: Node): boolean {
  let outer = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (!parent) return false;
  if (parent.kind === SyntaxKind.NewExpression) {
    return textOf((parent as unknown as { expression: Node }).expression) === "Promise";
  }
  if (parent.kind === SyntaxKind.CallExpression) {
    const call = parent as CallExpression;
    if (call.expression === outer) return true; // IIFE
    const parts = calleeParts(call.expression);
    return !!parts && iterationMethods.has(parts.nameNode.text) && call.arguments[0] === outer;
  }
  return false;
}

/**
 * The iteration that starts this node's work, if any: walks out through blocks and through
 * functions that run synchronously (array callbacks, Promise executors, IIFEs), and stops at
 * other functions (a callback given to `limit(...)` or an event runs later, not per iteration).
 */
export function iterationScopeOf(node: Node): IterationScope | undefined {
  let child = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    if (isLoop(n)) {
      const body = (n as unknown as { statement: Node }).statement;
      if (child !== body) continue; // in the loop's header
      const collection =
        n.kind === SyntaxKind.ForOfStatement || n.kind === SyntaxKind.ForInStatement ? (n as unknown as { expression: Node }).expression : undefined;
      return { kind: "loop", node: n, body, ...(collection ? { collection } : {}) };
    }
    if (isFunctionLike(n)) {
      if (!isSyncInvoked(n)) return undefined;
      let outer: Node = n;
      while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
      const call = outer.parent as CallExpression;
      const parts = call.kind === SyntaxKind.CallExpression ? calleeParts(call.expression) : undefined;
      if (parts && iterationMethods.has(parts.nameNode.text) && parts.receiverExpression) {
        return { kind: "callback", node: call, body: n, collection: parts.receiverExpression };
      }
    }
  }
  return undefined;
}

/** Whether the loop body waits (an `await` not inside a nested function) before the next item. */
export function awaitsPerIteration(scope: IterationScope): boolean {
  // `for await` waits for the next item, not for the work started on the last one: only the body counts.
  if (scope.kind === "callback") return false; // the array method does not wait for the callback
  let found = false;
  forEachDescendant(
    scope.body,
    n => {
      if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.YieldExpression) found = true;
    },
    true,
  );
  return found;
}

const chunkNames = /(^|[^a-z])(chunk|batch|page|slice|group|window|bucket|part)(s|es)?([^a-z]|$)|^(chunk|batch|page|slice|group|window|bucket|part)/i;
/**
 * What a program is configured with rather than fed: its transports, providers, regions, deploy
 * environments, replicas. A handful, set by whoever deploys it.
 */
const configWords = new Set([
  "transport",
  "provider",
  "endpoint",
  "upstream",
  "replica",
  "shard",
  "region",
  "peer",
  "host",
  "mirror",
  "gateway",
  "backend",
  "adapter",
  "environment",
  "env",
  "datacenter",
  "zone",
  "exporter",
  "sink",
  "broker",
  "locale",
  "config",
  "configuration",
  "definition",
  "setting",
  "manifest",
  "registry",
  "resolver",
  "manager",
]);
/** camelCase / snake_case words of a name, lower-cased and singular: `knownEnvironments` → known, environment. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_$]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase().replace(/(ie)?s$/, m => (m === "ies" ? "y" : "")));
}
const configNames = { test: (name: string) => words(name).some(w => configWords.has(w)) };
/** `REGIONS`, `AUTH_PROVIDERS_CATALOG`: module constants, written in the code. */
const constantName = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{2,}[0-9]*$/;
const sizedNames = /concurren|parallel|worker|thread|cpu|pool|limit|max|size|count|num|slots|width/i;

/**
 * Whether a collection's size is set by the code rather than by input: array literals of fixed
 * elements, constants declared that way (and never pushed to), fixed-size slices and chunks,
 * `Array.from({ length: n })`, `Object.keys` of an object literal. `isTuple` comes from types.
 */
export function isBoundedCollection(collection: Node, isTuple: (node: Node) => boolean, depth = 0): boolean {
  // Chains of ternaries, spreads and transforms thousands deep (generated code): no proof, and no deeper stack.
  if (depth > 16) return false;
  let c = skipOuterExpressions(collection);
  if (c.kind === SyntaxKind.AwaitExpression) c = skipOuterExpressions((c as unknown as { expression: Node }).expression);
  // Syntax first; the tuple question is a round trip to the checker.
  return boundedBySyntax(c, isTuple, depth) || isTuple(c);
}

function boundedBySyntax(c: Node, isTuple: (node: Node) => boolean, depth: number): boolean {
  switch (c.kind) {
    case SyntaxKind.ConditionalExpression: {
      const cond = c as unknown as { whenTrue: Node; whenFalse: Node };
      // Both branches asked, not short-circuited: phase 1 runs this with a `isTuple` that requests
      // types and answers false, and must meet every node phase 2 can ask about.
      const whenTrue = isBoundedCollection(cond.whenTrue, isTuple, depth + 1);
      const whenFalse = isBoundedCollection(cond.whenFalse, isTuple, depth + 1);
      return whenTrue && whenFalse;
    }
    case SyntaxKind.ArrayLiteralExpression: {
      const elements = (c as unknown as { elements: readonly Node[] }).elements;
      // Every spread asked (no short circuit), as for the conditional above.
      return elements
        .map(e => e.kind !== SyntaxKind.SpreadElement || isBoundedCollection((e as unknown as { expression: Node }).expression, isTuple, depth + 1))
        .every(Boolean);
    }
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return true;
    case SyntaxKind.ObjectLiteralExpression: // Array.from({ length: n }, ...): sized by the code, unless by a collection
      return !inputSized(c);
    case SyntaxKind.Identifier: {
      const name = textOf(c)!;
      if (chunkNames.test(name) || configNames.test(name) || constantName.test(name)) return true;
      return depth < 8 && constArrayDeclaration(c, name, isTuple, depth);
    }
    case SyntaxKind.PropertyAccessExpression: {
      const name = textOf((c as unknown as { name: Node }).name)!;
      if (chunkNames.test(name) || configNames.test(name) || constantName.test(name)) return true;
      if (skipOuterExpressions((c as unknown as { expression: Node }).expression).kind === SyntaxKind.ThisKeyword && classListsIt(c, name, isTuple, depth))
        return true;
      // `this.config.services`, `definition.ranges`: read from the program's configuration.
      for (
        let r = skipOuterExpressions((c as unknown as { expression: Node }).expression);
        ;
        r = skipOuterExpressions((r as unknown as { expression: Node }).expression)
      ) {
        const part = referenceName(r);
        if (part && (configNames.test(part) || constantName.test(part))) return true;
        if (r.kind !== SyntaxKind.PropertyAccessExpression) return false;
      }
    }
    case SyntaxKind.CallExpression: {
      const call = c as CallExpression;
      const parts = calleeParts(call.expression);
      if (!parts) return false;
      const name = parts.nameNode.text;
      const args = callArguments(call);
      // xs.slice(i, i + 10), xs.splice(0, 10): a fixed-size window.
      // xs.slice(1) is the rest of the list, not a window: decided here, before the name reads as a chunk.
      if (name === "slice" || name === "splice" || name === "subarray") return args.length >= 2;
      if (chunkNames.test(name) || /^(range|times)$/.test(name)) return true;
      // Array.from({ length: n }, ...), Array(n).fill(), new Array(n)
      if (name === "from" && parts.receiver?.text === "Array" && args[0]) {
        const first = skipOuterExpressions(args[0]);
        if (first.kind === SyntaxKind.ObjectLiteralExpression) return true;
        return isBoundedCollection(first, isTuple, depth + 1);
      }
      if (name === "fill" && parts.receiverExpression)
        return isBoundedCollection(parts.receiverExpression, isTuple, depth + 1) || /^(new\s+)?Array\s*\(/.test(parts.receiverExpression.getText());
      if (name === "Array" && !parts.receiverExpression) return args.length <= 1 && !args.some(inputSized);
      // Object.keys(literal or constant)
      if ((name === "keys" || name === "values" || name === "entries") && parts.receiver?.text === "Object" && args[0]) {
        const target = skipOuterExpressions(args[0]);
        if (target.kind === SyntaxKind.ObjectLiteralExpression) return true;
        if (isBoundedCollection(target, isTuple, depth + 1)) return true; // constants, configuration
        return target.kind === SyntaxKind.Identifier && constObjectDeclaration(target, textOf(target)!);
      }
      // keys(x) / values(x) / entries(x) of a helper library: Object.keys and friends.
      if ((name === "keys" || name === "values" || name === "entries") && !parts.receiverExpression && args.length === 1) {
        const target = skipOuterExpressions(args[0]!);
        return isBoundedCollection(target, isTuple, depth + 1) || (target.kind === SyntaxKind.Identifier && constObjectDeclaration(target, textOf(target)!));
      }
      // [...new Array(concurrency).keys()]: a pool of workers sized by the code.
      if ((name === "keys" || name === "values" || name === "entries") && parts.receiverExpression && parts.receiver?.text !== "Object") {
        return isBoundedCollection(parts.receiverExpression, isTuple, depth + 1);
      }
      // As many results as inputs: `await Promise.all(bounded.map(...))`
      if ((name === "all" || name === "allSettled") && parts.receiver?.text === "Promise" && args[0]) return isBoundedCollection(args[0], isTuple, depth + 1);
      // A transformed bounded collection: consts.filter(...).map(...)
      if (
        (name === "filter" || name === "map" || name === "flat" || name === "concat" || name === "reverse" || name === "sort" || name === "toSorted") &&
        parts.receiverExpression
      ) {
        return isBoundedCollection(parts.receiverExpression, isTuple, depth + 1);
      }
      return false;
    }
    case SyntaxKind.NewExpression: {
      const name = textOf(skipOuterExpressions((c as unknown as { expression: Node }).expression));
      const args = callArguments(c);
      return name === "Array" && args.length <= 1 && !args.some(inputSized);
    }
  }
  return false;
}

/**
 * `this.files` where the class declares `get files() { return [a, b, c] }` (or a field set to a
 * fixed list it never grows): a list written in the code.
 */
function classListsIt(access: Node, name: string, isTuple: (node: Node) => boolean, depth: number): boolean {
  const cls = enclosingClass(access);
  if (!cls || depth > 6) return false;
  for (const member of (cls as unknown as { members: readonly Node[] }).members) {
    if (textOf((member as unknown as { name?: Node }).name) !== name) continue;
    if (member.kind === SyntaxKind.GetAccessor) {
      // Every `return` gives a fixed list.
      const body = (member as unknown as { body?: Node }).body;
      const returned: (Node | undefined)[] = [];
      if (body)
        forEachDescendant(
          body,
          n => {
            if (n.kind === SyntaxKind.ReturnStatement) returned.push((n as unknown as { expression?: Node }).expression);
          },
          true,
        );
      return (
        returned.length > 0 &&
        returned
          .map(r => !!r && skipOuterExpressions(r).kind === SyntaxKind.ArrayLiteralExpression && isBoundedCollection(r, isTuple, depth + 1))
          .every(Boolean)
      );
    }
    if (member.kind === SyntaxKind.PropertyDeclaration) {
      const init = (member as unknown as { initializer?: Node }).initializer;
      const grown = classGrows(cls, name);
      return !!init && skipOuterExpressions(init).kind === SyntaxKind.ArrayLiteralExpression && !grown && isBoundedCollection(init, isTuple, depth + 1);
    }
  }
  return false;
}

/** `xs.length`, `set.size`: a size that comes from a collection. */
function inputSized(node: Node): boolean {
  const text = node.getText();
  return /\.\s*(length|size)\b/.test(text) && !/Math\.min\s*\(/.test(text); // Math.min(10, xs.length) is capped
}

/** The bound of a counting loop `for (let i = 0; i < n; i++)`: a number or constant, not a collection's length. */
export function countingLoopBound(loop: Node): "bounded" | { collection: Node } | undefined {
  if (loop.kind !== SyntaxKind.ForStatement) return undefined;
  const condition = (loop as unknown as { condition?: Node }).condition;
  if (!condition || condition.kind !== SyntaxKind.BinaryExpression) return undefined;
  const bin = condition as unknown as { left: Node; right: Node; operatorToken: Node };
  const op = bin.operatorToken.kind;
  const limit =
    op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken
      ? bin.right
      : op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken
        ? bin.left
        : undefined;
  if (!limit) return undefined;
  const l = skipOuterExpressions(limit);
  if (l.kind === SyntaxKind.PropertyAccessExpression) {
    const name = textOf((l as unknown as { name: Node }).name);
    if (name === "length" || name === "size") return { collection: (l as unknown as { expression: Node }).expression };
  }
  if (l.kind === SyntaxKind.NumericLiteral) return "bounded";
  // `i < workers`, `i < os.cpus().length` (cpus is code-controlled), `i < this.poolSize`
  const text = l.getText();
  if (/cpus\(\)\.length|availableParallelism/.test(text) || sizedNames.test(text)) return "bounded";
  return undefined;
}

function constArrayDeclaration(ref: Node, name: string, isTuple: (node: Node) => boolean, depth: number): boolean {
  const decl = findDeclaration(ref, name);
  // `const [users, groups] = await Promise.all([a(), b()])`: the outer array is fixed, not what each element holds.
  if (!decl || decl.name.kind !== SyntaxKind.Identifier) return false;
  const list = decl.parent;
  if (!isConstList(list)) return false;
  const init = decl.initializer;
  if (!init) return false;
  let i = skipOuterExpressions(init);
  if (i.kind === SyntaxKind.AwaitExpression) i = skipOuterExpressions((i as unknown as { expression: Node }).expression);
  if (i.kind !== SyntaxKind.ArrayLiteralExpression && i.kind !== SyntaxKind.CallExpression && i.kind !== SyntaxKind.NewExpression) return false;
  // Never grown: no `name.push(`/`unshift(`/`splice(` anywhere in the file.
  if (fileGrows(ref.getSourceFile(), name)) return false;
  return isBoundedCollection(i, isTuple, depth + 1);
}

function constObjectDeclaration(ref: Node, name: string): boolean {
  const decl = findDeclaration(ref, name);
  if (!decl || !isConstList(decl.parent)) return false;
  const init = decl.initializer;
  return !!init && skipOuterExpressions(init).kind === SyntaxKind.ObjectLiteralExpression;
}

/**
 * The variable declaration a name refers to, looking outwards through enclosing blocks (syntax
 * only). A nearer binding of the name that is not such a declaration shadows the outer ones: a
 * function's parameter, a loop's variable, a catch clause's (`async (args) => ...` inside a module
 * with `const args = process.argv.slice(2)` is the parameter): then there is none.
 */
export function findDeclaration(ref: Node, name: string): VariableDeclaration | undefined {
  for (let scope = ref.parent; scope; scope = scope.parent) {
    const found = declarationsIn(scope)?.get(name);
    if (found) return found;
    const shadow = shadowingBinding(scope, name);
    if (shadow === "other") return undefined;
    if (shadow) return shadow;
  }
  return undefined;
}

/** A binding of `name` that `scope` makes outside its statements: a `for (let ...)` declaration, or "other" (a parameter, a loop's or catch clause's variable). */
function shadowingBinding(scope: Node, name: string): VariableDeclaration | "other" | undefined {
  const s = scope as unknown as { parameters?: readonly { name: Node }[]; initializer?: Node; variableDeclaration?: { name: Node } };
  if (isFunctionLike(scope)) return s.parameters?.some(p => boundNames(p.name).includes(name)) ? "other" : undefined;
  if (scope.kind === SyntaxKind.CatchClause) return s.variableDeclaration && boundNames(s.variableDeclaration.name).includes(name) ? "other" : undefined;
  if (scope.kind !== SyntaxKind.ForStatement && scope.kind !== SyntaxKind.ForOfStatement && scope.kind !== SyntaxKind.ForInStatement) return undefined;
  if (s.initializer?.kind !== SyntaxKind.VariableDeclarationList) return undefined;
  const declarations = (s.initializer as unknown as { declarations: readonly VariableDeclaration[] }).declarations;
  const declared = declarations.find(d => boundNames(d.name).includes(name));
  if (!declared) return undefined;
  return scope.kind === SyntaxKind.ForStatement ? declared : "other";
}

/**
 * The first `const`/`let`/`var` declaration of each name among a block's (or file's) statements,
 * indexed once per block: a file of thousands of top-level statements is not scanned per question.
 */
const declarationIndexes = new WeakMap<Node, Map<string, VariableDeclaration> | null>();
function declarationsIn(scope: Node): Map<string, VariableDeclaration> | undefined {
  let index = declarationIndexes.get(scope);
  if (index === undefined) {
    const statements = (scope as unknown as { statements?: readonly Node[] }).statements;
    index = statements ? new Map() : null;
    for (const s of statements ?? []) {
      if (s.kind !== SyntaxKind.VariableStatement) continue;
      for (const d of (s as unknown as { declarationList: { declarations: readonly VariableDeclaration[] } }).declarationList.declarations) {
        for (const bound of boundNames(d.name)) if (!index!.has(bound)) index!.set(bound, d);
      }
    }
    declarationIndexes.set(scope, index);
  }
  return index ?? undefined;
}

const pageWords = /\b(limit|pageSize|perPage|per_page|take|first|top|maxResults|batchSize|pagination)\b|paginat/i;
const arrayTransforms = new Set(["filter", "map", "flatMap", "slice", "concat", "sort", "toSorted", "reverse", "flat"]);

/**
 * The collection was fetched a page at a time: it comes (through destructuring, property reads
 * and array transforms) from a call given a `limit`/`pageSize`/`pagination`, or from a
 * `paginate...()` call. Its size is set by the code.
 */
export function fetchedWithLimit(collection: Node, depth = 0): boolean {
  if (depth > 4) return false;
  let n = skipOuterExpressions(collection);
  if (n.kind === SyntaxKind.AwaitExpression) n = skipOuterExpressions((n as unknown as { expression: Node }).expression);
  if (n.kind === SyntaxKind.CallExpression) {
    const parts = calleeParts((n as CallExpression).expression);
    if (parts && arrayTransforms.has(parts.nameNode.text) && parts.receiverExpression) return fetchedWithLimit(parts.receiverExpression, depth + 1);
    return pageWords.test(n.getText());
  }
  if (n.kind === SyntaxKind.ArrayLiteralExpression) {
    const spreads = (n as unknown as { elements: readonly Node[] }).elements.filter(e => e.kind === SyntaxKind.SpreadElement);
    return (
      spreads.length > 0 &&
      spreads.every(e => {
        const inner = (e as unknown as { expression: Node }).expression;
        return isBoundedCollection(inner, () => false) || fetchedWithLimit(inner, depth + 1);
      })
    );
  }
  if (n.kind === SyntaxKind.ConditionalExpression) {
    const c = n as unknown as { whenTrue: Node; whenFalse: Node };
    return [c.whenTrue, c.whenFalse].every(b => isBoundedCollection(b, () => false) || fetchedWithLimit(b, depth + 1));
  }
  while (n.kind === SyntaxKind.PropertyAccessExpression) n = skipOuterExpressions((n as unknown as { expression: Node }).expression);
  if (n.kind !== SyntaxKind.Identifier) return false;
  const name = textOf(n)!;
  const decl = findDeclaration(n, name);
  if (!decl) return false;
  if (decl.initializer) return fetchedWithLimit(decl.initializer, depth + 1);
  // `let response; ... response = await search({ limit })`
  const scope = decl.parent?.parent?.parent;
  if (!scope) return false;
  // The assignments' right sides, from the tree (a text match ran on to the next `;`, which code
  // without semicolons puts far away).
  const assigned: string[] = [];
  forEachDescendant(
    scope,
    a => {
      if (a.kind !== SyntaxKind.BinaryExpression) return;
      const b = a as unknown as { left: Node; right: Node; operatorToken: Node };
      if (b.operatorToken.kind === SyntaxKind.EqualsToken && textOf(skipOuterExpressions(b.left)) === name) assigned.push(b.right.getText());
    },
    false,
  );
  // `result = await afterOperation({ result })`: a step over the page already fetched, not a new fetch.
  const own = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
  const fetches = assigned.filter(right => !own.test(right));
  return fetches.length > 0 && fetches.every(right => pageWords.test(right));
}

/** Whether some call in `node` goes through a limiter: a configured name, a limiter variable, or a semaphore's `acquire`. */
export function usesLimiter(node: Node, limiterNames: ReadonlySet<string>, limiterPattern: RegExp): boolean {
  let found = false;
  const check = (n: Node) => {
    if (found || n.kind !== SyntaxKind.CallExpression) return;
    const parts = calleeParts((n as CallExpression).expression);
    if (!parts) return;
    // The function's own name must be a configured limiter; objects it is called on (`this.jobQueue.add`) may also match the pattern.
    const receivers: string[] = [];
    for (let r: Node | undefined = parts.receiverExpression; r; ) {
      const s = skipOuterExpressions(r);
      if (s.kind === SyntaxKind.Identifier) {
        receivers.push(textOf(s)!);
        break;
      }
      if (s.kind === SyntaxKind.PropertyAccessExpression) {
        receivers.push(textOf((s as unknown as { name: Node }).name)!);
        r = (s as unknown as { expression: Node }).expression;
        continue;
      }
      break;
    }
    if (
      limiterNames.has(parts.nameNode.text) ||
      receivers.some(name => limiterNames.has(name) || limiterPattern.test(name)) ||
      parts.nameNode.text === "acquire" ||
      parts.nameNode.text === "runExclusive"
    )
      found = true;
  };
  if (node.kind === SyntaxKind.CallExpression) check(node);
  forEachDescendant(node, check);
  return found;
}

/** Operations on resources that already exist (closing N open servers opens nothing new). */
const lifecycleNames =
  /^(run|start|restart|resume|init|initialize|activate|close|stop|destroy|end|terminate|disconnect|dispose|shutdown|kill|abort|cancel|unsubscribe|unref|quit|release|teardown|flush|drain|cleanup|clear|unregister|detach|unload|deactivate|unwatch|off|removeListener|removeAllListeners|emit|resolve|reject|setImmediate|resume|pause|closeAll|return|throw|next|uninstall)$/i;
/** `endSession`, `closeConnection`, `destroyAll`: lifecycle verbs with an object. */
const lifecyclePrefix =
  /^(close|end|stop|destroy|terminate|disconnect|dispose|shutdown|kill|abort|cancel|unsubscribe|release|teardown|flush|cleanup|clear|unregister|detach|deactivate)[A-Z]\w*$/;
/** Work that computes rather than waits on a resource (signing, hashing, parsing, rendering). */
const cpuOnlyNames =
  /^present[A-Z]\w*$|^(sign|signMessage|signTypedData|verify|hash|digest|encode|decode|serialize|deserialize|parse|stringify|format|validate|compile|render|encrypt|decrypt|compress|decompress|normalize|sanitize|evaluate|keccak256|sha256|toString|toJSON)$/;
const hookCollections =
  /listener|handler|hook|callback|subscriber|plugin|middleware|observer|watcher|interceptor|reporter|extension|disposer|teardown|cleanup/i;

/**
 * The work is "run what is already there": lifecycle operations on existing resources, or calling
 * registered callbacks (`listeners.map(l => l(event))`). Its width is the number of things the
 * program itself set up, not the size of input.
 */
export function isLifecycleOrHookWork(work: Node, callback: FunctionLike | undefined, collection: Node | undefined): boolean {
  const calls: CallExpression[] = [];
  // The calls the work makes now: nested functions run later, except a `new Promise` executor.
  walkPruned(
    work,
    n => {
      if (n.kind === SyntaxKind.CallExpression) calls.push(n as CallExpression);
      return !(
        isFunctionLike(n) &&
        n !== work &&
        !(n.parent?.kind === SyntaxKind.NewExpression && textOf((n.parent as unknown as { expression: Node }).expression) === "Promise")
      );
    },
    true,
  );
  if (!calls.length) return false;
  const params = new Set<string>();
  for (const p of (callback as unknown as { parameters?: readonly { name: Node }[] } | undefined)?.parameters ?? []) {
    const t = textOf(p.name);
    if (t) params.add(t);
  }
  // The items are configurations: `managers.map(async managerConfig => ...)`.
  if ([...params].some(p => configNames.test(p))) return true;
  // Registered things asked to do their part: `plugins.map(p => p.init(ctx))`.
  const hooks = !!collection && hookCollections.test(lastName(collection) ?? "");
  if (
    hooks &&
    calls.some(call => {
      const parts = calleeParts(call.expression);
      return !!parts?.receiver && params.has(parts.receiver.text);
    })
  )
    return true;
  // Every call works on configuration (`this.environmentStore.updateSortOrder(...)`), is a
  // lifecycle method, or calls an item itself.
  const onConfiguration = (call: CallExpression) => {
    for (let r = calleeParts(call.expression)?.receiverExpression; r; r = (r as unknown as { expression?: Node }).expression) {
      const s = skipOuterExpressions(r);
      const part = referenceName(s);
      if (part && configNames.test(part)) return true;
      if (s.kind !== SyntaxKind.PropertyAccessExpression) return false;
      r = s;
    }
    return false;
  };
  if (calls.every(onConfiguration)) return true;
  return calls.every(call => {
    const parts = calleeParts(call.expression);
    if (!parts) return false;
    if (lifecycleNames.test(parts.nameNode.text) || lifecyclePrefix.test(parts.nameNode.text) || cpuOnlyNames.test(parts.nameNode.text)) return true;
    // Event dispatch: `connections.map(c => c.onIssueComment(e))`, `this.handleEvent(msg, connection)`.
    if (/^(on|handle)[A-Z]/.test(parts.nameNode.text)) return true;
    if (!parts.receiverExpression && params.has(parts.nameNode.text)) return true;
    if (parts.receiver && params.has(parts.receiver.text) && /^(call|apply|run|handle|invoke|execute|fn|callback)$/.test(parts.nameNode.text)) return true;
    // Promise plumbing around the work (Promise.resolve, .then/.catch/.finally) and built-ins that start nothing.
    if (
      /^(then|catch|finally)$/.test(parts.nameNode.text) ||
      /^(Promise|console|Object|Reflect|JSON|Math|Array|Number|String)$/.test(parts.receiver?.text ?? "")
    )
      return true;
    return false;
  });
}

export function lastName(node: Node, depth = 0): string | undefined {
  const n = skipOuterExpressions(node);
  if (depth > 16) return undefined;
  if (n.kind === SyntaxKind.Identifier) return textOf(n);
  if (n.kind === SyntaxKind.PropertyAccessExpression) return textOf((n as unknown as { name: Node }).name);
  if (n.kind === SyntaxKind.CallExpression) {
    const parts = calleeParts((n as CallExpression).expression);
    if (parts && (parts.nameNode.text === "values" || parts.nameNode.text === "keys" || parts.nameNode.text === "entries" || parts.nameNode.text === "from")) {
      const arg = callArguments(n)[0] ?? parts.receiverExpression;
      return arg ? lastName(arg, depth + 1) : undefined;
    }
    return parts?.nameNode.text;
  }
  return undefined;
}

export { isAsyncFunction };
