// Members of a command-line program's own objects that nothing in the project names (round 26):
// an instance method of a module-level class, and a function property of a module-level object
// literal (`export const api = { things: { create: () => fetch(...) } }`). Asked only in a package
// whose users import no module (`bin` and no `main`, `module` or `exports`; round 29: or whose every
// entry starts the program when loaded, uncalled-code.ts `programEntries`): a library's entry may
// hand the instance or the object to its users, who call the member by name, which the project does
// not show. A member read by a computed name (`this[step]()`, `holder[step]()` on a name an instance
// is stored under, `C[step]()`) may be any member (round 29: `readByComputedName`). A program's instance may still be handed to a dependency that calls its methods by name
// (a transport given to an SDK): the class must extend and implement nothing (compiled JavaScript
// keeps the `extends`), and an instance handed to a package's function where it is made
// (`server.connect(new Transport())`, or through a `const` in the same file) keeps the finding.
// `isUnreachedProperty` also serves round 28 (uncalled-code.ts `inUnreadProperty`): a named function
// put in such an object's property (`{ sendEvent }`), in a library too when only the object's own
// module exports it (`exportedOnlyAtHome`).
import { isBuiltin } from "node:module";
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { type FunctionLike } from "./async-context";
import { declarationsSeenFrom, identifiersNamedIn } from "./identifiers-by-text";
import { forEachDescendant, identifierPattern, isConstList, isPropertyName, isStaticMember, parentSkippingOuter, skipOuterExpressions, textOf } from "./syntax";
import { packageNameOf } from "./package-dependencies";
import type { FileAnalysis } from "../rules/rule";
import type { ProjectFiles } from "./project-files";

/** More files than this mention a name: too many to read; taken as named. */
export const maxFiles = 40;

/** `"f"`, `'f'`, `` `f` ``: the name as a string (a dispatch by name, `obj[method]()`). */
export function namesAsString(sourceFile: SourceFile, name: string): boolean {
  return new RegExp(`["'\`]${identifierPattern(name)}["'\`]`).test(sourceFile.text);
}

/**
 * A method with a plain name declared in a class at the top of a module: `"static"` or `"instance"`
 * (uncalled-code.ts asks of the statics, `isUncalledMethod` of the instance methods).
 */
export function moduleClassMethod(fn: FunctionLike): "static" | "instance" | undefined {
  if (fn.kind !== SyntaxKind.MethodDeclaration || (fn as unknown as { name: Node }).name.kind !== SyntaxKind.Identifier) return undefined;
  const cls = fn.parent;
  if (cls?.kind !== SyntaxKind.ClassDeclaration || cls.parent?.kind !== SyntaxKind.SourceFile) return undefined;
  return isStaticMember(fn) ? "static" : "instance";
}

/** An instance method of a class declared at the module's top level that extends and implements nothing. */
export function isOwnClassMethod(fn: FunctionLike): boolean {
  if (moduleClassMethod(fn) !== "instance") return false;
  const cls = fn.parent!;
  return !(cls as unknown as { heritageClauses?: readonly Node[] }).heritageClauses?.length && !!(cls as unknown as { name?: Node }).name;
}

/**
 * The method's name occurs in no file of the project but as the name of a declared member, or of a
 * member read on a package's value (`app.delete(...)` for `const app = express()`: see
 * `isPackageValue`), or as a member read in its own body or in the body of another instance method
 * of the class that is uncalled itself (round 41: a wrapper nothing calls), and in no string; and its
 * class is used only by `new`, in imports and exports and in types, its instances handed to no
 * package's function where they are made. `answers`: the methods already asked in this question.
 */
export function isUncalledMethod(project: ProjectFiles, fn: FunctionLike, answers = new Map<FunctionLike, boolean | undefined>()): boolean {
  if (answers.has(fn)) return answers.get(fn) ?? false;
  answers.set(fn, undefined);
  const answer = isUncalledMethodOnce(project, fn, answers);
  answers.set(fn, answer);
  return answer;
}

function isUncalledMethodOnce(project: ProjectFiles, fn: FunctionLike, answers: Map<FunctionLike, boolean | undefined>): boolean {
  const name = textOf((fn as unknown as { name: Node }).name);
  const cls = fn.parent!;
  const className = textOf((cls as unknown as { name: Node }).name);
  if (!name || !className) return false;
  const files = project.filesMentioning(name);
  if (files.length > maxFiles) return false;
  for (const file of files) {
    const analysis = project.analysisOf(file);
    if (!analysis || namesAsString(analysis.sourceFile, name)) return false;
    for (const id of identifiersNamedIn(analysis.sourceFile, name)) {
      const parent = id.parent;
      if (!isPropertyName(id)) return false;
      if (parent?.kind !== SyntaxKind.PropertyAccessExpression) continue;
      if (isPackageValue(analysis, (parent as unknown as { expression: Node }).expression)) continue;
      // Round 41: a read in the body of this method, or of another instance method of the class that
      // never runs itself (`this.getComments(pr)` in an uncalled `getCommentsWithIndicator`), never
      // runs either. A method whose answer is being read (a cycle) counts as called.
      const around = instanceMethodAround(id, cls);
      if (around && (around === fn || isUncalledMethod(project, around, answers))) continue;
      return false;
    }
  }
  const holders = new Set<string>();
  return instancesStayInProgram(project, cls, className, holders) && !readByComputedName(project, cls, holders);
}

/** The instance method of `cls` (a plain name, not a static, an accessor or a field's function) whose body holds `node`. */
function instanceMethodAround(node: Node, cls: Node): FunctionLike | undefined {
  for (let n = node.parent; n && n !== cls; n = n.parent)
    if (n.kind === SyntaxKind.MethodDeclaration && n.parent === cls && moduleClassMethod(n as FunctionLike) === "instance") return n as FunctionLike;
  return undefined;
}

/** A static member of the class may be read by a name the code computes: `C[name]`, `this[name]` (see `readByComputedName`). */
export function classReadByComputedName(project: ProjectFiles, cls: Node): boolean {
  const name = textOf((cls as unknown as { name?: Node }).name);
  return !name || readByComputedName(project, cls, new Set([name]));
}

/**
 * A member of the class may be read by a name the code computes (round 29): `this[name]()` in the
 * class, or `holder[name]` / `x.holder[name]` where `holder` is a name an instance is stored under
 * (`this.session = new Session()`, `const c = new Session()`), anywhere in the project. A name read from
 * a string is `namesAsString`'s.
 */
function readByComputedName(project: ProjectFiles, cls: Node, holders: ReadonlySet<string>): boolean {
  let found = false;
  forEachDescendant(cls, n => {
    found ||=
      n.kind === SyntaxKind.ElementAccessExpression &&
      skipOuterExpressions((n as unknown as { expression: Node }).expression).kind === SyntaxKind.ThisKeyword &&
      isComputedKey(n);
  });
  if (found) return true;
  for (const holder of holders) {
    const files = project.filesMentioning(holder);
    if (files.length > maxFiles) return true;
    for (const file of files) {
      const sourceFile = project.analysisOf(file)?.sourceFile;
      if (!sourceFile) return true;
      for (const id of identifiersNamedIn(sourceFile, holder)) {
        const parent = id.parent;
        const read = parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { name: Node }).name === id ? parent : id;
        const { parent: outer, child } = parentSkippingOuter(read);
        if (outer?.kind === SyntaxKind.ElementAccessExpression && (outer as unknown as { expression: Node }).expression === child && isComputedKey(outer))
          return true;
      }
    }
  }
  return false;
}

/** `x[k]` whose key is no literal (`x["send"]` names the member as a string; `x[0]` is no method). */
function isComputedKey(access: Node): boolean {
  const key = skipOuterExpressions((access as unknown as { argumentExpression: Node }).argumentExpression);
  return key.kind !== SyntaxKind.StringLiteral && key.kind !== SyntaxKind.NoSubstitutionTemplateLiteral && key.kind !== SyntaxKind.NumericLiteral;
}

/**
 * The name an instance made at `made` (`new C(...)`) is stored under: a variable's, a field's
 * (`this.f = new C()`, `f = new C()` in a class), an object property's.
 */
function holderOf(made: Node): string | undefined {
  const { parent, child } = parentSkippingOuter(made);
  if (!parent) return undefined;
  if (
    (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyDeclaration || parent.kind === SyntaxKind.PropertyAssignment) &&
    (parent as unknown as { initializer?: Node }).initializer === child
  ) {
    const name = (parent as unknown as { name: Node }).name;
    return name.kind === SyntaxKind.Identifier ? textOf(name) : undefined;
  }
  if (parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === child) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    if (left.kind === SyntaxKind.Identifier) return textOf(left);
    if (left.kind === SyntaxKind.PropertyAccessExpression) return textOf((left as unknown as { name: Node }).name);
  }
  return undefined;
}

/**
 * Every use of the class's name is its declaration, an import or export under the same name, a
 * type (not another class's `extends`), or `new C(...)` whose instance is not an argument of a package's function, directly or
 * through the `const` it is stored in (`const t = new C(); server.connect(t)`). A key or a member
 * declared with the name (`headers: { Session: ... }`) is not the class (round 29). The names the
 * instances are stored under go to `holders`.
 */
function instancesStayInProgram(project: ProjectFiles, cls: Node, className: string, holders: Set<string>): boolean {
  const files = project.filesMentioning(className);
  if (files.length > maxFiles) return false;
  for (const file of files) {
    const analysis = project.analysisOf(file);
    if (!analysis) return false;
    for (const id of identifiersNamedIn(analysis.sourceFile, className)) {
      const parent = id.parent;
      if (!parent || parent === cls) continue;
      // A key or a member declared with the class's name (`headers: { Session: ... }`): not the class.
      if (isPropertyName(id) && parent.kind !== SyntaxKind.PropertyAccessExpression) continue;
      if (parent.kind === SyntaxKind.ImportSpecifier || parent.kind === SyntaxKind.ExportSpecifier) {
        const renamed = (parent as unknown as { propertyName?: Node }).propertyName;
        if (renamed && textOf(renamed) !== textOf((parent as unknown as { name: Node }).name)) return false;
        continue;
      }
      if (parent.kind === SyntaxKind.ExpressionWithTypeArguments) {
        // `class Cached extends C`: the subclass's instances carry the method wherever they go.
        if (isClassExtends(parent)) return false;
        continue;
      }
      if (parent.kind === SyntaxKind.ImportClause || parent.kind === SyntaxKind.TypeReference) continue;
      // CommonJS by name: `module.exports = { Session }`, `exports.Session = Session`, `const { Session } = require("./session")`.
      if (isOwnExport(id) || isRequiredByName(id)) continue;
      if (parent.kind !== SyntaxKind.NewExpression || (parent as unknown as { expression: Node }).expression !== id) return false;
      if (handedToPackage(analysis, parent)) return false;
      const holder = holderOf(parent);
      if (holder) holders.add(holder);
    }
  }
  return true;
}

/** `const { C } = require("./c")`: a module of the project's required, its export taken under its own name. */
function isRequiredByName(id: Node): boolean {
  const element = id.parent;
  if (element?.kind !== SyntaxKind.BindingElement || (element as unknown as { name: Node }).name !== id) return false;
  if ((element as unknown as { propertyName?: Node }).propertyName || (element as unknown as { dotDotDotToken?: Node }).dotDotDotToken) return false;
  const declaration = element.parent?.parent;
  if (element.parent?.kind !== SyntaxKind.ObjectBindingPattern || declaration?.kind !== SyntaxKind.VariableDeclaration) return false;
  const init = (declaration as unknown as { initializer?: Node }).initializer;
  const call = init && skipOuterExpressions(init);
  if (call?.kind !== SyntaxKind.CallExpression || textOf((call as unknown as { expression: Node }).expression) !== "require") return false;
  const [specifier] = (call as unknown as { arguments: readonly Node[] }).arguments;
  return !!specifier && specifier.kind === SyntaxKind.StringLiteral && /^\.\.?\//.test(textOf(specifier) ?? "");
}

/** The class named in another class's `extends` clause (an `implements`, or an interface's `extends`, is a type). */
function isClassExtends(heritage: Node): boolean {
  const clause = heritage.parent;
  const owner = clause?.parent;
  return (
    clause?.kind === SyntaxKind.HeritageClause &&
    (clause as unknown as { token: SyntaxKind }).token === SyntaxKind.ExtendsKeyword &&
    (owner?.kind === SyntaxKind.ClassDeclaration || owner?.kind === SyntaxKind.ClassExpression)
  );
}

/** `pkg(new C())`, or `const c = new C(); ... pkg(c)` in the same file. */
function handedToPackage(analysis: FileAnalysis, made: Node): boolean {
  let node: Node = made;
  while (node.parent && isOuter(node.parent)) node = node.parent;
  const parent = node.parent;
  if (parent && isArgumentOf(parent, node)) return isPackageCall(analysis, parent);
  if (parent?.kind !== SyntaxKind.VariableDeclaration || (parent as unknown as { name: Node }).name.kind !== SyntaxKind.Identifier) return false;
  const local = textOf((parent as unknown as { name: Node }).name)!;
  for (const id of identifiersNamedIn(analysis.sourceFile, local)) {
    const user = id.parent;
    if (user && isArgumentOf(user, id) && isPackageCall(analysis, user)) return true;
  }
  return false;
}

function isOuter(node: Node): boolean {
  return node.kind === SyntaxKind.ParenthesizedExpression || node.kind === SyntaxKind.AsExpression || node.kind === SyntaxKind.NonNullExpression;
}

function isArgumentOf(call: Node, arg: Node): boolean {
  if (call.kind !== SyntaxKind.CallExpression && call.kind !== SyntaxKind.NewExpression) return false;
  return ((call as unknown as { arguments?: readonly Node[] }).arguments ?? []).includes(arg);
}

/** A call or `new` of a package's function (the callee's root is a package's import). */
function isPackageCall(analysis: FileAnalysis, call: Node): boolean {
  const root = rootOf((call as unknown as { expression: Node }).expression);
  return root?.kind === SyntaxKind.Identifier && isPackageBinding(analysis, textOf(root)!);
}

/** `a` of `a.b.c`, `a().b`. */
function rootOf(expression: Node): Node | undefined {
  let e = skipOuterExpressions(expression);
  while (e.kind === SyntaxKind.PropertyAccessExpression || e.kind === SyntaxKind.CallExpression)
    e = skipOuterExpressions((e as unknown as { expression: Node }).expression);
  return e;
}

/** A local name bound to a builtin module or a declared package (not the project's own modules, nor a path alias). */
function isPackageBinding(analysis: FileAnalysis, local: string): boolean {
  const binding = analysis.bindings.forLocalName(local);
  if (!binding || binding.module.startsWith(".")) return false;
  return isBuiltin(binding.module) || !!analysis.dependencies?.has(packageNameOf(binding.module));
}

/**
 * A receiver that cannot be an instance of the program's own class: a package's import
 * (`axios.delete`), or a name whose every declaration seen from there is a `const` made by a call or
 * `new` of a package's function (`const app = express()`) or of a global constructor of the runtime
 * (`const seen = new Map()`) given none of the program's own imports.
 */
function isPackageValue(analysis: FileAnalysis, receiver: Node): boolean {
  const r = skipOuterExpressions(receiver);
  if (r.kind !== SyntaxKind.Identifier) return false;
  const name = textOf(r)!;
  if (analysis.bindings.forLocalName(name)) return isPackageBinding(analysis, name);
  const declarations = declarationsSeenFrom(r, name);
  if (!declarations.length) return false;
  for (const id of identifiersNamedIn(analysis.sourceFile, name)) {
    // Parameters, other bindings and assignments may give the name any value.
    const p = id.parent;
    if (!p || id === r) continue;
    if (p.kind === SyntaxKind.Parameter || p.kind === SyntaxKind.BindingElement) return false;
    if (p.kind === SyntaxKind.BinaryExpression && (p as unknown as { left: Node }).left === id) return false;
  }
  return declarations.every(({ declaration }) => {
    if (!isConstList(declaration.parent)) return false;
    const init = (declaration as unknown as { initializer?: Node }).initializer;
    const made = init && skipOuterExpressions(init);
    if (!made || (made.kind !== SyntaxKind.CallExpression && made.kind !== SyntaxKind.NewExpression)) return false;
    const args = (made as unknown as { arguments?: readonly Node[] }).arguments ?? [];
    if (args.some(a => mentionsOwnImport(analysis, a))) return false;
    const root = rootOf((made as unknown as { expression: Node }).expression);
    if (root?.kind !== SyntaxKind.Identifier) return false;
    const callee = textOf(root)!;
    if (analysis.bindings.forLocalName(callee)) return isPackageBinding(analysis, callee);
    return made.kind === SyntaxKind.NewExpression && isRuntimeConstructor(analysis.sourceFile, callee);
  });
}

/** A global constructor of the runtime (`Map`, `Set`, `URLSearchParams`) that the file does not declare. */
function isRuntimeConstructor(sourceFile: SourceFile, name: string): boolean {
  if (typeof (globalThis as Record<string, unknown>)[name] !== "function") return false;
  return identifiersNamedIn(sourceFile, name).every(id => {
    const p = id.parent;
    return !p || (p as unknown as { name?: Node }).name !== id || p.kind === SyntaxKind.PropertyAccessExpression;
  });
}

/** Whether `node` names, anywhere in it, an import of the project's own (not a package's). Iterative: arguments nest without bound. */
function mentionsOwnImport(analysis: FileAnalysis, node: Node): boolean {
  const ownImport = (n: Node) => n.kind === SyntaxKind.Identifier && !!analysis.bindings.forLocalName(textOf(n)!) && !isPackageBinding(analysis, textOf(n)!);
  if (ownImport(node)) return true;
  let found = false;
  forEachDescendant(node, n => {
    found ||= ownImport(n);
  });
  return found;
}

/**
 * A function that is a property of a module-level object literal (`const api = { things: { create:
 * () => ... } }`, also a method `create() {...}`): the `const`'s name and the property names down to
 * it (`["api", "things", "create"]`).
 */
export function objectPropertyPath(fn: FunctionLike): string[] | undefined {
  let member: Node = fn;
  if (fn.kind !== SyntaxKind.MethodDeclaration) {
    if (fn.kind !== SyntaxKind.ArrowFunction && fn.kind !== SyntaxKind.FunctionExpression) return undefined;
    member = fn.parent!;
    if (member?.kind !== SyntaxKind.PropertyAssignment || (member as unknown as { initializer: Node }).initializer !== fn) return undefined;
  }
  return memberPath(member);
}

/**
 * The path of a member of a module-level object literal (a property, a method, a shorthand `{ f }`):
 * the `const`'s name and the property names down to it; undefined for any other member.
 */
export function memberPath(member: Node): string[] | undefined {
  const path: string[] = [];
  for (;;) {
    const name = (member as unknown as { name: Node }).name;
    if (name.kind !== SyntaxKind.Identifier) return undefined;
    path.unshift(textOf(name)!);
    const literal = member.parent;
    if (literal?.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
    const holder = literal.parent;
    if (holder?.kind === SyntaxKind.PropertyAssignment) {
      member = holder;
      continue;
    }
    if (holder?.kind !== SyntaxKind.VariableDeclaration || (holder as unknown as { initializer: Node }).initializer !== literal) return undefined;
    const id = (holder as unknown as { name: Node }).name;
    const statement = holder.parent?.parent;
    if (id.kind !== SyntaxKind.Identifier || statement?.kind !== SyntaxKind.VariableStatement || statement.parent?.kind !== SyntaxKind.SourceFile)
      return undefined;
    if (!isConstList(holder.parent)) return undefined;
    path.unshift(textOf(id)!);
    return path;
  }
}

/**
 * No code reaches the property along its path: every use of the object's name in the project is a
 * chain of property reads (`api.things.list()`) that leaves the path before the property, or an
 * import or export under the same name; and the property's name occurs in no string and, inside the
 * object, only as a declared name (no `this.create()`); a name more files mention than are read is
 * taken as named. A use of the object, or of an object on the path, as a value (`api[kind]`,
 * `{ ...api }`, `Object.values(api.things)`, an argument, a renamed import) keeps the finding: the
 * property may be reached through it.
 */
export function isUnreachedProperty(project: ProjectFiles, at: Node, path: readonly string[], options: UnreachedOptions = {}): boolean {
  const [root, ...members] = path;
  const property = members[members.length - 1]!;
  const home = at.getSourceFile();
  let declaration: Node = at;
  while (declaration.kind !== SyntaxKind.VariableDeclaration) declaration = declaration.parent!;
  const rootName = (declaration as unknown as { name: Node }).name;
  for (const id of identifiersNamedIn(home, property))
    if (
      id !== options.value &&
      id.pos >= declaration.pos &&
      id.end <= declaration.end &&
      (!isPropertyName(id) || id.parent?.kind === SyntaxKind.PropertyAccessExpression)
    )
      return false;
  const files = project.filesMentioning(root!);
  const named = project.filesMentioning(property);
  if (files.length > maxFiles || named.length > maxFiles) return false;
  for (const file of named) {
    const sourceFile = project.analysisOf(file)?.sourceFile;
    if (!sourceFile || namesAsString(sourceFile, property)) return false;
  }
  for (const file of files) {
    const sourceFile = project.analysisOf(file)?.sourceFile;
    if (!sourceFile || namesAsString(sourceFile, root!)) return false;
    for (const id of identifiersNamedIn(sourceFile, root!)) {
      if (id === rootName) continue;
      if (!leavesPath(id, members, options.exportedOnlyAtHome ? home : undefined)) return false;
    }
  }
  return true;
}

/** How `isUnreachedProperty` reads the uses. */
export interface UnreachedOptions {
  /** The identifier that is the property's value (`{ f }`, `{ key: f }`): the function's own name, not a use of the property. */
  value?: Node;
  /** Only the object's own module may export it (a library: a re-export elsewhere may reach the entry and its users). */
  exportedOnlyAtHome?: boolean;
}

/**
 * One use of the object's name: a read chain that leaves the path before its end, or an import or
 * export under the same name (an export only in `home`, when given).
 */
function leavesPath(id: Node, members: readonly string[], home?: SourceFile): boolean {
  const parent = id.parent!;
  if (parent.kind === SyntaxKind.ExportSpecifier && home && id.getSourceFile() !== home) return false;
  if (parent.kind === SyntaxKind.ImportSpecifier || parent.kind === SyntaxKind.ExportSpecifier) {
    const renamed = (parent as unknown as { propertyName?: Node }).propertyName;
    return !renamed || textOf(renamed) === textOf((parent as unknown as { name: Node }).name);
  }
  // `m.api` (a namespace's or another object's property of the name): the chain starts there.
  let e: Node = parent.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { name: Node }).name === id ? parent : id;
  if (e === id && isPropertyName(id)) return true; // a property declared with the name elsewhere
  for (const member of members) {
    const up = e.parent;
    if (up?.kind !== SyntaxKind.PropertyAccessExpression || (up as unknown as { expression: Node }).expression !== e) return false;
    if (textOf((up as unknown as { name: Node }).name) !== member) return true;
    e = up;
  }
  return false;
}

/** `export { f }`, `exports.f = ...` (also tsc's `exports.f = void 0`), `exports.f = f`, `module.exports = { f }`: the module exporting it. */
export function isOwnExport(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.kind === SyntaxKind.ExportSpecifier) {
    const renamed = (parent as unknown as { propertyName?: Node }).propertyName;
    return !renamed || textOf(renamed) === textOf((parent as unknown as { name: Node }).name);
  }
  // `exports.f = f;`: exported under its own name (under another one, importers would use that).
  if (parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === id) {
    const left = (parent as unknown as { left: Node }).left;
    return (
      (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
      left.kind === SyntaxKind.PropertyAccessExpression &&
      /^(module\.)?exports$/.test((left as unknown as { expression: Node }).expression.getText()) &&
      textOf((left as unknown as { name: Node }).name) === textOf(id)
    );
  }
  if (parent.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { name: Node }).name === id)
    return /^(module\.)?exports$/.test((parent as unknown as { expression: Node }).expression.getText()) && isAssignedTo(parent);
  if (parent.kind === SyntaxKind.ShorthandPropertyAssignment || parent.kind === SyntaxKind.PropertyAssignment) {
    if (parent.kind === SyntaxKind.PropertyAssignment && (parent as unknown as { initializer: Node }).initializer !== id) return false;
    const assignment = parent.parent?.parent;
    return (
      assignment?.kind === SyntaxKind.BinaryExpression &&
      (assignment as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
      /^module\.exports$/.test((assignment as unknown as { left: Node }).left.getText())
    );
  }
  return false;
}

/** The left side of `=` (also in a chain: `exports.a = exports.b = void 0`). */
function isAssignedTo(access: Node): boolean {
  const p = access.parent;
  return (
    p?.kind === SyntaxKind.BinaryExpression &&
    (p as unknown as { left: Node }).left === access &&
    (p as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken
  );
}
