// What may be sent to the compiler. Two kinds of input made it panic (typescript@7.0.2) and
// wedged or killed it for the rest of the session:
// - text with a lone UTF-16 surrogate: JSON.stringify writes it as `\ud800`, which the
//   compiler's JSON decoder rejects ("jsontext: invalid surrogate pair") while holding a lock;
// - opening a file whose name does not tell the script kind (README.md, an extensionless
//   `#!/usr/bin/env node` script, `.es6`): "ScriptKind must be specified".

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const loneSurrogates = new RegExp(loneSurrogate.source, "g");

/**
 * The text with every lone surrogate replaced by U+FFFD. One UTF-16 unit for one, so every
 * offset, line and character (LSP positions count UTF-16 units) stays where it was.
 */
export function wellFormed(text: string): string {
  return loneSurrogate.test(text) ? text.replace(loneSurrogates, "\uFFFD") : text;
}

/** Names whose extension gives the compiler a script kind (checked case-insensitively, as it does). */
const openable = /\.(?:[cm]?[jt]s|[jt]sx|json)$/i;

export function compilerCanOpen(fileName: string): boolean {
  return openable.test(fileName);
}
