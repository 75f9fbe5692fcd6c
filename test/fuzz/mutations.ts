// Text mutations, one function per kind, pure: (text, rng) -> new text. What an editor can hand
// the server mid-typing, plus the extremes (deep nesting, huge lines, every line terminator).
import type { Rng } from "./prng";
import { lineStarts } from "./lspText";

export type Mutate = (text: string, rng: Rng) => string;

const tokenPattern =
  /\s+|[A-Za-z_$][\w$]*|\d[\d_.]*|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|`(?:[^`\\]|\\.)*`|\/\/[^\r\n]*|\/\*[\s\S]*?\*\/|=>|===|!==|&&|\|\||\?\?|\.\.\.|[^]/g;

function tokens(text: string): { start: number; end: number }[] {
  return [...text.matchAll(tokenPattern)].map(m => ({ start: m.index!, end: m.index! + m[0].length }));
}

const splice = (text: string, start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);
const anyOffset = (text: string, rng: Rng) => rng.int(0, text.length);
const lineStart = (text: string, rng: Rng) => rng.pick(lineStarts(text));

/** Delete, duplicate, move or overwrite a span of 1 to 12 tokens (what half-typed code looks like). */
const tokenSpan: Mutate = (text, rng) => {
  const ts = tokens(text);
  if (ts.length < 2) return text + rng.pick(["x", "(", "async ", "await "]);
  const from = rng.int(0, ts.length - 1),
    to = Math.min(ts.length - 1, from + rng.int(0, 11));
  const start = ts[from]!.start,
    end = ts[to]!.end,
    span = text.slice(start, end);
  const elsewhere = ts[rng.int(0, ts.length - 1)]!.start;
  switch (rng.int(0, 3)) {
    case 0:
      return splice(text, start, end, "");
    case 1:
      return splice(text, end, end, span);
    case 2: {
      const removed = splice(text, start, end, "");
      const at = elsewhere <= start ? elsewhere : Math.max(start, elsewhere - span.length);
      return splice(removed, at, at, span);
    }
    default: {
      const other = ts[rng.int(0, ts.length - 1)]!;
      return splice(text, start, end, text.slice(other.start, other.end));
    }
  }
};

/** Insert or delete one bracket. */
const unbalancedBrackets: Mutate = (text, rng) => {
  const brackets = [...text.matchAll(/[{}()[\]]/g)].map(m => m.index!);
  if (brackets.length && rng.chance(0.5)) {
    const at = rng.pick(brackets);
    return splice(text, at, at + 1, "");
  }
  const at = anyOffset(text, rng);
  return splice(text, at, at, rng.pick(["{", "}", "(", ")", "[", "]", "{{{", "}}}", "((("]));
};

/** Cut the text off (a file being written, a paste cut short), or cut out its middle. */
const truncate: Mutate = (text, rng) => {
  const at = anyOffset(text, rng);
  if (rng.chance(0.7)) return text.slice(0, at);
  return splice(text, at, Math.min(text.length, at + rng.size(1, 2000)), "");
};

const nestings: ((depth: number) => string)[] = [
  d => `{`.repeat(d) + `}`.repeat(d),
  d => `export const nested = ${"(".repeat(d)}1${")".repeat(d)};`,
  d => `export const arrays = ${"[".repeat(d)}0${"]".repeat(d)};`,
  d => `export async function deep() {\n${"if (Math.random()) {\n".repeat(d)}await fetch("u");\n${"}\n".repeat(d)}}`,
  d => `export const ternary = ${Array.from({ length: d }, (_, i) => `Math.random() > ${i} ? ${i} :`).join(" ")} 0;`,
  d => `export const arrows = ${"() => ".repeat(d)}fetch("u");`,
  d => `export const objects = ${"{ a: ".repeat(d)}1${" }".repeat(d)};`,
  // The same with one closing bracket missing: a syntax error deep inside.
  d => `{`.repeat(d) + `}`.repeat(Math.max(0, d - 1)),
  d => `export const broken = ${Array.from({ length: d }, (_, i) => `x > ${i} ? ${i} :`).join(" ")} );`,
];

const nesting =
  (min: number, max: number): Mutate =>
  (text, rng) => {
    const at = lineStart(text, rng);
    return splice(text, at, at, rng.pick(nestings)(rng.size(min, max)) + "\n");
  };

/** One lone UTF-16 surrogate (a broken paste, a bad decoder): high or low, in a string, a comment or code. */
const loneSurrogate: Mutate = (text, rng) => {
  const surrogate = String.fromCharCode(rng.chance(0.5) ? rng.int(0xd800, 0xdbff) : rng.int(0xdc00, 0xdfff));
  if (rng.chance(0.4)) {
    const at = lineStart(text, rng);
    return splice(text, at, at, rng.pick([`export const s = '${surrogate}';\n`, `// ${surrogate}\n`, `const ${surrogate} = 1;\n`]));
  }
  const at = anyOffset(text, rng);
  return splice(text, at, at, surrogate);
};

const nul: Mutate = (text, rng) => {
  const at = anyOffset(text, rng);
  return splice(text, at, at, "\u0000".repeat(rng.int(1, 4)));
};

/** Invalid UTF-8 as the editor delivers it: each bad byte decoded to U+FFFD. */
const replacementChars: Mutate = (text, rng) => {
  const at = anyOffset(text, rng);
  const end = rng.chance(0.5) ? Math.min(text.length, at + rng.int(1, 40)) : at;
  return splice(text, at, end, "\uFFFD".repeat(rng.int(1, 16)));
};

const lineBreak = /\r\n|\r|\n|\u2028|\u2029/g;

/** Every line break becomes `pick()`'s, or (half the time) a random share of them does: mixed files. */
const lineTerminators =
  (choices: readonly string[]): Mutate =>
  (text, rng) => {
    const all = rng.chance(0.5);
    const target = rng.pick(choices);
    return text.replace(lineBreak, old => (all || rng.chance(0.3) ? (all ? target : rng.pick(choices)) : old));
  };

/** Long lines of inert text: a string literal, a comment. */
const inertLines: ((size: number) => string)[] = [n => `export const big = "${"x".repeat(n)}";`, n => `// ${"comment ".repeat(Math.ceil(n / 8))}`];

/** Long lines of code: tens of thousands of array elements or operands in one expression. */
const expressionLines: ((size: number) => string)[] = [
  n => `export const list = [${"1, ".repeat(Math.ceil(n / 3))}];`,
  n => `export const sum = ${"a + ".repeat(Math.ceil(n / 4))}0;`,
];

const hugeLine =
  (lines: ((size: number) => string)[], min: number, max: number): Mutate =>
  (text, rng) => {
    const at = lineStart(text, rng);
    return splice(text, at, at, rng.pick(lines)(rng.size(min, max)) + "\n");
  };

/** One line full of findings, each with fixes and an "ignore" action. */
const hugeLineOfFindings: Mutate = (text, rng) => {
  const at = lineStart(text, rng);
  const calls = rng.size(500, 8000);
  return splice(text, at, at, `export async function many() { ${"fetch('u'); ".repeat(calls)}}\n`);
};

/** Megabytes of code: past the CLI's size limit. */
const hugeFile: Mutate = (text, rng) => {
  let out = text || "export const a = 1;\n";
  const target = rng.size(2_500_000, 6_000_000);
  while (out.length < target) out += out;
  return out;
};

export const mutations = {
  "token-span": tokenSpan,
  "unbalanced-brackets": unbalancedBrackets,
  truncate,
  "deep-nesting": nesting(2, 150),
  "deep-nesting-extreme": nesting(1000, 12_000),
  "lone-surrogate": loneSurrogate,
  nul,
  "replacement-char": replacementChars,
  "line-breaks-lf-crlf": lineTerminators(["\n", "\r\n"]),
  "line-breaks-cr-ls-ps": lineTerminators(["\r", "\u2028", "\u2029"]),
  "huge-line": hugeLine(inertLines, 20_000, 150_000),
  "huge-expression-line": hugeLine(expressionLines, 20_000, 150_000),
  "huge-line-of-findings": hugeLineOfFindings,
  "huge-file": hugeFile,
} satisfies Record<string, Mutate>;

/** Kinds that open another document next to the session's one instead of changing its text. */
export const documentKinds = {
  // Names an editor may send: a shebang script without extension (VS Code calls it JavaScript),
  // extensions the compiler does not know, a Markdown file.
  "odd-document": [
    { name: "bin/tool", languageId: "javascript", prefix: "#!/usr/bin/env node\n" },
    { name: "src/legacy.es6", languageId: "javascript", prefix: "" },
    { name: "proxy.pac", languageId: "javascript", prefix: "" },
    { name: "README.md", languageId: "markdown", prefix: "# Notes\n\n```ts\n" },
  ],
} as const;

export type MutationKind = keyof typeof mutations | keyof typeof documentKinds;
export const allKinds = [...Object.keys(mutations), ...Object.keys(documentKinds)] as MutationKind[];
