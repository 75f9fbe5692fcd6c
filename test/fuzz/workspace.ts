// The throwaway project sessions run in (under test/.tmp, so @types/node resolves), and the
// reference: a fresh server asked about one text, to tell a lost session from a clean file.
import { createHash } from "node:crypto";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { makeProject } from "../lsp/lspClient";
import type { Reference } from "./driver";
import { FailureError } from "./failures";
import { ServerUnderTest } from "./serverUnderTest";

export const mainDocument = "src/fuzz.ts";

export interface Workspace {
  uri(name: string): string;
  reference: Reference;
  dispose(): void;
}

export function makeWorkspace(deadlineMs: number): Workspace {
  const project = makeProject({ [mainDocument]: "export {};\n" });
  const cache = new Map<string, Diagnostic[] | string>();
  const reference: Reference = async (name, languageId, text) => {
    const key = createHash("sha1").update(`${name}\0${languageId}\0${text}`).digest("hex");
    const hit = cache.get(key);
    if (hit) return hit;
    let answer: Diagnostic[] | string;
    const server = await ServerUnderTest.start("pull", deadlineMs);
    try {
      await server.client.open(project.uri(name), text, languageId);
      answer = await server.pull(project.uri(name), "reference pull");
    } catch (error) {
      answer = error instanceof FailureError ? `${error.failure.kind}: ${error.failure.message}` : String(error);
    } finally {
      await server.end(true);
    }
    if (cache.size > 200) cache.clear();
    cache.set(key, answer);
    return answer;
  };
  return { uri: project.uri, reference, dispose: project.dispose };
}
