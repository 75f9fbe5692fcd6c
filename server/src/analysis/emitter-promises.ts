// A library promise that resolves to an event emitter of Node (a child process, a socket, a
// stream, a server, a worker): the operation's failures are reported as `error` events on what it
// resolves to (a spawn that fails emits `error` on the ChildProcess), not as a rejection of the
// promise. Its type is therefore no evidence that the promise can reject. Decided by the
// declaration's written return type (`Promise<ChildProcess>`), so no type is inferred.
import { SyntaxKind, type Node } from "./typescript";
import { nameText } from "./promise-syntax";

/** Node's classes that report failures as `error` events. */
const emitterTypeNames = new Set([
  "ChildProcess",
  "Socket",
  "Server",
  "Worker",
  "Readable",
  "Writable",
  "Duplex",
  "Transform",
  "PassThrough",
  "ReadStream",
  "WriteStream",
  "FSWatcher",
  "EventEmitter",
  "WebSocket",
  "TLSSocket",
  "Http2Session",
  "ClientRequest",
]);

/** Whether the declaration says the function returns `Promise<E>` with E one of Node's emitters. */
export function resolvesToEmitter(declaration: Node | undefined): boolean {
  const returned = declaredReturnTypeNode(declaration);
  if (!returned || returned.kind !== SyntaxKind.TypeReference || rightmostName(returned) !== "Promise") return false;
  const args = (returned as unknown as { typeArguments?: readonly Node[] }).typeArguments;
  const resolved = args?.length === 1 ? args[0]! : undefined;
  return !!resolved && resolved.kind === SyntaxKind.TypeReference && emitterTypeNames.has(rightmostName(resolved) ?? "");
}

/** The written return type of a function, method, or a variable or property holding a function type (or a callable object type). */
function declaredReturnTypeNode(declaration: Node | undefined): Node | undefined {
  if (!declaration) return undefined;
  const type = (declaration as unknown as { type?: Node }).type;
  if (!type) return undefined;
  if (
    declaration.kind === SyntaxKind.VariableDeclaration ||
    declaration.kind === SyntaxKind.PropertySignature ||
    declaration.kind === SyntaxKind.PropertyDeclaration
  ) {
    if (type.kind === SyntaxKind.FunctionType) return (type as unknown as { type?: Node }).type;
    // `declare const open: { (target: string): Promise<ChildProcess>; apps: ... }`: its call signature.
    if (type.kind === SyntaxKind.TypeLiteral) {
      const members = (type as unknown as { members: readonly Node[] }).members;
      return (members.find(m => m.kind === SyntaxKind.CallSignature) as unknown as { type?: Node } | undefined)?.type;
    }
    return undefined;
  }
  return type;
}

function rightmostName(typeReference: Node): string | undefined {
  let name = (typeReference as unknown as { typeName: Node }).typeName;
  if (name.kind === SyntaxKind.QualifiedName) name = (name as unknown as { right: Node }).right;
  return name.kind === SyntaxKind.Identifier ? nameText(name) : undefined;
}
