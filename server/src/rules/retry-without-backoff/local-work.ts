// Retries of work that touches only this machine. Backoff and jitter spread the load of clients
// that failed together over a service that may be down or rate-limiting; a retry whose failure is
// local (a file another handle still holds, an address a previous server still binds, a server this
// program runs on the loopback address) loads no service, and waiting a constant or no time is the
// right answer (the rule's judging criteria: "false when the failure is local"). Found on real code:
// a folder delete retried on Windows only for EBUSY/ENOTEMPTY/EPERM; a management API's `listen` on
// its Unix socket, retried while the previous runtime still holds it; a readiness poll of the browser
// process a helper just spawned, at `http://127.0.0.1:<port>/json/version`.
//
// Six shapes, each read from syntax (the fourth and fifth by symbol):
//   1. the catch gives up (throws or returns) unless the error is one of some error codes, and every
//      such code is a file-system one or an address in use: `if (!isTransientDeletionError(err))
//      throw err;`, followed into this file's functions and constants (`code === "EBUSY" || code ===
//      "EPERM"`), or `if (code === "EADDRINUSE") { ... } else throw err;`;
//   2. every retried operation is a server's `listen(...)`: binding an address is local;
//   3. every retried operation's URL is written in the call with a loopback host;
//   4. every retried operation reaches only Node's file system (`unlink`, `stat`; a file another
//      handle still holds, a file another process is about to write: session 20, round 23), itself
//      or through the project's functions: the shared I/O summary (`WorkIo.kindsOf`, the facts
//      unbounded-concurrency and check-then-act-across-await read) says which kinds of I/O a call
//      can reach, however deep (issue 14: the rules share their summaries);
//   5. every retried operation waits for an in-process lock: a call, with no argument but numbers or
//      strings (a priority, a weight), of a method declared by a package whose locks live in the
//      program's memory (`await mutex.acquire()` of async-mutex, a mutex cancelled by a later
//      operation: session 27, round 38). Such a wait fails only by a cancel or a timeout of this
//      process; no service sees the next attempt. A lock of another package (a Redis or database
//      lock), a project's own lock class, and `runExclusive(fn)` (it runs the caller's work) stay
//      reported;
//   6. in a loop with a limit or a deadline, every retried operation is given a loopback URL that
//      is written in the code but reaches the call through names: a `const`, an options object's
//      `url`-like property, a module-private helper's parameter (session 37, round 53:
//      loopback-targets.ts).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { walk } from "../../analysis/walk";
import type { RetryLoop } from "./retry-loops";
import { firstCatchFilter } from "./catch-filters";
import type { WorkIo } from "../../analysis/io/work-io";
import { packageOfPath } from "../../analysis/blocking-apis";
import { partsOf } from "../../analysis/io/io-classifier";
import type { FileAnalysis } from "../rule";
import { addressesLoopbackThroughNames, loopbackUrl } from "./loopback-targets";

/**
 * Packages whose locks and semaphores live in the program's memory: waiting for one does no I/O,
 * and a failed wait (a cancel, a timeout) is this process's own. Distributed locks (Redis, a
 * database, a lock file) are not here.
 */
const inProcessLockPackages: ReadonlySet<string> = new Set(["async-mutex", "async-sema", "await-lock", "await-semaphore"]);

/**
 * Error codes of the file system (and of the process's own files), and of binding a local address
 * (a port or socket a previous server still holds): none of them comes from a service.
 */
const fileSystemCodes = new Set([
  "EACCES",
  "EADDRINUSE",
  "EBUSY",
  "EEXIST",
  "EISDIR",
  "ELOOP",
  "EMFILE",
  "ENFILE",
  "ENOENT",
  "ENOTDIR",
  "ENOTEMPTY",
  "EPERM",
  "EROFS",
  "ETXTBSY",
  "EXDEV",
]);

/** Whether the loop retries only work whose failure is local (see the file comment). */
export function retriesOnlyLocalWork(fa: FileAnalysis, retry: RetryLoop, operations: readonly Node[], io: WorkIo): boolean {
  return (
    retriedOnlyOnFileSystemErrors(retry) ||
    (operations.length > 0 &&
      operations.every(
        o =>
          bindsAnAddress(o) ||
          callsLoopback(o) ||
          callsFileSystem(o, io) ||
          waitsForInProcessLock(fa, o) ||
          // Shape 6 (loopback-targets.ts): a loopback URL given a name first, only with a limit or a deadline.
          (retry.bounded && addressesLoopbackThroughNames(o)),
      ))
  );
}

/** Phase 1: the symbols shapes 4 and 5 ask about. */
export function prepareLocalWork(fa: FileAnalysis, awaited: Node, io: WorkIo): void {
  const call = awaitedCall(awaited);
  if (!call) return;
  io.prepare(call);
  const parts = partsOf(call);
  if (parts?.receiverExpression) fa.queries.needSymbol(parts.nameNode);
}

/**
 * Shape 5: a method of an in-process lock package (its declaration lies in one of
 * `inProcessLockPackages`), called with nothing but literals: `mutex.acquire()`, `sema.acquire()`,
 * `semaphore.acquire(1, 5)`. A function argument (`runExclusive(work)`) would run the caller's work.
 */
function waitsForInProcessLock(fa: FileAnalysis, awaited: Node): boolean {
  const call = awaitedCall(awaited);
  const parts = call ? partsOf(call) : undefined;
  if (!call || !parts?.receiverExpression) return false;
  const literal = (a: Node) => {
    const k = skipOuterExpressions(a).kind;
    return k === SyntaxKind.NumericLiteral || k === SyntaxKind.StringLiteral || k === SyntaxKind.NoSubstitutionTemplateLiteral;
  };
  if (!get<readonly Node[]>(call, "arguments").every(literal)) return false;
  const symbol = fa.queries.symbolOf(parts.nameNode);
  const handle = symbol ? fa.queries.declarationHandle(symbol) : undefined;
  if (!handle || !fa.queries.isExternalPath(handle.fileName)) return false;
  const pkg = packageOfPath(handle.fileName);
  return !!pkg && inProcessLockPackages.has(pkg);
}

/**
 * Shape 4: the call reaches Node's file system (`fs`, `fs/promises`, by import or by symbol) and no
 * other I/O, itself or through the project's functions.
 */
function callsFileSystem(awaited: Node, io: WorkIo): boolean {
  const call = awaitedCall(awaited);
  if (!call) return false;
  const kinds = io.kindsOf(call);
  return kinds.size > 0 && [...kinds].every(k => k === "file");
}

/** Shape 1: the catch's error filter (`catch-filters.ts`) retries only codes, all of the file system. */
function retriedOnlyOnFileSystemErrors(retry: RetryLoop): boolean {
  // A filter that names no code (`if (!(err instanceof Error)) throw err`) is read past.
  const codes = firstCatchFilter(retry, ({ condition, retriedWhen }) => {
    const named = retriedWhen ? positiveCodes(condition) : retriedCodes(condition);
    return named && named.size > 0 ? named : undefined;
  });
  return !!codes && [...codes].every(c => fileSystemCodes.has(c));
}

/** `if (code === "EADDRINUSE") { ...go round... } else throw err;`: the codes of the condition are retried, all others end it. */
function positiveCodes(condition: Node): Set<string> | undefined {
  const codes = new Set<string>();
  const c = skipOuterExpressions(condition);
  return !/\|\|/.test(c.getText()) && collectPositiveCodes(c, codes, new Set(), 0) ? codes : undefined;
}

/**
 * The codes a give-up condition lets through to the retry: `!X` (X holds for the retried errors) or
 * `code !== "A" && code !== "B"`. Undefined when the condition is not of that form; the codes of
 * `X` are read from its text and from this file's functions and constants it names.
 */
function retriedCodes(condition: Node): Set<string> | undefined {
  const c = skipOuterExpressions(condition);
  if (c.kind === SyntaxKind.PrefixUnaryExpression && get<number>(c, "operator") === SyntaxKind.ExclamationToken) {
    const codes = new Set<string>();
    return collectPositiveCodes(get(c, "operand"), codes, new Set(), 0) ? codes : undefined;
  }
  const text = c.getText();
  const all = [...text.matchAll(/(!==?|===?)\s*["'`](E[A-Z]{2,})["'`]/g)];
  if (!all.length || all.some(m => !m[1]!.startsWith("!"))) return undefined;
  if (/\|\|/.test(text)) return undefined;
  return new Set(all.map(m => m[2]!));
}

/**
 * The error-code literals that `node`'s truth depends on, following this file's functions and
 * module-level constants it names (3 deep). False when a code is compared with `!==` (the helper
 * then holds for every other code) or a followed function returns `true` outright.
 */
function collectPositiveCodes(node: Node, codes: Set<string>, seen: Set<Node>, depth: number): boolean {
  const text = node.getText();
  if (/!==?\s*["'`]E[A-Z]{2,}["'`]|["'`]E[A-Z]{2,}["'`]\s*!==?/.test(text) || /\breturn\s+true\b/.test(text)) return false;
  for (const m of text.matchAll(/["'`](E[A-Z]{2,})["'`]/g)) codes.add(m[1]!);
  if (depth >= 3) return true;
  const sf = node.getSourceFile();
  let ok = true;
  walk(node, n => {
    if (!ok || n.kind !== SyntaxKind.Identifier) return;
    const name = textOf(n);
    if (!name) return;
    for (const target of declarationsNamed(sf, name)) {
      if (seen.has(target) || (target.pos <= node.pos && target.end >= node.end)) continue;
      seen.add(target);
      if (!collectPositiveCodes(target, codes, seen, depth + 1)) ok = false;
    }
  });
  return ok;
}

const declarationsByFile = new WeakMap<SourceFile, Map<string, Node[]>>();

/** This file's functions' bodies and module-level constants' initializers, by name. */
function declarationsNamed(sf: SourceFile, name: string): readonly Node[] {
  let byName = declarationsByFile.get(sf);
  if (!byName) {
    const names = new Map<string, Node[]>();
    const add = (key: string | undefined, value: Node | undefined) => {
      if (key && value) names.set(key, [...(names.get(key) ?? []), value]);
    };
    walk(sf, n => {
      if (n.kind === SyntaxKind.FunctionDeclaration) add(textOf(get<Node | undefined>(n, "name")), get<Node | undefined>(n, "body"));
      else if (n.kind === SyntaxKind.VariableDeclaration && n.parent?.parent?.parent?.kind === SyntaxKind.SourceFile) {
        const init = get<Node | undefined>(n, "initializer");
        add(textOf(get(n, "name")), init && isFunctionLike(init) ? get<Node | undefined>(init, "body") : init);
      }
    });
    declarationsByFile.set(sf, names);
    byName = names;
  }
  return byName.get(name) ?? [];
}

/** The awaited call, through `await`, parentheses and `as`. */
function awaitedCall(awaited: Node): Node | undefined {
  const e = skipOuterExpressions(get(awaited, "expression"));
  return e.kind === SyntaxKind.CallExpression ? e : undefined;
}

/** Shape 2: `server.listen(...)`. */
function bindsAnAddress(awaited: Node): boolean {
  const call = awaitedCall(awaited);
  if (!call) return false;
  const callee = get(call, "expression");
  return callee.kind === SyntaxKind.PropertyAccessExpression && textOf(get(callee, "name")) === "listen";
}

/** Shape 3: a URL argument written with a loopback host (`http://127.0.0.1:${port}/...`, `http://localhost/`). */
function callsLoopback(awaited: Node): boolean {
  const call = awaitedCall(awaited);
  if (!call) return false;
  const first = get<readonly Node[]>(call, "arguments")[0];
  if (!first) return false;
  const k = first.kind;
  if (k !== SyntaxKind.StringLiteral && k !== SyntaxKind.NoSubstitutionTemplateLiteral && k !== SyntaxKind.TemplateExpression) return false;
  return loopbackUrl.test(first.getText());
}
