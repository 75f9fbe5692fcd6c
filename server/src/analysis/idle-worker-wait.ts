// A worker thread's idle wait: `Atomics.wait` in a file that runs as a worker thread, inside a
// loop that repeats only while the worker holds no task (a count of the tasks it took, which the
// file increments, is zero). The worker then has nothing in flight for the wait to delay: it
// sleeps until its pool posts the next task, by design, and the main thread is untouched (found
// on real code: a thread pool's compiled worker entry, whose sources explained the wait in a
// comment the build dropped).
//   let running = 0;
//   function waitLoop() { while (running === 0) { Atomics.wait(shared, 0, seen); ...read the port... } }
//   function onTask() { running++; ...; running--; waitLoop(); }
// A wait elsewhere in the file, or under a condition that is not such a count, is still reported
// (at the worker-thread severity).
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { isFunctionLike } from "./async-context";
import type { ModuleBindings } from "./module-bindings";

/** Files that run as worker threads: they read `parentPort`/`workerData` from worker_threads. */
export function isWorkerThreadFile(bindings: ModuleBindings, sourceFile: SourceFile): boolean {
  return (
    bindings.all.some(b => b.module === "worker_threads" && (b.imported === "parentPort" || b.imported === "workerData")) ||
    (bindings.all.some(b => b.module === "worker_threads" && b.imported === "*") && /\.(parentPort|workerData)\b/.test(sourceFile.text))
  );
}

/** Whether this `Atomics.wait(...)` call is a worker thread's idle wait (see the file comment). */
export function isIdleWorkerWait(call: Node, bindings: ModuleBindings, sourceFile: SourceFile): boolean {
  const loop = enclosingLoop(call);
  if (!loop) return false;
  const counter = zeroTestedName((loop as unknown as { expression: Node }).expression);
  if (!counter || !declaredAtModuleLevel(sourceFile, counter) || !incremented(sourceFile.text, counter)) return false;
  return isWorkerThreadFile(bindings, sourceFile);
}

/** The nearest `while`/`do` loop around the call in its own function. */
function enclosingLoop(call: Node): Node | undefined {
  for (let n: Node | undefined = call.parent; n && !isFunctionLike(n); n = n.parent) {
    if (n.kind === SyntaxKind.WhileStatement || n.kind === SyntaxKind.DoStatement) return n;
  }
  return undefined;
}

/** `n === 0`, `n == 0`, `0 === n`, `n <= 0`, `n < 1`, `!n`: the name tested for zero. */
function zeroTestedName(condition: Node): string | undefined {
  let c = condition;
  while (c.kind === SyntaxKind.ParenthesizedExpression) c = (c as unknown as { expression: Node }).expression;
  const t = c.getText().replace(/\s+/g, " ").trim();
  const m = /^([\w$]+) (?:===?|<=) 0$/.exec(t) ?? /^([\w$]+) < 1$/.exec(t) ?? /^0 ===? ([\w$]+)$/.exec(t) ?? /^! ?([\w$]+)$/.exec(t);
  return m?.[1];
}

function declaredAtModuleLevel(sf: SourceFile, name: string): boolean {
  return sf.statements.some(
    s =>
      s.kind === SyntaxKind.VariableStatement &&
      (s as unknown as { declarationList: { declarations: readonly { name: Node }[] } }).declarationList.declarations.some(
        d => d.name.kind === SyntaxKind.Identifier && (d.name as unknown as { text: string }).text === name,
      ),
  );
}

/** The file counts something up in it: `n++`, `++n`, `n += k`. */
function incremented(text: string, name: string): boolean {
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(`(^|[^\\w$.])${escaped}\\s*(\\+\\+|\\+=)|\\+\\+\\s*${escaped}(?![\\w$])`).test(text);
}
