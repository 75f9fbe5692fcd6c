// Where comments start in JavaScript/TypeScript text, without a parser: suppressions are read from
// the text (they must work even where the compiler gives up), but text that only looks like a
// comment inside a string, a template or a regular expression is not one. A small scanner
// skips those literals; a `/` starts a regular expression where an operand is expected (after an
// operator, an opening bracket, a comma or a keyword such as `return`), as JavaScript's grammar
// decides it.

import { isJavaScriptLineTerminator } from "./positions";

const operandFollows = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const keywordsBeforeOperand = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await"]);
const isLineTerminator = (ch: string | undefined) => ch !== undefined && isJavaScriptLineTerminator(ch.charCodeAt(0));
/** A character of `[\w$]` (without the u flag: ASCII letters, digits, `_` and `$`), by its code. */
export function isWordCharCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
const isWordChar = (ch: string) => isWordCharCode(ch.charCodeAt(0));
const isSpace = (ch: string) => ch === " " || ch === "\t" || isLineTerminator(ch) || ch === "\f" || ch === "\v" || ch === "\u00a0" || ch === "\ufeff";

/** Offsets of the `/` that starts each comment (`//` or `/*`) in `text`. */
export function commentStarts(text: string): Set<number> {
  const starts = new Set<number>();
  // For each template literal we are inside of, the brace depth at which its `${` closes.
  const templates: number[] = [];
  let braces = 0;
  let previous = ""; // the last significant character outside comments
  let lastWord = "";
  let i = 0;
  const scanTemplate = () => {
    // i is just after a "`" or a "}" that closes a substitution
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "\\") {
        i += 2;
        continue;
      }
      if (ch === "`") {
        i++;
        previous = "`";
        return;
      }
      if (ch === "$" && text[i + 1] === "{") {
        i += 2;
        templates.push(braces);
        braces++;
        previous = "{";
        return;
      }
      i++;
    }
  };
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "/" && next === "/") {
      starts.add(i);
      while (i < text.length && !isLineTerminator(text[i])) i++;
      continue;
    }
    if (ch === "/" && next === "*") {
      starts.add(i);
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < text.length && text[i] !== ch && !isLineTerminator(text[i])) i += text[i] === "\\" ? 2 : 1;
      i++;
      previous = ch;
      lastWord = "";
      continue;
    }
    if (ch === "`") {
      i++;
      lastWord = "";
      scanTemplate();
      continue;
    }
    if (ch === "/" && (previous === "" || operandFollows.has(previous) || keywordsBeforeOperand.has(lastWord))) {
      i = endOfRegularExpression(text, i + 1);
      previous = "/";
      lastWord = "";
      continue;
    }
    if (ch === "{") braces++;
    if (ch === "}") {
      braces--;
      if (templates.length && templates[templates.length - 1] === braces) {
        templates.pop();
        i++;
        scanTemplate();
        continue;
      }
    }
    if (isWordChar(ch)) {
      let end = i + 1;
      while (end < text.length && isWordChar(text[end]!)) end++;
      lastWord = text.slice(i, end);
      previous = "a";
      i = end;
      continue;
    }
    if (!isSpace(ch)) {
      previous = ch;
      lastWord = "";
    }
    i++;
  }
  return starts;
}

/** The offset after a regular expression's closing `/` and flags; `from` is after its opening `/`. */
function endOfRegularExpression(text: string, from: number): number {
  let i = from;
  let inClass = false;
  while (i < text.length && !isLineTerminator(text[i])) {
    const ch = text[i]!;
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "]") inClass = false;
    else if (ch === "/" && !inClass) {
      i++;
      break;
    }
    i++;
  }
  while (i < text.length && isWordChar(text[i]!)) i++;
  return i;
}
