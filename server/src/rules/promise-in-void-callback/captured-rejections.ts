// Emitters made with `captureRejections`: Node turns a rejection of one of their listeners into the
// emitter's 'error' event (or its `Symbol.for('nodejs.rejection')` method), so nothing is left
// unhandled. That is a property of one emitter, not of a project: an emitter made with the option,
// or an instance of a class whose constructor passes it to `super(...)`. Only
// `EventEmitter.captureRejections = true` (Node's default for every emitter made after it) covers
// every emitter. A package's class counts too: one written in JavaScript is read as the project's
// are, and one the package declares in a `.d.ts` (no constructor body) by the package's own
// JavaScript (analysis/package-emitters.ts).
import { SyntaxKind, TypeFlags, type Node, type Type } from "../../analysis/typescript";
import { callArguments, enclosingClass, isClassLike, memberName, objectMembers, skipOuterExpressions } from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";

const word = "captureRejections";

/** Whether any file of the project mentions the option at all (else no emitter captures). */
export function projectMentionsCapture(fa: FileAnalysis): boolean {
  return fa.sourceFile.text.includes(word) || (fa.project?.filesMentioning(word).length ?? 0) > 0;
}

/** `EventEmitter.captureRejections = true` (or `events.captureRejections = ...`) somewhere in the project. */
export function capturesEveryEmitter(fa: FileAnalysis): boolean {
  // Set to anything but a literal `false` (which is Node's default anyway).
  const assigns = /\.captureRejections\s*=(?!=)(?!\s*false\b)/;
  if (assigns.test(fa.sourceFile.text)) return true;
  return (fa.project?.filesMentioning(word) ?? []).some(file => assigns.test(fa.project?.analysisOf(file)?.sourceFile.text ?? ""));
}

/**
 * Whether the emitter `receiver` (whose type phase 1 asked for) was made with `captureRejections`:
 * its class (or a base class) passes the option to `super(...)`, or the variable or property it
 * is read from is declared with, or assigned, `new ...({ captureRejections })`.
 * `projectMentions`: some file of the project names the option (`projectMentionsCapture`); when
 * none does, only a package's class can have passed it.
 */
export function emitterCapturesRejections(fa: FileAnalysis, receiver: Node, projectMentions: boolean): boolean {
  if (classCaptures(fa, fa.queries.typeOf(receiver), 0, projectMentions)) return true;
  if (!projectMentions) return false;
  const target = skipOuterExpressions(receiver);
  // `this.on(...)` in the class itself (the type of `this` is the class's polymorphic `this`).
  if (target.kind === SyntaxKind.ThisKeyword) {
    const own = enclosingClass(target);
    return !!own && superCaptures(own);
  }
  if (target.kind !== SyntaxKind.Identifier && target.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const symbol = fa.queries.lateSymbolOf(target);
  const declaration = symbol && fa.queries.declarationNode(symbol);
  if (declaration && madeCapturing(initializerOf(declaration))) return true;
  // `this.bus = new EventEmitter({ captureRejections: true })` in the constructor of a class that
  // declares `bus` without an initializer: the assignment, in the receiver's own file.
  const written = target.getText().replace(/\s+/g, "");
  let found = false;
  walkPruned(target.getSourceFile(), node => {
    if (node.kind !== SyntaxKind.BinaryExpression) return true;
    const { left, operatorToken, right } = node as unknown as { left: Node; operatorToken: Node; right: Node };
    found = operatorToken.kind === SyntaxKind.EqualsToken && left.getText().replace(/\s+/g, "") === written && madeCapturing(right);
    return found ? "stop" : true;
  });
  return found;
}

function initializerOf(declaration: Node): Node | undefined {
  if (
    declaration.kind === SyntaxKind.VariableDeclaration ||
    declaration.kind === SyntaxKind.PropertyDeclaration ||
    declaration.kind === SyntaxKind.PropertyAssignment
  )
    return (declaration as unknown as { initializer?: Node }).initializer;
  if (declaration.kind === SyntaxKind.BinaryExpression) return (declaration as unknown as { right: Node }).right;
  return undefined;
}

/** `new X({ captureRejections: true })` (any value but a literal `false`, or a shorthand `{ captureRejections }`). */
function madeCapturing(expression: Node | undefined): boolean {
  const made = expression && skipOuterExpressions(expression);
  return made?.kind === SyntaxKind.NewExpression && callArguments(made).some(passesCapture);
}

function passesCapture(argument: Node): boolean {
  const options = skipOuterExpressions(argument);
  if (options.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  return objectMembers(options).some(member => {
    if (memberName(member) !== word) return false;
    if (member.kind === SyntaxKind.ShorthandPropertyAssignment) return true;
    const value = (member as unknown as { initializer?: Node }).initializer;
    return member.kind === SyntaxKind.PropertyAssignment && !!value && skipOuterExpressions(value).kind !== SyntaxKind.FalseKeyword;
  });
}

/**
 * The class of `type`, or one of its base classes, calls `super({ captureRejections })` in its
 * constructor. The project's classes are read only when `projectMentions` (else none names the
 * option); a package's always: in its JavaScript (a class resolved to a `.js` file in
 * `node_modules`), or, for a class its `.d.ts` declares, by name in the package's JavaScript.
 */
function classCaptures(fa: FileAnalysis, type: Type | undefined, depth: number, projectMentions: boolean): boolean {
  if (!type || depth > 6 || type.flags & (TypeFlags.Any | TypeFlags.Unknown) || type.isUnionType()) return false;
  const target = type.isTypeReference() ? type.getTarget() : type;
  if (!target.isClassOrInterface()) return false;
  const symbol = target.getSymbol();
  const where = symbol && fa.queries.declarationOf(symbol);
  if (symbol && where) {
    // A class with a body to read: a package's JavaScript, or the project's own when it names the option.
    if (where.isExternal ? !where.isDeclarationFile : projectMentions) {
      const declaration = fa.queries.declarationNode(symbol);
      if (declaration && isClassLike(declaration) && superCaptures(declaration)) return true;
    } else if (where.isExternal && fa.installedPackages?.capturingClasses(where.fileName).has(symbol.name)) {
      return true;
    }
  }
  return (target.getBaseTypes() ?? []).some(base => classCaptures(fa, base, depth + 1, projectMentions));
}

function superCaptures(classNode: Node): boolean {
  let found = false;
  walkPruned(classNode, node => {
    if (node.kind === SyntaxKind.CallExpression && (node as unknown as { expression: Node }).expression.kind === SyntaxKind.SuperKeyword)
      found = callArguments(node).some(passesCapture);
    return found ? "stop" : true;
  });
  return found;
}
