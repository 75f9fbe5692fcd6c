// Retries of a question to the person at the terminal. A CLI's walkthrough goes round when the
// answer is refused (`while (!answer) { try { answer = await inquirer.prompt(q) } catch { print(...) } }`):
// each attempt waits for a person to type, no service sees it, and asking again at once is the
// right answer. Read from the prompt package's import (untyped packages, JavaScript) or the
// declaration's package (typed): `inquirer.prompt`, `@inquirer/prompts`' `input`, `enquirer`,
// `prompts`, `@clack/prompts`. A loop that also awaits other work in its try (a login after the
// password prompt) stays judged as before.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { rootName, skipOuterExpressions, nodeField as get } from "../../analysis/syntax";
import { packageOfPath } from "../../analysis/blocking-apis";
import { partsOf } from "../../analysis/io/io-classifier";
import type { FileAnalysis } from "../rule";

/** Packages whose promise API asks the user a question on the terminal. */
const promptPackages: ReadonlySet<string> = new Set(["inquirer", "enquirer", "prompts", "@clack/prompts", "prompt"]);

function isPromptPackage(module: string | undefined): boolean {
  return !!module && (promptPackages.has(module) || module.startsWith("@inquirer/"));
}

/** The awaited expression is a call of a prompt package's API (see the file comment). */
export function asksTheUser(fa: FileAnalysis, awaited: Node): boolean {
  const call = skipOuterExpressions(get(awaited, "expression"));
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const root = rootName(get(call, "expression"));
  if (root && isPromptPackage(fa.bindings.forLocalName(root)?.module)) return true;
  // Typed: the method's declaration lies in a prompt package (`const p = inquirer.createPromptModule(); await p(q)` is not read).
  const parts = partsOf(call);
  if (!parts?.receiverExpression) return false;
  const symbol = fa.queries.symbolOf(parts.nameNode);
  const handle = symbol ? fa.queries.declarationHandle(symbol) : undefined;
  return !!handle && fa.queries.isExternalPath(handle.fileName) && isPromptPackage(packageOfPath(handle.fileName));
}
