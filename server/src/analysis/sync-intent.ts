// Blocking calls that the code itself says are deliberate. They are honoured where they are
// written and through every helper that reaches them ("suppress at the source"): a reason given
// once, on the blocking call, silences the reports of every caller, in every file.
//   1. "suppressed": a loopscope-ignore comment for the rule covers the call's line (the line
//      above it, or the whole file);
//   2. "tagged": an enclosing function's doc comment has a `@loopscope-sync-ok <reason>` tag;
//   3. "commented": a comment on the call's line, on the comment lines directly above it, above
//      its statement, above its enclosing function (or above the inert state declared right before
//      it, `ownStateAbove`) or opening that function's body says that the code is synchronous AND why
//      (see `saysDeliberatelySync`). A comment that calls it a problem (TODO, FIXME, "should be
//      async") does not count.
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { isFunctionLike } from "./async-context";
import { isClassLike, skipOuterExpressions } from "./syntax";
import { isSuppressedAt, parseSuppressions } from "./suppressions";
import { javaScriptLinesOf, type JavaScriptLines, lineMapOf } from "./positions";

export type SyncIntentKind = "suppressed" | "tagged" | "commented";

/** Words that say the code is synchronous: "sync", "synchronous", "blocking", `Atomics.wait`. */
const syncWords = /\bsync\b|\bsynchronous(ly)?\b|\bblock(s|ing)?\b|\bAtomics\.wait\b/i;
/** A synchronous API's name (`readFileSync`), by case: insensitively, "async" would match it. */
const syncApiName = /\b[a-z]\w*Sync\b/;
/** Words that give a reason or state the intent. */
const reasonWords = new RegExp(
  [
    "because",
    "since",
    "so that",
    "in order to",
    "so\\s+(the|we|it|that|this)",
    "on purpose",
    "deliberate(ly)?",
    "intentional(ly)?",
    "intended",
    "purposely",
    "must",
    "needs?\\s+to",
    "has to",
    "have to",
    "required",
    "requires",
    "atomic(ally)?",
    "exit(s|ing)?",
    "shut\\s*down",
    "only once",
    "once",
    "is (fine|ok|okay|safe|acceptable|cheap|intended)",
    "acceptable",
    "no other",
    "nothing else",
    "startup",
    "start-up",
    "boot",
  ]
    .map(w => `\\b${w}\\b`)
    .join("|"),
  "i",
);
/** A comment that admits a problem is not a reason. */
const problemWords = /\b(TODO|FIXME|XXX|HACK)\b|should (be|use) async|make (this |it )?async|not be sync/i;

/** Whether comment text says that the code is synchronous on purpose, and why. */
export function saysDeliberatelySync(comment: string): boolean {
  // A `loopscope-ignore-*` directive is a suppression, matched on its own lines (suppressions.ts):
  // its "-- reason" must not count a second time, on lines the directive does not cover.
  const prose = comment.replace(/\/\/\s*loopscope-ignore-[^\r\n\u2028\u2029]*/g, "");
  return (syncWords.test(prose) || syncApiName.test(prose)) && reasonWords.test(prose) && !problemWords.test(prose);
}

const syncOkTag = /@loopscope-sync-ok\b/;

/**
 * Whether any comment of the text could say a call is deliberate: a suppression directive, the
 * tag, or a word that says synchronous. Each comment read is a stretch of the text cut at token
 * or line boundaries, so none holds such a word when the whole text has none (most files).
 */
function mayTellIntent(text: string): boolean {
  return text.includes("loopscope-ignore-") || syncOkTag.test(text) || syncWords.test(text) || hasSyncApiName(text);
}

/**
 * `syncApiName` over a whole text, looked for only in a text that has "Sync" in it: the
 * expression tries every word of the text, and most files name no such API (on a 286k-line
 * project it took 27 ms; the `includes` 2 ms).
 */
function hasSyncApiName(text: string): boolean {
  return text.includes("Sync") && syncApiName.test(text);
}

/** Kinds whose leading comments belong to the function they hold (`const f = () => {}`, `exports.f = function () {}`). */
const holderKinds = new Set<SyntaxKind>([
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.VariableDeclarationList,
  SyntaxKind.VariableStatement,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.BinaryExpression,
  SyntaxKind.ExpressionStatement,
  SyntaxKind.ExportAssignment,
]);

export class SyncIntent {
  private suppressions: ReturnType<typeof parseSuppressions> | undefined;
  private readonly functionComments = new Map<Node, string>();
  private readonly lineComments = new Map<number, string>();
  private jsLines: JavaScriptLines | undefined;
  private mayTell: boolean | undefined;

  constructor(
    private readonly sourceFile: SourceFile,
    private readonly ruleId: string,
  ) {}

  /** Why the code says this blocking call is deliberate, or undefined. */
  of(call: Node): SyncIntentKind | undefined {
    if (!(this.mayTell ??= mayTellIntent(this.sourceFile.text))) return undefined;
    const start = call.getStart(this.sourceFile);
    this.suppressions ??= parseSuppressions(this.sourceFile.text);
    // Suppression comments are matched on the editor's lines (positions.ts), like everywhere else.
    if (this.suppressions.length && isSuppressedAt(this.suppressions, this.ruleId, lineMapOf(this.sourceFile.text).positionAt(start).line)) return "suppressed";
    let commented = saysDeliberatelySync(this.commentsAround(call, start));
    for (let n = call.parent; n; n = n.parent) {
      if (!isFunctionLike(n)) continue;
      const comments = this.leadingCommentsOfFunction(n);
      if (syncOkTag.test(comments)) return "tagged";
      // Only the nearest function's comment explains this call; outer ones describe other code.
      if (!commented && n === this.nearestFunction(call)) commented = saysDeliberatelySync(comments);
    }
    return commented ? "commented" : undefined;
  }

  private nearestFunction(node: Node): Node | undefined {
    for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
    return undefined;
  }

  /**
   * Comments on the call's line, the comment lines right above it, and above its statement.
   * Lines as JavaScript sees them (U+2028/U+2029 end a `//` comment too): this is about which
   * comment belongs to the code, not about positions.
   */
  private commentsAround(call: Node, start: number): string {
    const lines = (this.jsLines ??= javaScriptLinesOf(this.sourceFile.text));
    const line = lines.lineAt(start);
    // Calls on one line share its comments (a generated line can hold thousands of calls).
    let nearby = this.lineComments.get(line);
    if (nearby === undefined) {
      const parts: string[] = [];
      const own = trailingComment(lines.lineText(line));
      if (own) parts.push(own);
      for (let l = line - 1; l >= 0 && isCommentLine(lines.lineText(l)); l--) parts.push(lines.lineText(l));
      nearby = parts.join("\n");
      this.lineComments.set(line, nearby);
    }
    const parts = nearby ? [nearby] : [];
    const statement = enclosingStatement(call);
    if (statement) parts.push(commentsIn(this.sourceFile.text.slice(statement.pos, statement.getStart(this.sourceFile))));
    return parts.join("\n");
  }

  private leadingCommentsOfFunction(fn: Node): string {
    let known = this.functionComments.get(fn);
    if (known === undefined) {
      const text = this.sourceFile.text;
      const parts = [commentsIn(text.slice(fn.pos, fn.getStart(this.sourceFile)))];
      for (let n = fn.parent; n && holderKinds.has(n.kind); n = n.parent) parts.push(commentsIn(text.slice(n.pos, n.getStart(this.sourceFile))));
      // The comment that opens the body describes the function as well as one above it does.
      const body = (fn as unknown as { body?: Node }).body;
      const first = body?.kind === SyntaxKind.Block ? (body as unknown as { statements: readonly Node[] }).statements[0] : undefined;
      if (first) parts.push(commentsIn(text.slice(first.pos, first.getStart(this.sourceFile))));
      const state = ownStateAbove(fn, this.sourceFile);
      if (state) parts.push(commentsIn(text.slice(state.pos, state.getStart(this.sourceFile))));
      known = parts.join("\n");
      this.functionComments.set(fn, known);
    }
    return known;
  }
}

/** How many state declarations may stand between a function and the comment that explains it. */
const maxStateDeclarations = 3;

/**
 * The topmost of the inert declarations of the function's own state written right above it
 * (`// stay sync because ...` / `const cache = {};` / `function f() { ... cache ... }`): a comment
 * above them explains the function they serve, since a declaration that runs nothing (no call)
 * has nothing synchronous to explain. Each declaration must be used by the function and have no
 * comment of its own, except the topmost; undefined when there is none.
 */
function ownStateAbove(fn: Node, sourceFile: SourceFile): Node | undefined {
  let statement: Node = fn;
  while (statement.parent && holderKinds.has(statement.parent.kind)) statement = statement.parent;
  const siblings = siblingsOf(statement);
  if (!siblings) return undefined;
  const text = sourceFile.text;
  const body = text.slice(fn.pos, fn.end);
  let topmost: Node | undefined;
  for (let i = siblings.indexOf(statement) - 1, n = 0; i >= 0 && n < maxStateDeclarations; i--, n++) {
    const s = siblings[i]!;
    const names = inertStateNames(s);
    if (!names?.length || !names.some(name => usesName(body, name))) break;
    topmost = s;
    if (commentsIn(text.slice(s.pos, s.getStart(sourceFile)))) break;
  }
  return topmost;
}

function siblingsOf(statement: Node): readonly Node[] | undefined {
  const parent = statement.parent as unknown as { kind: SyntaxKind; statements?: readonly Node[]; members?: readonly Node[] } | undefined;
  if (!parent) return undefined;
  if (isClassLike(parent as unknown as Node)) return parent.members;
  if (parent.kind === SyntaxKind.SourceFile || parent.kind === SyntaxKind.Block || parent.kind === SyntaxKind.ModuleBlock) return parent.statements;
  return undefined;
}

/** The names a variable statement or class property declares when no initializer runs anything (literals, empty collections). */
function inertStateNames(statement: Node): string[] | undefined {
  type Declared = { name?: { kind: SyntaxKind; text?: string }; initializer?: Node };
  let declared: readonly Declared[];
  if (statement.kind === SyntaxKind.VariableStatement)
    declared = (statement as unknown as { declarationList: { declarations: readonly Declared[] } }).declarationList.declarations;
  else if (statement.kind === SyntaxKind.PropertyDeclaration) declared = [statement as unknown as Declared];
  else return undefined;
  const names: string[] = [];
  for (const d of declared) {
    if (!d.name?.text || (d.initializer && !isInert(d.initializer))) return undefined;
    names.push(d.name.text);
  }
  return names;
}

const emptyCollections = new Set(["Map", "Set", "WeakMap", "WeakSet", "Array", "Object"]);

function isInert(expression: Node): boolean {
  const node = skipOuterExpressions(expression);
  switch (node.kind) {
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
      return true;
    case SyntaxKind.Identifier:
      return (node as unknown as { text: string }).text === "undefined";
    case SyntaxKind.ObjectLiteralExpression:
      return (node as unknown as { properties: readonly Node[] }).properties.length === 0;
    case SyntaxKind.ArrayLiteralExpression:
      return (node as unknown as { elements: readonly Node[] }).elements.length === 0;
    case SyntaxKind.NewExpression: {
      const n = node as unknown as { expression: { kind: SyntaxKind; text?: string }; arguments?: readonly Node[] };
      return n.expression.kind === SyntaxKind.Identifier && emptyCollections.has(n.expression.text ?? "") && !n.arguments?.length;
    }
    default:
      return false;
  }
}

function usesName(functionText: string, name: string): boolean {
  return new RegExp(`(?<![\\w$])#?${name.replace(/[$]/g, "\\$")}(?![\\w$])`).test(functionText);
}

/** A `//` comment at the end of a line (after code or alone); `http://` inside a string does not start one. */
function trailingComment(line: string): string | undefined {
  const m = /(?:^|[\s;,(){}[\]])(\/\/.*|\/\*.*?\*\/)/.exec(line);
  return m?.[1];
}

function isCommentLine(line: string): boolean {
  return /^\s*(\/\/|\/\*|\*)/.test(line) || /\*\/\s*$/.test(line);
}

/** The comments in a stretch of leading trivia (whitespace and comments only). */
function commentsIn(trivia: string): string {
  return trivia.includes("/") ? trivia : "";
}

/** The statement (or class member, object property) a node is part of. */
function enclosingStatement(node: Node): Node | undefined {
  for (let n: Node | undefined = node; n?.parent; n = n.parent) {
    const k = n.parent.kind;
    if (
      k === SyntaxKind.Block ||
      k === SyntaxKind.SourceFile ||
      k === SyntaxKind.CaseClause ||
      k === SyntaxKind.DefaultClause ||
      k === SyntaxKind.ModuleBlock ||
      k === SyntaxKind.ObjectLiteralExpression ||
      k === SyntaxKind.ClassDeclaration
    )
      return n;
    if (isFunctionLike(n.parent)) return n; // an arrow function's expression body
  }
  return undefined;
}
