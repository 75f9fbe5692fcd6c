// A public method nothing in the project calls counts as evidence that the project's users call
// it, per session or job of theirs (startup-callers.ts). Not when its class extends a class of
// another package: the class is then a plugin of that package (a test runner's helper, a
// framework's adapter), and the package calls its methods when and as it chooses, which shows
// nothing about other work in flight. Found on real code: a test runner's browser helpers,
// whose steps the runner executes one at a time, reported 15 times.
// Node's own classes (streams, EventEmitter) and event-emitter bases from packages do not make a
// plugin: they never call the subclass's public methods, which remain the project's API.
import { builtinModules } from "node:module";
import { SyntaxKind, type Node, type SourceFile } from "../typescript";
import { collectModuleBindings, type ModuleBindings } from "../module-bindings";
import type { FunctionLike } from "../async-context";
import { textOf as text, extendsExpression, isClassLike } from "../syntax";

const builtins = new Set(builtinModules);
const bindingsByFile = new WeakMap<SourceFile, ModuleBindings>();

/** Whether the class `fn` is a method of extends a class imported from another package (see the file comment). */
export function extendsPackageClass(fn: FunctionLike): boolean {
  const container = fn.parent?.kind === SyntaxKind.PropertyDeclaration ? fn.parent.parent : fn.parent;
  if (!container || !isClassLike(container)) return false;
  const base = extendsExpression(container);
  if (!base) return false;
  // `extends Helper`, or `extends helper_1.default` / `extends ns.Base` (compiled or namespace imports).
  let local: string | undefined;
  let member: string | undefined;
  if (base.kind === SyntaxKind.Identifier) local = text(base);
  else if (base.kind === SyntaxKind.PropertyAccessExpression) {
    const receiver = (base as unknown as { expression: Node }).expression;
    if (receiver.kind === SyntaxKind.Identifier) local = text(receiver);
    member = text((base as unknown as { name: Node }).name);
  }
  if (!local) return false;
  const sf = fn.getSourceFile();
  let bindings = bindingsByFile.get(sf);
  if (!bindings) bindingsByFile.set(sf, (bindings = collectModuleBindings(sf)));
  const binding = bindings.forLocalName(local);
  if (!binding || binding.nodePrefix || builtins.has(binding.module) || /^[./]/.test(binding.module)) return false;
  const className = member && member !== "default" ? member : binding.imported !== "*" ? binding.imported : local;
  return !/Emitter$/.test(className);
}
