// Which names a text grows (`name.push(`, `this.name = `): asked for many names of one large
// text (the whole file, a class), on every keystroke. One scan per text collects every name a
// per-name pattern would match, so each question is a set lookup instead of a scan.
import type { Node, SourceFile } from "../../analysis/typescript";

/** A name a capture of `[\w$]+` can stand for; any other falls back to its own pattern. */
const plainName = /^[\w$]+$/;

/** Every `(?<![\w$.])name\s*.\s*(push|unshift|splice)\s*(` name, from one scan. */
const grownInFile = new WeakMap<SourceFile, ReadonlySet<string>>();

/** Whether `name.push(`/`unshift(`/`splice(` appears anywhere in the file. */
export function fileGrows(sourceFile: SourceFile, name: string): boolean {
  const pattern = (n: string) => `(?<![\\w$.])${n}\\s*\\.\\s*(push|unshift|splice)\\s*\\(`;
  if (!plainName.test(name)) return new RegExp(pattern(name.replace(/\$/g, "\\$"))).test(sourceFile.text);
  let names = grownInFile.get(sourceFile);
  if (!names) grownInFile.set(sourceFile, (names = growingReceivers(sourceFile.text)));
  return names.has(name);
}

const growingCall = /(push|unshift|splice)\s*\(/g;
const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isSpaceAt = (text: string, i: number) => /\s/.test(text[i]!);

/**
 * The names `fileGrows`' pattern matches, found from the method names (a literal the regular
 * expression engine scans for fast; a pattern that starts with any name tries every word):
 * back from each, white space, a dot, white space, then the whole name before it, which must not
 * follow a dot.
 */
function growingReceivers(text: string): Set<string> {
  const names = new Set<string>();
  growingCall.lastIndex = 0;
  for (let m = growingCall.exec(text); m; m = growingCall.exec(text)) {
    let i = m.index - 1;
    while (i >= 0 && isSpaceAt(text, i)) i--;
    if (text[i] !== ".") continue;
    i--;
    while (i >= 0 && isSpaceAt(text, i)) i--;
    const end = i + 1;
    while (i >= 0 && isWordCode(text.charCodeAt(i))) i--;
    if (end === i + 1 || text[i] === ".") continue;
    names.add(text.slice(i + 1, end));
  }
  return names;
}

/** Every `this.name` grown or assigned in a class, from one scan of its text. */
const grownInClass = new WeakMap<Node, ReadonlySet<string>>();

/** Whether the class grows or assigns `this.name` (`this.name.push(`, `this.name = `). */
export function classGrows(cls: Node, name: string): boolean {
  const pattern = (n: string) => `this\\s*\\.\\s*${n}\\s*(\\.\\s*(push|unshift|splice)\\s*\\(|=[^=])`;
  if (!plainName.test(name)) return new RegExp(pattern(name.replace(/\$/g, "\\$"))).test(cls.getText());
  let names = grownInClass.get(cls);
  if (!names) grownInClass.set(cls, (names = capturedNames(cls.getText(), pattern("([\\w$]+)"))));
  return names.has(name);
}

/**
 * The first group of every match of `source`, overlapping matches included (each search starts
 * one character after the last match's start): a name is in the set exactly when the pattern
 * written for that name would match somewhere.
 */
function capturedNames(text: string, source: string): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(source, "g");
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    names.add(m[1]!);
    pattern.lastIndex = m.index + 1;
  }
  return names;
}
