// Calls of a file-private function in its own file (rule 4 of startup-paths.ts): only this file
// can call it, so its calls here are all its calls, and it is start-up code when they all are.
// A reference that is not a call (passed on, stored, exported) means it may run at any time;
// a wrapper's result (`const g = debounce(f)`) is followed to the calls of `g`.
import { ModifierFlags, SyntaxKind, type Node, type SourceFile } from "../typescript";
import type { FunctionLike } from "../async-context";
import { walk } from "../walk";
import { indirectCallTarget, isPropertyName, textOf as text } from "../syntax";
import { isOnceRegistration, isRegisteredHandler } from "./serving-evidence";
import { identifiersNamedIn } from "../identifiers-by-text";

export class FileLocalCalls {
  private references: Map<string, Node[]> | undefined;

  constructor(
    private readonly sourceFile: SourceFile,
    /** Evidence mode (startup-paths.ts): a reference that registers the function as a handler shows that it serves. */
    private readonly evidence: boolean,
  ) {}

  /**
   * The calls of a file-private function from outside its own body, or undefined when it is not
   * file-private or is referenced other than by a call (passed on, stored or exported: it may run at any time).
   */
  callsFromOutside(fn: FunctionLike): Node[] | "serves" | undefined {
    const declared = fileLocalName(fn);
    if (!declared) return undefined;
    const calls: Node[] = [];
    for (const ref of this.referencesOf(declared.name, declared.viaThis)) {
      if (ref === declared.nameNode) continue;
      const call = calledBy(ref);
      // Evidence mode: a reference that is not a call shows nothing, unless it registers the function
      // as a handler, or hands it to a wrapper whose result is called (`const g = debounce(f)`).
      if (!call && this.evidence) {
        const value = ref.parent?.kind === SyntaxKind.PropertyAccessExpression && isPropertyName(ref) ? ref.parent : ref;
        const bound = boundCallOf(value);
        if (isRegisteredHandler(value) || (bound && isRegisteredHandler(bound))) return "serves";
        // A listener of an event that happens once (`api.on("didFinishLaunching", this.launch)`): runs once, no evidence.
        if (isOnceRegistration(value) || (bound && isOnceRegistration(bound))) continue;
        const through = this.callsThroughWrapper(ref);
        if (through === "serves") return "serves";
        if (through === "once") continue;
        calls.push(...(through ?? []).filter(c => !(c.pos >= fn.pos && c.end <= fn.end)));
        continue;
      }
      if (!call) return undefined;
      if (call.pos >= fn.pos && call.end <= fn.end) continue; // recursion decides nothing
      calls.push(call);
    }
    return calls;
  }

  /**
   * Whether a method of a class is registered in its own file as a handler of repeated work
   * through `this`: `emitter.on("data", this.onData)`, `server.setRequestHandler(Schema,
   * this.callTool.bind(this))`. It then runs per event or request, whoever else may call it.
   */
  registeredThroughThis(fn: FunctionLike): boolean {
    if (fn.kind !== SyntaxKind.MethodDeclaration) return false;
    const name = text((fn as unknown as { name: Node }).name);
    if (!name) return false;
    // Found from the text (identifiers-by-text.ts): asked for public methods too, it must not build the whole file.
    for (const ref of identifiersNamedIn(this.sourceFile, name)) {
      const access = ref.parent;
      if (access?.kind !== SyntaxKind.PropertyAccessExpression || !isPropertyName(ref)) continue;
      if ((access as unknown as { expression: Node }).expression.kind !== SyntaxKind.ThisKeyword) continue;
      if (isRegisteredHandler(access)) return true;
      const bound = boundCallOf(access);
      if (bound && isRegisteredHandler(bound)) return true;
    }
    return false;
  }

  /**
   * `const g = debounce(f, 100)`, `const g = wrap(async () => ...)`: `f` runs when `g` is called,
   * so the calls of `g` in this file are its calls ("once" when the wrapper runs it at most once:
   * `once(f)`, `memoize(f)`); undefined when `value` is not wrapped that way.
   */
  callsThroughWrapper(value: Node): Node[] | "serves" | "once" | undefined {
    let outer = value;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    const call = outer.parent;
    if (call?.kind !== SyntaxKind.CallExpression || !(call as unknown as { arguments: readonly Node[] }).arguments.includes(outer)) return undefined;
    const holder = call.parent;
    if (holder?.kind !== SyntaxKind.VariableDeclaration || (holder as unknown as { initializer?: Node }).initializer !== call) return undefined;
    const nameNode = (holder as unknown as { name: Node }).name;
    const name = text(nameNode);
    if (nameNode.kind !== SyntaxKind.Identifier || !name) return undefined;
    if (/once|memo|cache/i.test((call as unknown as { expression: Node }).expression.getText())) return "once";
    const calls: Node[] = [];
    for (const ref of this.referencesOf(name, false)) {
      if (ref === nameNode) continue;
      const c = calledBy(ref);
      if (c) calls.push(c);
      else if (isRegisteredHandler(ref)) return "serves";
    }
    return calls;
  }

  /** Identifiers named `name` (or `this.name` accesses), found by one walk of the file on first need. */
  private referencesOf(name: string, viaThis: boolean): Node[] {
    const all = this.allReferences().get(name) ?? [];
    // Methods are reached through `x.name` (`this.name`, or another instance of the class:
    // same-named methods of other classes count too, which only errs towards reporting);
    // a function through its plain name.
    return all.filter(n => (viaThis ? n.parent?.kind === SyntaxKind.PropertyAccessExpression && isPropertyName(n) : !isPropertyName(n)));
  }

  private allReferences(): Map<string, Node[]> {
    if (!this.references) {
      const refs = new Map<string, Node[]>();
      walk(this.sourceFile, node => {
        if (node.kind !== SyntaxKind.Identifier && node.kind !== SyntaxKind.PrivateIdentifier) return;
        const key = text(node);
        if (!key) return;
        let list = refs.get(key);
        if (!list) refs.set(key, (list = []));
        list.push(node);
      });
      this.references = refs;
    }
    return this.references;
  }
}

/** The declared name of a function that only this file can call, or undefined. */
export function fileLocalName(fn: FunctionLike): { name: string; nameNode: Node | undefined; viaThis: boolean } | undefined {
  const flags = fn.modifierFlags ?? 0;
  if (fn.kind === SyntaxKind.MethodDeclaration) {
    const nameNode = (fn as unknown as { name: Node }).name;
    const isPrivate = nameNode.kind === SyntaxKind.PrivateIdentifier || (flags & ModifierFlags.Private) !== 0;
    const name = text(nameNode);
    return isPrivate && name ? { name, nameNode, viaThis: true } : undefined;
  }
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    if (flags & (ModifierFlags.Export | ModifierFlags.Default)) return undefined;
    const nameNode = (fn as unknown as { name?: Node }).name;
    const name = text(nameNode);
    return name ? { name, nameNode, viaThis: false } : undefined;
  }
  // const load = async () => {} / function () {}
  const parent = fn.parent;
  if (parent?.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === fn) {
    const statement = parent.parent?.parent;
    if (statement && ((statement as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) return undefined;
    const nameNode = (parent as unknown as { name: Node }).name;
    if (nameNode.kind !== SyntaxKind.Identifier) return undefined;
    return { name: text(nameNode)!, nameNode, viaThis: false };
  }
  return undefined;
}

/** `f.bind(x)` for the reference `f`: the bound function, which runs `f`; or undefined. */
export function boundCallOf(value: Node): Node | undefined {
  const member = value.parent;
  if (member?.kind !== SyntaxKind.PropertyAccessExpression || (member as unknown as { expression: Node }).expression !== value) return undefined;
  if (text((member as unknown as { name: Node }).name) !== "bind") return undefined;
  const call = member.parent;
  return call?.kind === SyntaxKind.CallExpression && (call as unknown as { expression: Node }).expression === member ? call : undefined;
}

/** The call that `ref` is the callee of (`f(...)`, `this.f(...)`), or undefined. */
function calledBy(ref: Node): Node | undefined {
  let callee: Node = ref.parent?.kind === SyntaxKind.PropertyAccessExpression && isPropertyName(ref) ? ref.parent : ref;
  while (callee.parent?.kind === SyntaxKind.ParenthesizedExpression || (callee.parent && indirectCallTarget(callee.parent) === callee)) callee = callee.parent;
  const parent = callee.parent;
  return parent?.kind === SyntaxKind.CallExpression && (parent as unknown as { expression: Node }).expression === callee ? parent : undefined;
}
