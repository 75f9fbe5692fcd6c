// "Load once, then serve from memory": a blocking read whose result is stored in a cache the
// code checked first. It blocks at most once per key, like module-level startup code, so
// blocking-call-in-async does not report it (found on real code: BullMQ's SQL loader, read
// through a Map on first use, was reported at 84 call sites).
//   let sql = cache.get(name); if (sql === undefined) { sql = readFileSync(...); cache.set(name, sql); }
//   if (!this.template) this.template = readFileSync(...);
//   config ??= JSON.parse(readFileSync(...));
import { SyntaxKind, type Node } from "./typescript";
import { isFunctionLike } from "./async-context";

const isAssignmentKind = (k: SyntaxKind) => k >= SyntaxKind.FirstAssignment && k <= SyntaxKind.LastAssignment;

interface Binary { left: Node; right: Node; operatorToken: Node }

/** Whether the call's result is what a cache-miss branch stores (see the file comment). */
export function isMemoizedLoad(call: Node): boolean {
  // Up through the expression that turns the bytes into the cached value (JSON.parse(...), .trim(), `as T`).
  let value: Node = call;
  let parent = value.parent;
  while (parent && (parent.kind === SyntaxKind.ParenthesizedExpression || parent.kind === SyntaxKind.AsExpression
    || parent.kind === SyntaxKind.NonNullExpression || parent.kind === SyntaxKind.CallExpression
    || parent.kind === SyntaxKind.PropertyAccessExpression || parent.kind === SyntaxKind.TemplateSpan || parent.kind === SyntaxKind.TemplateExpression)) {
    value = parent;
    parent = value.parent;
  }
  if (!parent) return false;
  let target: Node | undefined;
  if (parent.kind === SyntaxKind.BinaryExpression && isAssignmentKind((parent as unknown as Binary).operatorToken.kind) && (parent as unknown as Binary).right === value) {
    const op = (parent as unknown as Binary).operatorToken.kind;
    target = (parent as unknown as Binary).left;
    // `x ??= load()` / `x ||= load()`: the operator itself is the cache check.
    if (op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) return isCacheTarget(target);
  } else if (parent.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === value) {
    target = (parent as unknown as { name: Node }).name;
  }
  if (!target) return false;
  // The nearest `if` in the same function whose then-branch holds the assignment.
  for (let n: Node | undefined = parent.parent; n && !isFunctionLike(n); n = n.parent) {
    if (n.kind !== SyntaxKind.IfStatement) continue;
    const ifs = n as unknown as { expression: Node; thenStatement: Node };
    if (!(parent.pos >= ifs.thenStatement.pos && parent.end <= ifs.thenStatement.end)) continue;
    const condition = ifs.expression.getText();
    if (!isMissCheck(condition)) return false;
    const targetText = target.getText();
    const storesInCache = /\.set\s*\(/.test(ifs.thenStatement.getText()) || isCacheTarget(target);
    return storesInCache && (condition.includes(targetText) || /\.(has|get)\s*\(/.test(condition));
  }
  return false;
}

/** `x === undefined`, `x == null`, `!x`, `!cache.has(k)`, `typeof x === "undefined"`. */
function isMissCheck(condition: string): boolean {
  return /(===?\s*(undefined|null)\b)|(\b(undefined|null)\s*===?)|^\s*!|typeof\s+[\w.$]+\s*===?\s*["']undefined["']/.test(condition);
}

/** A place that outlives the call: a property (`this.x`, `obj.x`, `cache[k]`) rather than a local variable. */
function isCacheTarget(target: Node): boolean {
  return target.kind === SyntaxKind.PropertyAccessExpression || target.kind === SyntaxKind.ElementAccessExpression || isModuleLevelName(target);
}

function isModuleLevelName(target: Node): boolean {
  if (target.kind !== SyntaxKind.Identifier) return false;
  const name = (target as unknown as { text: string }).text;
  const sf = target.getSourceFile();
  return sf.statements.some(s => s.kind === SyntaxKind.VariableStatement
    && (s as unknown as { declarationList: { declarations: readonly { name: Node }[] } }).declarationList.declarations
      .some(d => d.name.kind === SyntaxKind.Identifier && (d.name as unknown as { text: string }).text === name));
}
