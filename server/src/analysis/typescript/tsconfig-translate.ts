// TypeScript 7 refuses some tsconfig options that real projects still carry (error TS5108).
// We serve the compiler a translated copy of such a config instead of failing, and say so once.
// This module is pure: text in, text + notes out.

export interface Translation {
  text: string;
  notes: string[];
}

/** Option values TypeScript 7 removed, and the closest supported replacement. */
const removedModuleResolution: Record<string, string> = { node: "bundler", node10: "bundler", classic: "bundler" };

/**
 * Returns the translated config text, or undefined when nothing needed translating (or the text
 * is not JSON we can read: the compiler then reports the parse error itself).
 */
export function translateTsconfig(text: string): Translation | undefined {
  let config: unknown;
  try {
    config = JSON.parse(stripJsonComments(text));
  } catch {
    return undefined;
  }
  if (!isRecord(config) || !isRecord(config.compilerOptions)) return undefined;
  const options = { ...config.compilerOptions };
  const notes: string[] = [];
  const resolution = typeof options.moduleResolution === "string" ? options.moduleResolution.toLowerCase() : undefined;
  if (resolution && Object.hasOwn(removedModuleResolution, resolution)) {
    const replacement = removedModuleResolution[resolution]!;
    options.moduleResolution = replacement;
    notes.push(`moduleResolution "${resolution}" was removed in TypeScript 7; using "${replacement}"`);
    // bundler resolution requires an ES module setting; commonjs code keeps working for type purposes.
    const moduleKind = typeof options.module === "string" ? options.module.toLowerCase() : undefined;
    if (!moduleKind || moduleKind === "commonjs" || moduleKind === "amd" || moduleKind === "umd" || moduleKind === "system" || moduleKind === "none") {
      options.module = "preserve";
      notes.push(`module "${moduleKind ?? "(default)"}" cannot be combined with bundler resolution; using "preserve"`);
    }
  }
  if (typeof options.baseUrl === "string" && options.paths === undefined) {
    // Without `paths`, baseUrl only made bare specifiers resolve from that folder.
    options.paths = { "*": [`${options.baseUrl.replace(/\/$/, "")}/*`] };
    notes.push(`baseUrl without paths was removed in TypeScript 7; using paths {"*": ["${options.baseUrl}/*"]}`);
    delete options.baseUrl;
  }
  for (const removed of [
    "out",
    "charset",
    "keyofStringsOnly",
    "suppressExcessPropertyErrors",
    "suppressImplicitAnyIndexErrors",
    "noStrictGenericChecks",
    "importsNotUsedAsValues",
    "preserveValueImports",
    "prepend",
  ]) {
    if (removed in options) {
      delete options[removed];
      notes.push(`option "${removed}" was removed in TypeScript 7; ignored`);
    }
  }
  const target = typeof options.target === "string" ? options.target.toLowerCase() : undefined;
  if (target === "es3" || target === "es5") {
    options.target = "es2015";
    notes.push(`target "${target}" was removed in TypeScript 7; using "es2015"`);
  }
  if (notes.length === 0) return undefined;
  return { text: JSON.stringify({ ...config, compilerOptions: options }, null, 2), notes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Removes // and /* comments and trailing commas outside strings (tsconfig is JSONC). */
export function stripJsonComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      // Ends at any line break TypeScript's JSON reader knows (a lone "\r" too, or it would eat the file).
      while (i < text.length && !/[\r\n\u2028\u2029]/.test(text[i]!)) i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}
