// Removing a named import a fix left unused (`execSync` after its last call became `exec`):
// under `noUnusedLocals` an unused import does not compile. This runs on the fixed text (after
// every fix of a "fix all" pass), so the last fix of several calls removes it, not the first.
// It reads the text, not a syntax tree: any other mention of the name (code, comment, string)
// keeps the import, which is the safe side.
import type { UnusedImportCandidate } from "./findings";

export function withoutUnusedImports(text: string, candidates: readonly UnusedImportCandidate[]): string {
  let out = text;
  const seen = new Set<string>();
  for (const c of candidates) {
    const key = `${c.module}\u0000${c.localName}`;
    if (seen.has(key) || !/^[\w$]+$/.test(c.localName)) continue;
    seen.add(key);
    // Module specifiers are not mentions (`fs` in "node:fs").
    const code = out.replace(/(\bfrom\s*|\brequire\(\s*)(["'])[^"'\r\n]*\2/g, "$1$2$2");
    const mentions = code.match(new RegExp(`(?<![\\w$.])${escape(c.localName)}(?![\\w$])`, "g"))?.length ?? 0;
    if (mentions !== 1) continue;
    out = removeSpecifier(out, c);
  }
  return out;
}

const escape = (s: string) => s.replace(/[$]/g, "\\$");

function removeSpecifier(text: string, c: UnusedImportCandidate): string {
  // The module specifier, its quote captured as group `n`.
  const spec = (n: number) => `(["'])(?:node:)?${c.module.replace(/[/]/g, "\\/")}\\${n}`;
  // Groups: 1 the line break before, 2 the indent.
  const lineStart = "(^|[\\r\\n\\u2028\\u2029])([ \\t]*)";
  const name = escape(c.localName);
  // The whole module under one name: `import fs from`, `import * as fs from`, `import fs = require()`, `const fs = require()`.
  const whole = [
    new RegExp(`${lineStart}import\\s+(?:\\*\\s*as\\s+)?${name}\\s+from\\s*${spec(3)}[ \\t]*;?`),
    new RegExp(`${lineStart}import\\s+${name}\\s*=\\s*require\\(\\s*${spec(3)}\\s*\\)[ \\t]*;?`),
    new RegExp(`${lineStart}(?:const|let|var)\\s+${name}\\s*=\\s*require\\(\\s*${spec(3)}\\s*\\)[ \\t]*;?`),
  ];
  for (const re of whole) {
    const m = re.exec(text);
    if (m) return removeLine(text, m.index + m[1]!.length, m.index + m[0].length);
  }
  // `import fs, { x } from`: the default goes, the list stays.
  const withDefault = new RegExp(`${lineStart}import\\s+${name}\\s*,\\s*(\\{[^}]*\\}\\s*from\\s*${spec(4)})`).exec(text);
  if (withDefault) {
    const start = withDefault.index + withDefault[1]!.length + withDefault[2]!.length;
    return `${text.slice(0, start)}import ${withDefault[3]}${text.slice(withDefault.index + withDefault[0].length)}`;
  }
  // Named lists. Groups: 3 a default import, 4 the list, 5 the quote.
  const statements = [
    new RegExp(`${lineStart}import\\s+(?:([\\w$]+)\\s*,\\s*)?\\{([^}]*)\\}\\s*from\\s*${spec(5)}[ \\t]*;?`, "g"),
    new RegExp(`${lineStart}(?:const|let|var)\\s*\\{()([^}]*)\\}\\s*=\\s*require\\(\\s*${spec(5)}\\s*\\)[ \\t]*;?`, "g"),
  ];
  for (const re of statements) {
    for (const m of text.matchAll(re)) {
      const body = m[4]!;
      const elements = splitElements(body);
      const index = elements.findIndex(e => localOf(e.text) === c.localName);
      if (index < 0) continue;
      const start = m.index! + m[1]!.length;
      const end = m.index! + m[0].length;
      let replacement: string;
      if (elements.length === 1) {
        if (m[3]) replacement = m[0].slice(m[1]!.length).replace(/\s*,\s*\{[^}]*\}/, "");
        else return removeLine(text, start, end);
      } else {
        const kept = elements.filter((_, i) => i !== index);
        const inner = /[\r\n\u2028\u2029]/.test(body)
          ? kept.map(e => e.raw).join(",") + (/,\s*$/.test(body) ? "," : "") + body.slice(body.trimEnd().length)
          : ` ${kept.map(e => e.text).join(", ")} `;
        const statement = m[0].slice(m[1]!.length);
        const open = statement.indexOf("{");
        const close = statement.indexOf("}", open);
        replacement = statement.slice(0, open + 1) + inner + statement.slice(close);
      }
      return text.slice(0, start) + replacement + text.slice(end);
    }
  }
  return text;
}

interface Element {
  raw: string;
  text: string;
}

function splitElements(body: string): Element[] {
  const trimmed = body.replace(/,\s*$/, "");
  const parts = body.trimEnd().endsWith(",") ? trimmed.split(",") : body.trimEnd().split(",");
  return parts.map(raw => ({ raw, text: raw.trim() })).filter(e => e.text);
}

/** The local name an element binds: `a`, `type a`, `x as a`, `x: a`. */
function localOf(element: string): string | undefined {
  const m = /^(?:type\s+)?(?:[\w$]+\s*(?:as|:)\s*)?([\w$]+)$/.exec(element.trim());
  return m?.[1];
}

/** Removes the statement at [start, end) with its line when the line holds nothing else. */
function removeLine(text: string, start: number, end: number): string {
  let lineStart = start;
  while (lineStart > 0 && !/[\r\n\u2028\u2029]/.test(text[lineStart - 1]!)) lineStart--;
  const before = text.slice(lineStart, start);
  const after = /^[ \t]*(\r\n|[\r\n\u2028\u2029])?/.exec(text.slice(end))![0];
  if (/^[ \t]*$/.test(before) && /[\r\n\u2028\u2029]$/.test(after)) return text.slice(0, lineStart) + text.slice(end + after.length);
  return text.slice(0, start) + text.slice(end);
}
