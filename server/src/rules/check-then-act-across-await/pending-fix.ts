// The fix for a lazy fill (`if (!this.conn) this.conn = await connect(opts)`): the location keeps
// its type, and a *pending* location beside it holds the call in flight, so that overlapping calls
// share one call and a failure clears it for the next:
//
//   if (!this.conn) {
//     this.connPending ??= connect(opts).finally(() => { this.connPending = undefined; });
//     this.conn = await this.connPending;
//   }
//
// with the pending location declared beside the location's own declaration (a field of the same
// class, `private connPending: Promise<Conn> | undefined` with the awaited type the checker gives,
// in JavaScript as a JSDoc `@type`, which a checked file needs; a `let`/`var` of the module).
// `x ??= await f()` and `x ||= await f()` become the same under `if (x == null)` / `if (!x)`. In
// JavaScript the pending location is stored with `if (!connPending) connPending = ...` (`??=` needs
// Node 15). A Map (or WeakMap) entry, `m.set(k, await f())`, gets a second map of pending
// promises, same keys:
//
//   let pending = mPending.get(k);
//   if (!pending) mPending.set(k, (pending = f().finally(() => mPending.delete(k))));
//   m.set(k, await pending);
//
// Offered only where the shape is plain: the test is the location's absence alone (no `&&`/`||`,
// no other `if` between it and the write), the write is a statement of its own whose value is the
// awaited call itself (`L = await f()`), that await is the first after the test and holds no other,
// the function writes the location nowhere else, the awaited value has a `finally` (a promise as
// the checker types it), the names are free (the pending one in the file, a Map's local in the
// function), a Map's key is a literal, a parameter the function never writes or a `const` of the
// function, and the types can be written where the declaration goes. Elsewhere no fix.
import { ModifierFlags, NodeFlags, SyntaxKind, type Node, type SourceFile, type Type } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { assignedTarget, callArguments, contains, identifierPattern, isClassLike, isConstList, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { indentAt, indentedFurther, indentUnitOf, javaScriptLineAt, spanRange } from "../../analysis/positions";
import { fileStyleOf } from "../../analysis/file-style";
import { walkPruned } from "../../analysis/walk";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";
import type { Race } from "./races";

/** What phase 1 reads of a race whose write has the plain shape; phase 2 checks types and writes the fix. */
export interface PendingShape {
  race: Race;
  /** The statement holding the write. */
  statement: Node;
  /** `=` (inside a test), `??=` or `||=` (the write tests the location itself), `set` (a Map entry). */
  operator: "=" | "??=" | "||=" | "set";
  /** The location as written on the write's left; for a Map entry, the Map as written. */
  target: string;
  /** What holds the call in flight is named after this: the field or variable written (or holding the Map), and what precedes it (`this.`, `Pool.`). */
  holder: { prefix: string; name: string };
  /** A Map entry's key, as written (a literal, a parameter the function never writes, or a `const` of the function). */
  key?: string;
  /** The Map, whose key type the pending Map takes. */
  map?: Node;
  /** The write's `await` and what it waits for. */
  wait: Node;
  awaited: Node;
  /** The function, for the names its own declarations add (not visible where the pending declaration goes). */
  fn: FunctionLike;
  /** A field of `this` (the class and whether the field is static), or a name resolved in phase 2. */
  owner: { kind: "this"; cls: Node; isStatic: boolean } | { kind: "static" } | { kind: "variable" };
}

/** TypeFormatFlags.NoTruncation: the whole type, never cut with "...". */
const noTruncation = 1;

/** Phase 1: the race's write in a shape the fix can rewrite, or undefined. */
export function pendingShape(race: Race, fn: FunctionLike): PendingShape | undefined {
  const { write } = race;
  if (!race.soleWrite || !write.value) return undefined;
  const entry = write.location.kind === "entry";
  // Map entries only (`m.set(k, await f())`): an object's entry (`o[k]`) is no Map to mirror.
  if (entry ? !write.location.mapMethod || write.node.kind !== SyntaxKind.CallExpression : write.node.kind !== SyntaxKind.BinaryExpression) return undefined;
  const statement = write.node.parent;
  if (statement?.kind !== SyntaxKind.ExpressionStatement) return undefined;
  const wait = skipOuterExpressions(write.value);
  if (wait.kind !== SyntaxKind.AwaitExpression || race.wait !== wait) return undefined;
  const awaited = (wait as unknown as { expression: Node }).expression;
  if (holdsAwait(awaited)) return undefined;
  const operator = entry ? "set" : operatorOf((write.node as unknown as { operatorToken: Node }).operatorToken.kind);
  // The write's statement is replaced by two (or by an `if` block): it must stand where statements
  // do, or alone as an `if`'s then-branch (wrapped in braces).
  const parent = statement.parent;
  const inBlock = !!parent && blockLike.has(parent.kind);
  const thenBranch = parent?.kind === SyntaxKind.IfStatement && (parent as unknown as { thenStatement: Node }).thenStatement === statement;
  if (!inBlock && !(thenBranch && (operator === "=" || operator === "set"))) return undefined;
  // Filled where the test alone decides: any other condition (`!this.client || this.client.id !== region`)
  // would be skipped by a call that shares another's call in flight.
  if (race.test !== write.node && !(soleTest(race.test) && guardedOnlyBy(statement, race.test))) return undefined;
  let target: Node;
  let key: Node | undefined;
  if (entry) {
    const callee = skipOuterExpressions((write.node as unknown as { expression: Node }).expression);
    target = (callee as unknown as { expression: Node }).expression;
    key = callArguments(write.node)[0]!;
    if (!stableKey(key, fn)) return undefined;
  } else target = (write.node as unknown as { left: Node }).left;
  const held = skipOuterExpressions(target);
  const holder = holderParts(held);
  const owner = holder && ownerOf(held, fn);
  if (!holder || !owner) return undefined;
  return {
    race,
    statement,
    operator,
    target: target.getText(),
    holder,
    ...(key ? { key: key.getText(), map: target } : {}),
    wait,
    awaited,
    fn,
    owner,
  };
}

function operatorOf(kind: SyntaxKind): "=" | "??=" | "||=" {
  return kind === SyntaxKind.EqualsToken ? "=" : kind === SyntaxKind.QuestionQuestionEqualsToken ? "??=" : "||=";
}

/** `conn`, `this.conn`, `this.#conn`, `Pool.shared`: the name, and what precedes it. */
function holderParts(node: Node): PendingShape["holder"] | undefined {
  if (node.kind === SyntaxKind.Identifier) return { prefix: "", name: textOf(node)! };
  if (node.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const { expression, name } = node as unknown as { expression: Node; name: Node };
  return { prefix: `${expression.getText()}.`, name: name.getText() };
}

/**
 * One test of one location, `!L`, `L == null`, `typeof L === "undefined"`, `!m.has(k)`, `L` (returned
 * early), with no `&&`/`||` beside it: the races were read from it, so it tests the written location.
 */
function soleTest(test: Node): boolean {
  const c = skipOuterExpressions(test);
  if (c.kind === SyntaxKind.PrefixUnaryExpression) return soleTest((c as unknown as { operand: Node }).operand);
  if (c.kind !== SyntaxKind.BinaryExpression) return true;
  const op = (c as unknown as { operatorToken: Node }).operatorToken.kind;
  return op !== SyntaxKind.AmpersandAmpersandToken && op !== SyntaxKind.BarBarToken;
}

/**
 * The write's statement stands in a branch of the test's `if`, or after it in the `if`'s block (the
 * present location returned early), with only blocks between: no other condition or loop decides.
 */
function guardedOnlyBy(statement: Node, test: Node): boolean {
  const ifStatement = test.parent;
  if (ifStatement?.kind !== SyntaxKind.IfStatement || (ifStatement as unknown as { expression: Node }).expression !== test) return false;
  for (let n: Node = statement; n.parent; n = n.parent) {
    if (n.parent === ifStatement || n.parent === ifStatement.parent) return true;
    if (n.parent.kind !== SyntaxKind.Block) return false;
  }
  return false;
}

/**
 * A key the pending Map's `finally` can read again when the call settles: a literal, a parameter
 * the function never writes, or a `const` of the function (the nearest declaration of the name,
 * by syntax); a variable of the module could change before the call settles.
 */
function stableKey(key: Node, fn: FunctionLike): boolean {
  if (key.kind === SyntaxKind.StringLiteral || key.kind === SyntaxKind.NumericLiteral || key.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return true;
  if (key.kind !== SyntaxKind.Identifier) return false;
  const name = textOf(key)!;
  for (let scope: Node | undefined = key.parent; scope && scope !== fn; scope = scope.parent) {
    const list = declaredIn(scope, name);
    if (list) return isConstList(list);
  }
  const parameters = (fn as unknown as { parameters: readonly Node[] }).parameters;
  if (!parameters.some(p => textOf((p as unknown as { name: Node }).name) === name)) return false;
  let written = false;
  walkPruned(fn, n => {
    if (written) return false;
    const target = n.kind === SyntaxKind.VariableDeclaration ? (n as unknown as { name: Node }).name : assignedTarget(n);
    if (target && textOf(target) === name) written = true;
    return !written;
  });
  return !written;
}

/** The declaration list in a block (or a `for` head) that declares the name, if any. */
function declaredIn(scope: Node, name: string): Node | undefined {
  const lists: Node[] = [];
  if (scope.kind === SyntaxKind.Block) {
    for (const statement of (scope as unknown as { statements: readonly Node[] }).statements)
      if (statement.kind === SyntaxKind.VariableStatement) lists.push((statement as unknown as { declarationList: Node }).declarationList);
  } else if (scope.kind === SyntaxKind.ForOfStatement || scope.kind === SyntaxKind.ForInStatement || scope.kind === SyntaxKind.ForStatement) {
    const initializer = (scope as unknown as { initializer?: Node }).initializer;
    if (initializer?.kind === SyntaxKind.VariableDeclarationList) lists.push(initializer);
  }
  return lists.find(list =>
    (list as unknown as { declarations: readonly Node[] }).declarations.some(d => textOf((d as unknown as { name: Node }).name) === name),
  );
}

const blockLike = new Set<SyntaxKind>([SyntaxKind.Block, SyntaxKind.SourceFile, SyntaxKind.CaseClause, SyntaxKind.DefaultClause, SyntaxKind.ModuleBlock]);

function holdsAwait(node: Node): boolean {
  let found = false;
  walkPruned(
    node,
    n => {
      if (found || isFunctionLike(n)) return false;
      if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.YieldExpression) found = true;
      return !found;
    },
    true,
  );
  return found;
}

/** Whose location it is: a field of the class a method's `this` is, a static field, or a variable. */
function ownerOf(target: Node, fn: FunctionLike): PendingShape["owner"] | undefined {
  if (target.kind === SyntaxKind.Identifier) return { kind: "variable" };
  if (target.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const receiver = skipOuterExpressions((target as unknown as { expression: Node }).expression);
  if (receiver.kind === SyntaxKind.Identifier) return { kind: "static" };
  if (receiver.kind !== SyntaxKind.ThisKeyword) return undefined;
  // `this` of a method of a class, or of an arrow function that initializes a field (`get = async () => {...}`);
  // an object literal's methods have no class to hold a field.
  const member = fn.kind === SyntaxKind.ArrowFunction && fn.parent?.kind === SyntaxKind.PropertyDeclaration ? fn.parent : fn;
  if ((member.kind !== SyntaxKind.MethodDeclaration && member.kind !== SyntaxKind.PropertyDeclaration) || !member.parent || !isClassLike(member.parent))
    return undefined;
  const flags = (member as unknown as { modifierFlags?: number }).modifierFlags ?? 0;
  return { kind: "this", cls: member.parent, isStatic: (flags & ModifierFlags.Static) !== 0 };
}

/** Phase 1: the types phase 2 reads. */
export function needPendingTypes(fa: FileAnalysis, shape: PendingShape): void {
  fa.queries.needType(shape.awaited);
  fa.queries.needType(shape.wait);
  if (shape.map) fa.queries.needType(shape.map);
}

/** Phase 2: the fix, or undefined when the pending location cannot be declared safely. */
export function pendingFix(fa: FileAnalysis, shape: PendingShape): Fix | undefined {
  const { sourceFile: sf, fileName } = fa;
  const { checker } = fa.queries;
  const text = sf.text;
  const js = /\.[cm]?jsx?$/i.test(fileName);
  // The awaited value must be a promise with `finally` (as the checker types it: not `any`, not a bare thenable).
  const awaitedType = fa.queries.typeOf(shape.awaited);
  const apparent = awaitedType && checker.getApparentType(awaitedType);
  if (!apparent || !checker.getPropertyOfType(apparent, "finally")) return undefined;
  const declaration = declarationPlace(fa, shape);
  if (!declaration) return undefined;
  const hash = shape.holder.name.startsWith("#") ? "#" : "";
  const name = pendingNames(shape.holder.name.replace(/^#/, "")).find(n => !new RegExp(`(?<![\\w$])${identifierPattern(n)}(?![\\w$])`).test(text));
  if (!name) return undefined;
  const pending = `${shape.holder.prefix}${hash}${name}`;
  // A Map's entries wait in a Map (a WeakMap's in a WeakMap) of the same keys.
  const mapKind = shape.map && mapKindOf(fa, shape);
  if (shape.map && !mapKind) return undefined;
  if (!mapKind && declaration.keyword === "const") return undefined;
  // The declared type, as the checker writes it where the declaration goes (in JavaScript as a
  // JSDoc type, which a checked file needs): the awaited type, and a Map's key type.
  const locals = localTypeNames(shape.fn, declaration.scope, declaration.isStatic);
  const written = (type: Type | undefined) => {
    const t = type && checker.typeToString(type, declaration.scope, noTruncation);
    return t && writable(t, locals) ? t : undefined;
  };
  const value = written(fa.queries.typeOf(shape.wait));
  if (!value) return undefined;
  const promise = `Promise<${value}>`;
  let typeArguments = "";
  if (mapKind) {
    const mapType = fa.queries.typeOf(shape.map!);
    const args = mapType?.isTypeReference() ? checker.getTypeArguments(mapType as never) : [];
    const key = args.length === 2 ? written(args[0]) : undefined;
    if (!key) return undefined;
    typeArguments = `<${key}, ${promise}>`;
  }
  const declaredType = mapKind ? `${mapKind}${typeArguments}` : `${promise} | undefined`;
  const style = fileStyleOf(sf, text);
  const semi = style.semicolons ? ";" : "";
  const modifiers = js ? "" : declaration.modifiers;
  const initial = mapKind ? ` = new ${mapKind}${js ? "" : typeArguments}()` : js ? "" : `: ${declaredType}`;
  const jsDoc = js ? `/** @type {${declaredType}} */ ` : "";
  const declared =
    declaration.kind === "field"
      ? `${jsDoc}${hash || !modifiers ? "" : `${modifiers} `}${declaration.isStatic ? "static " : ""}${mapKind && !js ? "readonly " : ""}${hash}${name}${initial}${semi}`
      : `${jsDoc}${mapKind ? "const" : declaration.keyword} ${name}${initial}${semi}`;

  const edits: TextEdit[] = [{ fileName, range: spanRange(sf, declaration.at, declaration.at), newText: `\n${declaration.indent}${declared}` }];
  const { statement } = shape;
  // A Map entry's promise is read into a local of a name the function does not use.
  const local = shape.key ? localNames.find(n => !new RegExp(`(?<![\\w$])${n}(?![\\w$])`).test(shape.fn.getText(sf))) : "";
  if (local === undefined) return undefined;
  const statementIndent = indentAt(text, statement.getStart(sf));
  const awaitedText = shape.awaited.getText(sf);
  const call =
    callable.has(skipOuterExpressions(shape.awaited).kind) && shape.awaited.kind !== SyntaxKind.ParenthesizedExpression ? awaitedText : `(${awaitedText})`;
  const lines = (unit: string) => {
    const started = indentedFurther(call, unit);
    // `??=` needs Node 15: JavaScript may run where it does not parse.
    const store = js ? `if (!${pending}) ${pending} =` : `${pending} ??=`;
    if (!shape.key) return [`${store} ${started}.finally(() => { ${pending} = undefined${semi} })${semi}`, `${shape.target} = await ${pending}${semi}`];
    const k = shape.key;
    return [
      `let ${local} = ${pending}.get(${k})${semi}`,
      `if (!${local}) ${pending}.set(${k}, (${local} = ${started}.finally(() => ${pending}.delete(${k}))))${semi}`,
      `${shape.target}.set(${k}, await ${local})${semi}`,
    ];
  };
  if (shape.operator === "??=" || shape.operator === "||=") {
    // `L ??= await f()`: the same test, written out.
    const unit = indentUnitOf(statementIndent);
    const test = shape.operator === "??=" ? `${shape.target} == null` : `!${shape.target}`;
    const inner = lines(unit).map(l => `${statementIndent}${unit}${l}`);
    edits.push({ fileName, range: spanRange(sf, statement.getStart(sf), statement.end), newText: `if (${test}) {\n${inner.join("\n")}\n${statementIndent}}` });
  } else if (blockLike.has(statement.parent!.kind)) {
    edits.push({ fileName, range: spanRange(sf, statement.getStart(sf), statement.end), newText: lines("").join(`\n${statementIndent}`) });
  } else {
    // The then-branch of an `if`: braces from its `)` on.
    const ifStatement = statement.parent!;
    const condition = (ifStatement as unknown as { expression: Node }).expression;
    const between = text.slice(condition.end, statement.getStart(sf));
    if (!/^\s*\)\s*$/.test(between)) return undefined;
    const ifIndent = indentAt(text, ifStatement.getStart(sf));
    const unit = indentUnitOf(ifIndent);
    const moved = statementIndent === ifIndent ? unit : "";
    const inner = lines(moved).map(l => `${ifIndent}${unit}${l}`);
    const close = condition.end + between.indexOf(")") + 1;
    edits.push({ fileName, range: spanRange(sf, close, statement.end), newText: ` {\n${inner.join("\n")}\n${ifIndent}}` });
  }
  return {
    title: `Share the call in flight: keep its promise in \`${pending}\`${shape.key ? " by key" : ""} until it settles, so that overlapping calls wait for it`,
    edits,
    isPreferred: true,
  };
}

/** `Map` or `WeakMap`: whose `set` the write calls (confirmed by symbol in phase 2, see isShared). */
function mapKindOf(fa: FileAnalysis, shape: PendingShape): string | undefined {
  const method = shape.race.write.location.mapMethod;
  const symbol = method && fa.queries.symbolOf(method);
  const owner = symbol && fa.queries.parentName(symbol);
  return owner === "Map" || owner === "WeakMap" ? owner : undefined;
}

/** Written before `.finally(...)` as they are; anything else in parentheses. */
const callable = new Set<SyntaxKind>([
  SyntaxKind.CallExpression,
  SyntaxKind.Identifier,
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.ElementAccessExpression,
  SyntaxKind.ThisKeyword,
]);

const localNames = ["pending", "inFlight", "started"];

function pendingNames(base: string): string[] {
  return [`${base}Pending`, `${base}InFlight`];
}

interface DeclarationPlace {
  kind: "field" | "variable";
  /** Where the declaration is inserted (after a line's code, before its line break), and its indentation. */
  at: number;
  indent: string;
  /** What the declared type is written for: the class or the module statement. */
  scope: Node;
  isStatic: boolean;
  /** TypeScript modifiers of a field (`private` where only the class reads it). */
  modifiers: string;
  /** `let` or `var`, as the location's own declaration. */
  keyword: string;
}

/** Beside the location's declaration: the class's field, or the module variable's statement. */
function declarationPlace(fa: FileAnalysis, shape: PendingShape): DeclarationPlace | undefined {
  const sf = fa.sourceFile;
  const location = shape.race.write.location;
  const { owner } = shape;
  if (owner.kind === "this") return fieldPlace(sf, owner.cls, shape.holder.name, owner.isStatic, "private");
  const symbol = location.name && fa.queries.symbolOf(location.name);
  const declaration = symbol && fa.queries.declarationNode(symbol);
  if (!declaration || declaration.getSourceFile() !== sf) return undefined;
  if (owner.kind === "static") {
    const cls = declaration.kind === SyntaxKind.ClassDeclaration ? declaration : undefined;
    if (!cls) return undefined;
    // `private` only where every use is inside the class.
    const inside = contains(cls, shape.fn);
    return fieldPlace(sf, cls, shape.holder.name, true, inside ? "private" : "");
  }
  if (declaration.kind !== SyntaxKind.VariableDeclaration) return undefined;
  const list = declaration.parent;
  const statement = list?.parent;
  if (!list || statement?.kind !== SyntaxKind.VariableStatement || /^\s*declare\b/.test(statement.getText(sf))) return undefined;
  // By the list's flags (`using` and `await using` are none of these; isConstList counts `await using`).
  const scoped = list.flags & NodeFlags.BlockScoped;
  const keyword = scoped === NodeFlags.Const ? "const" : scoped === NodeFlags.Let ? "let" : scoped === 0 ? "var" : undefined;
  if (!keyword) return undefined;
  return {
    kind: "variable",
    at: afterCode(sf, statement),
    indent: indentAt(sf.text, statement.getStart(sf)),
    scope: statement,
    isStatic: false,
    modifiers: "",
    keyword,
  };
}

/** After the class's declaration of the field (or, when it declares none, as its first member). */
function fieldPlace(sf: SourceFile, cls: Node, field: string, isStatic: boolean, modifiers: string): DeclarationPlace | undefined {
  const members = (cls as unknown as { members?: readonly Node[] & { pos: number } }).members;
  if (!members?.length) return undefined;
  const declared = members.find(m => m.kind === SyntaxKind.PropertyDeclaration && (m as unknown as { name: Node }).name.getText(sf) === field);
  const indent = indentAt(sf.text, (declared ?? members[0]!).getStart(sf));
  // `{` then the first member: inserted right after the brace.
  const at = declared ? afterCode(sf, declared) : members.pos;
  if (!declared && sf.text[at - 1] !== "{") return undefined;
  return { kind: "field", at, indent, scope: cls, isStatic, modifiers, keyword: "" };
}

/** The end of the node's line when only a line comment follows it there, else the node's end. */
function afterCode(sf: SourceFile, node: Node): number {
  const { end } = javaScriptLineAt(sf.text, node.end);
  return /^[ \t]*(\/\/.*)?$/.test(sf.text.slice(node.end, end)) ? end : node.end;
}

/**
 * Names declared for types by the function and the functions around it below the declaration's
 * scope (type parameters, interfaces, aliases, classes, enums, nested ones too; for a static field
 * also the class's type parameters): not in scope where the pending declaration goes.
 */
function localTypeNames(fn: FunctionLike, scope: Node, isStatic: boolean): Set<string> {
  const names = new Set<string>();
  const add = (node: Node) =>
    walkPruned(
      node,
      n => {
        if (localTypeKinds.has(n.kind)) {
          const name = textOf((n as unknown as { name?: Node }).name);
          if (name) names.add(name);
        }
        return true;
      },
      true,
    );
  // A field's class sees what surrounds it; a module variable's statement sees none of the functions.
  const outer = isClassLike(scope) ? scope : scope.parent;
  const typeParameters = (n: Node) => (n as unknown as { typeParameters?: readonly Node[] }).typeParameters ?? [];
  for (let n: Node | undefined = fn; n && n !== outer; n = n.parent)
    if (isFunctionLike(n)) add(n);
    else if (isClassLike(n)) for (const parameter of typeParameters(n)) add(parameter);
  if (isStatic) for (const parameter of typeParameters(scope)) add(parameter);
  return names;
}

const localTypeKinds = new Set<SyntaxKind>([
  SyntaxKind.TypeParameter,
  SyntaxKind.InterfaceDeclaration,
  SyntaxKind.TypeAliasDeclaration,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.EnumDeclaration,
]);

/** A type text that names nothing local, and that the checker did not have to abbreviate or make up. */
function writable(type: string, locals: ReadonlySet<string>): boolean {
  if (/\.\.\.|\(Anonymous|\btypeof\b|__|\bunique symbol\b/.test(type)) return false;
  for (const word of type.match(/[A-Za-z_$][\w$]*/g) ?? []) if (locals.has(word)) return false;
  return true;
}
