// The edits the LSP latency bench sends: keystrokes typed into, then deleted from, an async function.

/** The statement typed in, one character per edit: a floating promise once complete. */
export const typedText = "  client.request({ method: 'eth_chainId' })\n";

/** Line after the opening brace of the first exported async function's body, else the first async method's (0-based). */
export function insertionLine(lines) {
  let fn = lines.findIndex(l => /^export async function\b/.test(l));
  if (fn < 0) fn = lines.findIndex(l => /^\s+(?:(?:public|protected|private|static|override)\s+)*async\s+\w+\s*[<(]/.test(l));
  if (fn < 0) throw new Error("no exported async function or async method in the latency file");
  const brace = lines.findIndex((l, i) => i >= fn && /\{\s*$/.test(l) && /^\)|\)\s*:|\)\s*\{/.test(l.trim()));
  return (brace < 0 ? fn : brace) + 1;
}

/** The i-th keystroke: type typedText forward, then delete it backwards, repeatedly. Returns an LSP content change. */
export function keystroke(i, line) {
  const n = typedText.length;
  const cycle = i % (2 * n);
  const pos = k => {
    // position after the first k characters of typedText
    const before = typedText.slice(0, k);
    const nl = before.split("\n");
    return { line: line + nl.length - 1, character: nl[nl.length - 1].length };
  };
  if (cycle < n) return { range: { start: pos(cycle), end: pos(cycle) }, text: typedText[cycle] };
  const k = 2 * n - cycle; // characters present before this deletion
  return { range: { start: pos(k - 1), end: pos(k) }, text: "" };
}
