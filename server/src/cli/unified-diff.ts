// A unified diff of one file's text before and after fixes (`lint --fix-dry-run`), as `diff -u`
// and `git apply` read it. Fixes change few lines: the common head and tail are cut first, and
// the middle is compared line by line (longest common subsequence) when it is small enough,
// else shown as replaced whole.

const context = 3;
const maxCells = 4_000_000;

type Op = { kind: " " | "-" | "+"; line: string };

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = [
    ...a.slice(0, head).map(line => ({ kind: " " as const, line })),
    ...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map(line => ({ kind: " " as const, line })),
  ];
  return `--- a/${path}\n+++ b/${path}\n${hunks(ops).join("")}`;
}

/** Lines with their line break kept, so a changed or missing final line break shows. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function middle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > maxCells) return [...a.map(line => ({ kind: "-" as const, line })), ...b.map(line => ({ kind: "+" as const, line }))];
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0,
    j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: "-", line: a[i++]! });
    else ops.push({ kind: "+", line: b[j++]! });
  }
  return ops;
}

function hunks(ops: Op[]): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]!.kind === " ") k++;
    if (k >= ops.length) break;
    const start = Math.max(0, k - context);
    let end = k;
    // Extend over changes closer than two contexts apart.
    for (let lastChange = k; end < ops.length; end++) {
      if (ops[end]!.kind !== " ") lastChange = end;
      else if (end - lastChange > 2 * context) break;
    }
    let stop = end;
    while (stop > k && ops[stop - 1]!.kind === " ") stop--;
    stop = Math.min(ops.length, stop + context);
    const oldStart = ops.slice(0, start).filter(o => o.kind !== "+").length;
    const newStart = ops.slice(0, start).filter(o => o.kind !== "-").length;
    const body = ops.slice(start, stop);
    const oldCount = body.filter(o => o.kind !== "+").length;
    const newCount = body.filter(o => o.kind !== "-").length;
    out.push(`@@ -${oldCount ? oldStart + 1 : oldStart},${oldCount} +${newCount ? newStart + 1 : newStart},${newCount} @@\n`);
    for (const o of body) out.push(`${o.kind}${o.line.replace(/\r?\n$|\r$/, "")}\n${/(\r\n|\r|\n)$/.test(o.line) ? "" : "\\ No newline at end of file\n"}`);
    k = stop;
  }
  return out;
}
