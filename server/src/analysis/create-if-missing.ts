// "Create the folder if it is missing": a `mkdirSync` that runs only when the folder's existence
// check said it is not there. It blocks once per folder (later calls find it and skip the mkdir),
// like a load memoized per key, so blocking-call-in-async does not report it (settled in session
// 34, bench/precision/README.md: about 25 tuning labels of this shape judged false, a caller's
// output folder, an upload's destination folder, a tool's save folder):
//   if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
//   fs.existsSync(dir) || fs.mkdirSync(dir);
//   if (fs.existsSync(dir)) return; fs.mkdirSync(dir);
//   if (fs.existsSync(dir)) { ... } else { fs.mkdirSync(dir); }
// Unless the folder is new per call, where every call finds it missing: a name built from an id,
// a time, a random or hashed value, a temporary folder (`this.tmpDir` made per export), or an item
// of a loop or of a `map`/`forEach` callback (one folder per downloaded directory). Decided from
// the path's syntax: its names (and the local variables it reads, followed to what they are set
// to), never from what a caller passes; when unsure the call stays reported. The existence check
// itself is not this file's: it runs on every call and the rule judges it like any metadata call.
// Through a helper (`ensureDir(d)` doing only this step), the mkdir is left out of the helper's
// summary too (blocking-calls.ts), so callers see only the check.
import { SyntaxKind, type CallExpression, type Node } from "./typescript";
import { isFunctionLike } from "./async-context";
import { assignedTarget, forEachDescendant, isPropertyName, skipOuterExpressions, textOf } from "./syntax";
import { isPerItemArgument } from "./promise-syntax";

/** The synchronous calls that make a folder (Node's, and the fs-extra / mkdirp spellings). */
const mkdirNames = new Set(["mkdirSync", "mkdirpSync", "ensureDirSync"]);

export function isMkdirName(name: string): boolean {
  return mkdirNames.has(name);
}

/** Whether `call` (a folder-making call) runs only when a check of the same path found it missing, and the path is not new per call. */
export function createsFolderOncePerFolder(call: CallExpression): boolean {
  const path = call.arguments[0];
  if (!path || path.kind === SyntaxKind.SpreadElement) return false;
  const pathText = compact(path);
  if (!guardedByExistence(call, pathText)) return false;
  return !isNewPerCall(path, call);
}

function compact(node: Node): string {
  return node.getText().replace(/\s+/g, "");
}

/** `existsSync(p)`, `fs.existsSync(p)`, `fileExistsSync(p)`, `(0, fsutils_1.dirExistsSync)(p)`: an existence check of `pathText`. */
function isExistenceCheckOf(node: Node, pathText: string): boolean {
  const n = skipOuterExpressions(node);
  if (n.kind !== SyntaxKind.CallExpression) return false;
  const call = n as CallExpression;
  let callee = skipOuterExpressions(call.expression);
  // `(0, fs_1.existsSync)(p)`: compiled CommonJS calling an import.
  if (callee.kind === SyntaxKind.BinaryExpression) callee = skipOuterExpressions((callee as unknown as { right: Node }).right);
  const name = callee.kind === SyntaxKind.PropertyAccessExpression ? textOf((callee as unknown as { name: Node }).name) : textOf(callee);
  if (!name || !/^(exists|\w*Exists)Sync$/.test(name)) return false;
  const first = call.arguments[0];
  return !!first && compact(first) === pathText;
}

/** `!existsSync(p)`, or a `&&` one of whose sides is. */
function testsMissing(test: Node, pathText: string): boolean {
  const t = skipOuterExpressions(test);
  if (t.kind === SyntaxKind.PrefixUnaryExpression && (t as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken)
    return isExistenceCheckOf((t as unknown as { operand: Node }).operand, pathText);
  if (t.kind === SyntaxKind.BinaryExpression) {
    const b = t as unknown as { left: Node; right: Node; operatorToken: Node };
    if (b.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken) return testsMissing(b.left, pathText) || testsMissing(b.right, pathText);
  }
  return false;
}

/** The call runs only where an existence check of its path in its own function said no. */
function guardedByExistence(call: Node, pathText: string): boolean {
  let child: Node = call;
  for (let p = call.parent; p && !isFunctionLike(p); child = p, p = p.parent) {
    if (p.kind === SyntaxKind.IfStatement) {
      const ifs = p as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      if (ifs.thenStatement === child && testsMissing(ifs.expression, pathText)) return true;
      if (ifs.elseStatement === child && isExistenceCheckOf(ifs.expression, pathText)) return true;
    } else if (p.kind === SyntaxKind.BinaryExpression) {
      const b = p as unknown as { left: Node; right: Node; operatorToken: Node };
      if (b.right === child && b.operatorToken.kind === SyntaxKind.BarBarToken && isExistenceCheckOf(b.left, pathText)) return true;
      if (b.right === child && b.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken && testsMissing(b.left, pathText)) return true;
    } else if (p.kind === SyntaxKind.Block) {
      // `if (existsSync(p)) return;` before the call's statement in the same block.
      const statements = (p as unknown as { statements: readonly Node[] }).statements;
      for (const s of statements) {
        if (s === child) break;
        if (s.kind !== SyntaxKind.IfStatement) continue;
        const ifs = s as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
        if (!ifs.elseStatement && leaves(ifs.thenStatement) && isExistenceCheckOf(ifs.expression, pathText)) return true;
      }
    }
  }
  return false;
}

/** `return ...;`, `continue;`, `throw ...;`, or a block ending with one. */
function leaves(statement: Node): boolean {
  let s: Node | undefined = statement;
  if (s.kind === SyntaxKind.Block) {
    const statements = (s as unknown as { statements: readonly Node[] }).statements;
    s = statements[statements.length - 1];
  }
  return !!s && (s.kind === SyntaxKind.ReturnStatement || s.kind === SyntaxKind.ContinueStatement || s.kind === SyntaxKind.ThrowStatement);
}

/**
 * Words of a name that say its value is new per call: an id, a time, a random or hashed value,
 * a temporary folder, a job's or run's own folder. `tmpdir` (`os.tmpdir()`, one folder) is one word.
 */
const perCallWords = new Set([
  "id",
  "ids",
  "uuid",
  "guid",
  "uid",
  "nanoid",
  "v4",
  "timestamp",
  "time",
  "date",
  "now",
  "hrtime",
  "stamp",
  "epoch",
  "hash",
  "digest",
  "random",
  "rand",
  "nonce",
  "unique",
  "tmp",
  "temp",
  "mkdtemp",
  "mkdtempSync",
  "job",
  "run",
  "counter",
  "seq",
]);

/** `this.tmpDir` → this, tmp, dir; `request_id` → request, id; `exportPath` → export, path. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase());
}

function isPerCallName(name: string): boolean {
  return wordsOf(name).some(w => perCallWords.has(w));
}

/**
 * Whether the path reads a per-call value: a name with a per-call word, an item of a loop around
 * the call, or a parameter of a per-item callback (`map`, `forEach`) around it; local variables
 * are followed to what they are set to (their declarations and assignments in the function).
 */
function isNewPerCall(path: Node, at: Node): boolean {
  const seen = new Set<string>();
  const pending: Node[] = [path];
  while (pending.length) {
    const expression = pending.pop()!;
    let found = false;
    const visit = (node: Node) => {
      if (found || node.kind !== SyntaxKind.Identifier) return;
      const name = textOf(node)!;
      if (isPerCallName(name)) {
        found = true;
        return;
      }
      if (isPropertyName(node) || seen.has(name)) return;
      seen.add(name);
      const sources = sourcesOf(name, at);
      if (sources === "item") found = true;
      else pending.push(...sources);
    };
    if (expression.kind === SyntaxKind.Identifier) visit(expression);
    else forEachDescendant(expression, visit);
    if (found) return true;
    if (seen.size > 40) return true; // too many names to follow: left reported
  }
  return false;
}

/**
 * What the local name `name`, read at `at`, is set to: the initializers and assigned values of its
 * declarations in the functions around `at` (the innermost that declares it), or "item" when it is
 * a loop's variable or a per-item callback's parameter. A parameter of another function, or a name
 * declared nowhere around (module level, a global), gives nothing more to follow.
 */
function sourcesOf(name: string, at: Node): Node[] | "item" {
  for (let scope = at.parent; scope; scope = scope.parent) {
    if (scope.kind === SyntaxKind.ForOfStatement || scope.kind === SyntaxKind.ForInStatement || scope.kind === SyntaxKind.ForStatement) {
      const initializer = (scope as unknown as { initializer?: Node }).initializer;
      if (initializer && declaresName(initializer, name)) return "item";
    }
    if (isFunctionLike(scope)) {
      const parameters = (scope as unknown as { parameters?: readonly Node[] }).parameters ?? [];
      // A parameter: the caller's value (its folder), unless a per-item callback's; what the function assigns to it is followed.
      if (parameters.some(p => declaresName((p as unknown as { name: Node }).name, name)))
        return isPerItemArgument(scope) ? "item" : valuesIn(scope, name, true)!;
      const values = valuesIn(scope, name, false);
      if (values) return values;
    }
  }
  return [];
}

/** A binding name or pattern binds `name`. */
function declaresName(binding: Node, name: string): boolean {
  if (binding.kind === SyntaxKind.Identifier) return textOf(binding) === name;
  let found = false;
  forEachDescendant(binding, n => {
    if (n.kind === SyntaxKind.Identifier && textOf(n) === name && n.parent && (n.parent as unknown as { name?: Node }).name === n) found = true;
  });
  return found;
}

/**
 * The values `name` gets in `fn`'s own code when `fn` declares it (`const x = ...`, `let { x } = ...`,
 * `x = ...`): undefined when `fn` declares no variable of that name (`declared`: it is a parameter of `fn`).
 */
function valuesIn(fn: Node, name: string, declared: boolean): Node[] | undefined {
  const body = (fn as unknown as { body?: Node }).body;
  if (!body) return declared ? [] : undefined;
  const values: Node[] = [];
  forEachDescendant(
    body,
    n => {
      if (n.kind === SyntaxKind.VariableDeclaration) {
        const d = n as unknown as { name: Node; initializer?: Node };
        if (!declaresName(d.name, name)) return;
        declared = true;
        if (d.initializer) values.push(d.initializer);
        return;
      }
      const target = assignedTarget(n);
      if (target?.kind === SyntaxKind.Identifier && textOf(target) === name) {
        const right = (n as unknown as { right?: Node }).right;
        if (right) values.push(right);
      }
    },
    true,
  );
  return declared ? values : undefined;
}
