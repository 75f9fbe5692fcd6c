// How a file writes code, so that what a fix adds reads as if the file's author wrote it: quote
// character, semicolons at the end of statements, numeric separators (`10_000`).
export interface FileStyle {
  quote: '"' | "'";
  semicolons: boolean;
  numericSeparators: boolean;
}

const cache = new WeakMap<object, FileStyle>();

/** The style of `text`, cached per source file object (fixes of one file ask many times). */
export function fileStyleOf(key: object, text: string): FileStyle {
  let style = cache.get(key);
  if (!style) {
    style = readFileStyle(text);
    cache.set(key, style);
  }
  return style;
}

export function readFileStyle(text: string): FileStyle {
  // Module specifiers decide the quote when there are any: they are the strings a fix adds most.
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\brequire\(\s*|^import\s*)(["'])[^"'\r\n]*\1/gm)].map(m => m[1]);
  const quotes = specifiers.length ? specifiers : [...text.matchAll(/(["'])[^"'\\\r\n]{0,80}\1/g)].map(m => m[1]);
  const single = quotes.filter(q => q === "'").length;
  let withSemicolon = 0;
  let without = 0;
  const lines = text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(raw => raw.replace(/\/\/.*$/, "").trimEnd())
    .filter(line => line && !/^\s*(\*|\/\*)/.test(line));
  lines.forEach((line, i) => {
    if (line.endsWith(";")) {
      if (!/^\s*for\s*\(/.test(line)) withSemicolon++;
      return;
    }
    // A line that ends a statement when the file leaves semicolons out: it ends like an
    // expression and the next line starts a new statement (not a continuation of this one).
    const next = lines[i + 1]?.trimStart() ?? "}";
    if (
      /[\w$)\]"'`]$/.test(line) &&
      !/^\s*(if|for|while|switch|function|class|else|do|try)\b|^\s*[}\])]*\s*(else|catch|finally)\b/.test(line) &&
      /^([\w$}]|$)/.test(next) &&
      !/^(as|in|instanceof)\b/.test(next)
    )
      without++;
  });
  return {
    quote: single > quotes.length - single ? "'" : '"',
    semicolons: withSemicolon > 0 || without === 0 ? withSemicolon >= without : false,
    numericSeparators: /(?<![\w$.])\d{1,3}(_\d{3})+(?![\w$])/.test(text),
  };
}

/** A number written as the file writes its numbers (`10_000` where the file uses separators). */
export function formatNumber(n: number, style: Pick<FileStyle, "numericSeparators">): string {
  const plain = String(n);
  if (!style.numericSeparators || !/^\d{5,}$/.test(plain)) return plain;
  return plain.replace(/\B(?=(\d{3})+$)/g, "_");
}

/** A string literal in the file's quotes. */
export function quoted(value: string, style: Pick<FileStyle, "quote">): string {
  const q = style.quote;
  return `${q}${value.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), `\\${q}`)}${q}`;
}

/** Code written with semicolons, for a file that leaves them out: each line's final `;` dropped. */
export function inSemicolonStyle(code: string, style: Pick<FileStyle, "semicolons">): string {
  return style.semicolons ? code : code.replace(/;(?=[ \t]*(\n|$))/g, "");
}
