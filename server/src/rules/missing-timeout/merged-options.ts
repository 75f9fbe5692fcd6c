// A client's request builder that merges the options each request gives over the client's defaults
// (round 52): `withDefaults(options) { return Object.assign({ headers, agent }, options); }`,
// or `{ ...this.defaults, ...options }`, called as `axios(this.withDefaults({ url, timeout:
// this.settings.fetchSeconds * 1000 }))`. The merge copies every key of the given literal into the
// result, the timeout too, so the request has the timeout its literal sets, as if it were written at
// the call (round 43 took builders whose returns are literals; this one returns its parameter merged).
//
// Only what the rule can see counts: the builder returns the merge in its one `return`, reads its
// parameter nowhere else (no `options.timeout = 0`, no `delete`), and what the merge copies after the
// literal that sets the timeout may not bring another: a literal without the key, not an unknown
// value. And the timeout's value must not read a parameter of the function that makes the request:
// `get(path, params, timeout = null) { axios(this.withDefaults({ ..., timeout: timeout * 1000 })) }`
// gives `0` (no timeout) to a caller that passes none, so that request stays reported, as do a value
// of `0`, `null`, `undefined` or `Infinity`.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import {
  callArguments,
  calleeOf,
  enclosingFunction,
  forEachDescendant,
  memberName,
  nodeField,
  objectMembers,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import { forEachOwnReturn } from "../../analysis/rejection-syntax";

/** Values that bound nothing. */
const noTimeout = /^(0|null|undefined|Infinity|false)$/;

/**
 * `method` (a class's request builder) returns its parameters merged, and the literals `call` gives
 * them make a result that sets one of `keys` (`setsKey` tells whether a literal does, with spreads).
 */
export function mergesGivenOptions(method: Node, call: Node, keys: readonly string[], setsKey: (literal: Node) => boolean): boolean {
  const body = nodeField<Node | undefined>(method, "body");
  if (!body) return false;
  const returned: (Node | undefined)[] = [];
  forEachOwnReturn(body, value => returned.push(value));
  const value = returned.length === 1 && returned[0] ? skipOuterExpressions(returned[0]) : undefined;
  if (!value) return false;
  const sources = mergedSources(value);
  if (!sources) return false;
  const parameters = nodeField<readonly Node[]>(method, "parameters").map(p => nodeField<Node>(p, "name"));
  if (parameters.some(p => p.kind !== SyntaxKind.Identifier)) return false;
  const names = parameters.map(p => textOf(p)!);
  // A parameter read anywhere but as a source of the merge may be changed first.
  const merged = new Set(sources.filter(s => s.kind === SyntaxKind.Identifier && names.includes(textOf(s)!)));
  let otherUse = false;
  forEachDescendant(body, node => {
    if (node.kind === SyntaxKind.Identifier && names.includes(textOf(node)!) && !merged.has(node) && !isMemberName(node)) otherUse = true;
  });
  if (otherUse) return false;
  const args = callArguments(call);
  let sets = false;
  for (const source of sources) {
    if (source.kind === SyntaxKind.PropertyAssignment || source.kind === SyntaxKind.ShorthandPropertyAssignment) {
      // A key the builder writes itself (`url`; a timeout of its own, unless `timeout: 0` takes it away).
      const key = memberName(source);
      if (key === undefined) sets = false;
      else if (keys.includes(key))
        sets = source.kind === SyntaxKind.ShorthandPropertyAssignment || !noTimeout.test(nodeField<Node>(source, "initializer").getText());
      continue;
    }
    const index = source.kind === SyntaxKind.Identifier ? names.indexOf(textOf(source)!) : -1;
    const given = index >= 0 ? args[index] && skipOuterExpressions(args[index]!) : source;
    if (!given || given.kind !== SyntaxKind.ObjectLiteralExpression) {
      sets = false; // a value the rule cannot see may bring any timeout, none included
      continue;
    }
    if (setsKey(given)) sets = index < 0 || timeoutFromNoParameter(given, keys, call);
    else if (!plainLiteral(given)) sets = false;
  }
  return sets;
}

/** What a merge copies, in order: `Object.assign(target, ...sources)`'s arguments, or an object literal's spreads and properties. */
function mergedSources(value: Node): Node[] | undefined {
  if (value.kind === SyntaxKind.CallExpression) {
    if (calleeOf(value as never).getText() !== "Object.assign") return undefined;
    const args = callArguments(value).map(a => skipOuterExpressions(a));
    // The target must be a fresh literal: a parameter as the target would be changed in place.
    return args.length >= 2 && args[0]!.kind === SyntaxKind.ObjectLiteralExpression ? args : undefined;
  }
  if (value.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  const out: Node[] = [];
  for (const member of objectMembers(value)) {
    if (member.kind === SyntaxKind.SpreadAssignment) out.push(skipOuterExpressions(nodeField<Node>(member, "expression")));
    else if (member.kind === SyntaxKind.PropertyAssignment || member.kind === SyntaxKind.ShorthandPropertyAssignment) out.push(member);
    else return undefined;
  }
  return out;
}

/** A literal with only plain properties (no spread, no computed name): it brings no key it does not show. */
function plainLiteral(literal: Node): boolean {
  return objectMembers(literal).every(m => m.kind !== SyntaxKind.SpreadAssignment && memberName(m) !== undefined);
}

/** The literal's timeout key has a value that reads no parameter of the functions around the request, and is not `0`, `null`... */
function timeoutFromNoParameter(literal: Node, keys: readonly string[], call: Node): boolean {
  const member = objectMembers(literal).find(m => keys.includes(memberName(m) ?? ""));
  if (!member || member.kind !== SyntaxKind.PropertyAssignment) return false;
  const value = skipOuterExpressions(nodeField<Node>(member, "initializer"));
  if (noTimeout.test(value.getText())) return false;
  const parameters = new Set<string>();
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn))
    for (const p of nodeField<readonly { name: Node }[]>(fn, "parameters")) forEachName(p.name, name => parameters.add(name));
  let readsParameter = value.kind === SyntaxKind.Identifier && parameters.has(textOf(value)!);
  forEachDescendant(value, node => {
    if (node.kind === SyntaxKind.Identifier && parameters.has(textOf(node)!) && !isMemberName(node)) readsParameter = true;
  });
  return !readsParameter;
}

/** The names a parameter binds (`p`, or each name of `{ a, b: [c] }`). */
function forEachName(name: Node, f: (name: string) => void): void {
  if (name.kind === SyntaxKind.Identifier) f(textOf(name)!);
  else
    forEachDescendant(
      name,
      n => n.kind === SyntaxKind.BindingElement && nodeField<Node>(n, "name").kind === SyntaxKind.Identifier && f(textOf(nodeField<Node>(n, "name"))!),
    );
}

/** `x.name`'s `name`, `{ name: v }`'s key: not a reference. */
function isMemberName(id: Node): boolean {
  const parent = id.parent;
  return !!parent && (parent.kind === SyntaxKind.PropertyAccessExpression || parent.kind === SyntaxKind.PropertyAssignment) && nodeField(parent, "name") === id;
}
