// Servers by type (Node's http/https/http2/net servers, express, fastify, koa apps), and the
// entry modules that need no shutdown handling of their own (CLIs, dev servers, examples).
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { callArguments, memberName, objectMembers, skipOuterExpressions, nodeField as get } from "../../analysis/syntax";
import { textMatchesCarried } from "../../analysis/carried-text-test";
import type { FileAnalysis } from "../rule";

/** Type name → where it must be declared. */
const serverTypes: readonly { names: ReadonlySet<string>; declaredIn: RegExp }[] = [
  { names: new Set(["Server", "Http2Server", "Http2SecureServer"]), declaredIn: /\/node_modules\/@types\/node\// },
  { names: new Set(["Express", "Application"]), declaredIn: /\/node_modules\/(@types\/)?(express|express-serve-static-core|koa)\// },
  { names: new Set(["FastifyInstance"]), declaredIn: /\/node_modules\/fastify\// },
];

export function isServerType(fa: FileAnalysis, type: Type | undefined): boolean {
  if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown) || type.isUnionType()) return false;
  const symbol = type.getSymbol() ?? type.getAliasSymbol();
  if (!symbol) return false;
  const declaration = fa.queries.declarationOf(symbol);
  if (!declaration) return false;
  return serverTypes.some(s => s.names.has(symbol.name) && s.declaredIn.test(declaration.fileName));
}

const shutdownWords = /SIGTERM|SIGINT|SIGHUP|beforeExit|http-terminator|stoppable|close-with-grace|@godaddy\/terminus|lightship|enableShutdownHooks|graceful/i;

/**
 * Signal handling, or a helper known to do it, named in the file. Carried over edits (words of at
 * most 19 characters): the search of the whole text (2 ms on a big file) runs again only near the edit.
 */
export function shutdownHandledInText(fileName: string, text: string): boolean {
  return textMatchesCarried(fileName, text, shutdownWords, 32);
}

/** Words of a file name (`dev-server.ts`, `cli.js`, `serve.ts`) that say who stops it. */
const exemptWords = new Set(["cli", "dev", "devserver", "serve", "example", "demo", "preview", "bench"]);

const cliModules = /^(yargs|commander|cac|meow|minimist|sade|clipanion|@oclif\/|citty|arg)$/;

/** CLIs, dev servers, examples and scripts: stopped by a person at a terminal, not by a platform. */
export function exemptEntry(fa: FileAnalysis): boolean {
  if (fa.sourceFile.text.startsWith("#!")) return true;
  if (/(^|\/)(bin|cli|scripts?|examples?|demos?|benchmarks?|bench|playground|fixtures?|tools?)\//i.test(relativePath(fa))) return true;
  const words = (fa.fileName.split("/").pop() ?? "").toLowerCase().split(/[-_.]|(?<=[a-z])(?=[A-Z])/);
  if (words.some(w => exemptWords.has(w))) return true;
  return fa.bindings.all.some(b => cliModules.test(b.module));
}

function relativePath(fa: FileAnalysis): string {
  return fa.packageDir && fa.fileName.startsWith(`${fa.packageDir}/`) ? fa.fileName.slice(fa.packageDir.length + 1) : fa.fileName;
}

/**
 * `listen(0, ...)` or `listen({ port: 0, ... })`: the system picks a free port when the server
 * starts, so only those the program tells it to (a parent over IPC, a test, a file it writes) can
 * reach it. A server a platform stops, with clients of its own, listens where they can find it; an
 * ephemeral one is a helper whose lifetime belongs to whatever started it (a forked worker's server).
 */
export function listensOnEphemeralPort(call: CallExpression): boolean {
  const first = callArguments(call)[0];
  const value = first && skipOuterExpressions(first);
  if (!value) return false;
  if (value.kind === SyntaxKind.ObjectLiteralExpression) {
    const port = objectMembers(value).find(m => m.kind === SyntaxKind.PropertyAssignment && memberName(m) === "port");
    return !!port && isZero(get<Node>(port, "initializer"));
  }
  return isZero(value);
}

function isZero(node: Node): boolean {
  const value = skipOuterExpressions(node);
  return value.kind === SyntaxKind.NumericLiteral && Number(value.getText()) === 0;
}
