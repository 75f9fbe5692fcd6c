// The names a declaration binds (`x`, `{ a, b: c }`, `[d, ...e]`), without recursion: generated
// code nests destructuring patterns thousands deep, and a recursive walk overflows the stack.
import { SyntaxKind, type Node } from "./typescript";
import { textOf } from "./syntax";

/** The identifiers a binding name declares, in source order. A hole (`[, b]`) declares none: the
 * compiler gives it a binding element without a name. */
export function boundNames(binding: Node | undefined): string[] {
  const names: string[] = [];
  const stack: Node[] = binding ? [binding] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === SyntaxKind.Identifier) {
      names.push(textOf(n)!);
      continue;
    }
    if (n.kind !== SyntaxKind.ObjectBindingPattern && n.kind !== SyntaxKind.ArrayBindingPattern) continue;
    // In `{ a: b }` only `b` is bound: an element binds its name, not its property name.
    const elements = (n as unknown as { elements: readonly Node[] }).elements;
    for (let i = elements.length - 1; i >= 0; i--) {
      const name = (elements[i] as unknown as { name?: Node }).name;
      if (name) stack.push(name);
    }
  }
  return names;
}
