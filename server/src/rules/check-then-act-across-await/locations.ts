// Shared locations as written: a field of `this`, a name (a module variable once its symbol says
// so), and an entry of a Map or object held in one of those (`cache.get(k)`, `this.byId[k]`).
// Syntax only; the rule confirms names and Map methods by symbol in phase 2.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, skipOuterExpressions, textOf } from "../../analysis/syntax";

export interface Location {
  /** Equal keys name the same location: `this.conn`, `conn`, `cache[id]`. */
  key: string;
  /** How it is written in messages. */
  text: string;
  kind: "field" | "variable" | "entry";
  /** The name to resolve by symbol: a variable, or the identifier holding a Map/object. */
  name?: Node;
  /** For Map entries: the method's name node (`has`, `get`, `set`), whose symbol must be Map's. */
  mapMethod?: Node;
  /** `name` must be a class of the file (`C.cache`: a static field), not a variable. */
  staticField?: true;
}

const mapReads = new Set(["has", "get"]);

/** `this.x`, `this.#x`, and `C.x`, a static field of a class (the class confirmed by symbol in phase 2). */
function fieldOf(node: Node): Location | undefined {
  if (node.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const { expression, name } = node as unknown as { expression: Node; name: Node };
  const owner = skipOuterExpressions(expression);
  if (owner.kind === SyntaxKind.Identifier) {
    const text = `${textOf(owner)}.${textOf(name)}`;
    return { key: text, text, kind: "field", name: owner, staticField: true };
  }
  if (owner.kind !== SyntaxKind.ThisKeyword) return undefined;
  const text = `this.${textOf(name)}`;
  return { key: text, text, kind: "field" };
}

/** What holds an entry: a field of `this` or of a class, or a name (confirmed module-level in phase 2). */
function holderOf(node: Node): { key: string; name?: Node; staticField?: true } | undefined {
  const n = skipOuterExpressions(node);
  const field = fieldOf(n);
  if (field) return { key: field.key, ...(field.name ? { name: field.name, staticField: true as const } : {}) };
  if (n.kind === SyntaxKind.Identifier) return { key: textOf(n)!, name: n };
  return undefined;
}

function keyText(node: Node): string {
  return node.getText().replace(/\s+/g, "");
}

/** A read of a location: `this.x`, `x`, `m.get(k)`, `m.has(k)`, `o[k]`. */
export function readLocation(expression: Node): Location | undefined {
  const e = skipOuterExpressions(expression);
  const field = fieldOf(e);
  if (field) return field;
  if (e.kind === SyntaxKind.Identifier) {
    const text = textOf(e)!;
    if (text === "undefined") return undefined;
    return { key: text, text, kind: "variable", name: e };
  }
  if (e.kind === SyntaxKind.ElementAccessExpression) return objectEntry(e);
  if (e.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((e as CallExpression).expression);
    const args = callArguments(e);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || args.length !== 1) return undefined;
    const { expression: receiver, name } = callee as unknown as { expression: Node; name: Node };
    if (!mapReads.has(textOf(name) ?? "")) return undefined;
    return mapEntry(receiver, args[0]!, name);
  }
  return undefined;
}

function objectEntry(access: Node): Location | undefined {
  const { expression, argumentExpression } = access as unknown as { expression: Node; argumentExpression: Node };
  const holder = holderOf(expression);
  if (!holder || !argumentExpression) return undefined;
  const text = `${holder.key}[${keyText(argumentExpression)}]`;
  return { key: text, text, kind: "entry", ...holderName(holder) };
}

function holderName(holder: { name?: Node; staticField?: true }): { name?: Node; staticField?: true } {
  return holder.name ? { name: holder.name, ...(holder.staticField ? { staticField: true as const } : {}) } : {};
}

function mapEntry(receiver: Node, key: Node, method: Node): Location | undefined {
  const holder = holderOf(receiver);
  if (!holder) return undefined;
  const text = `${holder.key}[${keyText(key)}]`;
  return { key: text, text: `${holder.key}.get(${keyText(key)})`, kind: "entry", mapMethod: method, ...holderName(holder) };
}

/** `k in o`: the entry `o[k]`. */
export function inTestLocation(binary: Node): Location | undefined {
  const { left, operatorToken, right } = binary as unknown as { left: Node; operatorToken: Node; right: Node };
  if (operatorToken.kind !== SyntaxKind.InKeyword) return undefined;
  const holder = holderOf(right);
  if (!holder) return undefined;
  const text = `${holder.key}[${keyText(left)}]`;
  return { key: text, text, kind: "entry", ...holderName(holder) };
}

export interface Write {
  node: Node;
  location: Location;
  /** The value stored (undefined for `delete`). */
  value?: Node;
  /** `x ??= v`, `x ||= v`: the test is part of the write. */
  testsFirst: boolean;
}

const assignments = new Set([SyntaxKind.EqualsToken, SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.BarBarEqualsToken]);

/** A write of a location: `L = v`, `L ??= v`, `L ||= v`, `m.set(k, v)`. */
export function writeOf(node: Node): Write | undefined {
  if (node.kind === SyntaxKind.BinaryExpression) {
    const { left, operatorToken, right } = node as unknown as { left: Node; operatorToken: Node; right: Node };
    if (!assignments.has(operatorToken.kind)) return undefined;
    const l = skipOuterExpressions(left);
    const location = l.kind === SyntaxKind.ElementAccessExpression ? objectEntry(l) : l.kind === SyntaxKind.CallExpression ? undefined : readLocation(l);
    if (!location) return undefined;
    return { node, location, value: right, testsFirst: operatorToken.kind !== SyntaxKind.EqualsToken };
  }
  if (node.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((node as CallExpression).expression);
    const args = callArguments(node);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || args.length !== 2) return undefined;
    const { expression: receiver, name } = callee as unknown as { expression: Node; name: Node };
    if (textOf(name) !== "set") return undefined;
    const location = mapEntry(receiver, args[0]!, name);
    return location && { node, location, value: args[1]!, testsFirst: false };
  }
  return undefined;
}

/**
 * A value that is no result of the work: `undefined`, `null`, `void 0` (a reset), and literals
 * (`true`, `"commit"`, `0`): a state flag set after the work, which guards against misuse of an
 * API (start twice) rather than caching what the work made.
 */
export function isFlagOrEmpty(value: Node | undefined): boolean {
  if (!value) return true;
  const v = skipOuterExpressions(value);
  return (
    literalKinds.has(v.kind) ||
    v.kind === SyntaxKind.VoidExpression ||
    (v.kind === SyntaxKind.PrefixUnaryExpression && literalKinds.has(skipOuterExpressions((v as unknown as { operand: Node }).operand).kind)) ||
    (v.kind === SyntaxKind.Identifier && textOf(v) === "undefined")
  );
}

const literalKinds = new Set<SyntaxKind>([
  SyntaxKind.NullKeyword,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.BigIntLiteral,
]);
