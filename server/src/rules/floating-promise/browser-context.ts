// Whether a dropped promise is in code that runs in a browser, not in Node. There an unhandled
// rejection only reaches the console, and the judging criteria (bench/precision/README.md) count
// code that never runs in Node as false: such findings are reported only with `reportInBrowser`.
// Read from the syntax tree, not the text, so that a server that writes a browser script in a
// string (`"window.location.origin"`) is not taken for browser code.
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { isBrowserBuildOrUi } from "../../analysis/file-kinds";
import { nameText, skipParens } from "../../analysis/promise-syntax";
import { walkPruned } from "../../analysis/walk";
import { reachedOnlyWithGlobal } from "../../analysis/browser-checks";
import type { FileAnalysis } from "../rule";

/** Globals only a browser has, read as `window.x`, `navigator.x`, ... */
const browserGlobals = new Set(["window", "document", "navigator", "localStorage", "sessionStorage"]);

/**
 * Constructors only a browser has (WebRTC, media, audio, DOM observers, XHR, a shared worker): a
 * file that makes one runs where they exist. Node's own globals (`Worker` of worker_threads, `URL`,
 * `fetch`, `BroadcastChannel`, `MessageChannel`) are not here.
 */
const browserConstructors = new Set([
  "MediaStream",
  "RTCPeerConnection",
  "RTCSessionDescription",
  "RTCIceCandidate",
  "AudioContext",
  "MediaRecorder",
  "Image",
  "Audio",
  "MutationObserver",
  "IntersectionObserver",
  "ResizeObserver",
  "XMLHttpRequest",
  "FileReader",
  "SharedWorker",
]);

const browserCodeOf = new WeakMap<SourceFile, boolean>();

/** The file imports UI code, is a browser build, or reads browser-only globals or constructors in its code (not in strings). */
export function isBrowserCode(fa: Pick<FileAnalysis, "bindings" | "fileName" | "sourceFile">): boolean {
  if (isBrowserBuildOrUi(fa)) return true;
  let known = browserCodeOf.get(fa.sourceFile);
  if (known === undefined) {
    known = /^\s*["']use client["']/.test(fa.sourceFile.text) || readsBrowserApis(fa.sourceFile);
    browserCodeOf.set(fa.sourceFile, known);
  }
  return known;
}

function readsBrowserApis(sf: SourceFile): boolean {
  const text = sf.text;
  if (![...browserGlobals, ...browserConstructors].some(w => text.includes(w))) return false;
  let found = false;
  walkPruned(sf, n => {
    if (found) return "stop";
    if (n.kind === SyntaxKind.PropertyAccessExpression) {
      const receiver = skipParens((n as unknown as { expression: Node }).expression);
      if (receiver.kind === SyntaxKind.Identifier && browserGlobals.has(nameText(receiver))) found = true;
    } else if (n.kind === SyntaxKind.NewExpression) {
      const callee = skipParens((n as unknown as { expression: Node }).expression);
      if (callee.kind === SyntaxKind.Identifier && browserConstructors.has(nameText(callee))) found = true;
    }
    return found ? "stop" : true;
  });
  return found;
}

/**
 * The statement runs only where a browser global exists: in the branch of
 * `if (typeof window !== "undefined")` (or `document`, `navigator`; `=== "object"`), or in the
 * `else` of `typeof window === "undefined"`, within the same function.
 */
export function underBrowserCheck(statement: Node): boolean {
  return reachedOnlyWithGlobal(statement, browserGlobals, false);
}
