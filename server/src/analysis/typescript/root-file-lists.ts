// The answer to `updateSnapshot` lists every project's root files (369 KiB of JSON on a 3,245-file project),
// and the API has no way to leave them out: it is sent again after every keystroke, although an
// edit of a file's text never changes it. Decoding it made 3,700 new strings per keystroke (and
// every comparison of the list with the last one, and every set built from it, started again).
// So the list's JSON text is compared with the last answer's (a memory compare), and when it is
// the same, the array parsed then is handed out again: only the rest of the answer is parsed.

const marker = '"rootFiles":';

interface Known {
  /** The list's JSON text, from `[` to `]`. */
  text: string;
  files: readonly string[];
}

export class RootFileLists {
  private known: Known[] = [];
  /** Answers whose lists were all reused (tests, benchmarks). */
  reused = 0;

  /** `JSON.parse(answer)`, with the root-file lists that did not change taken from the last answer. */
  parse(answer: string): unknown {
    const lists: (readonly string[])[] = [];
    let rest = "";
    let copied = 0;
    for (let at = answer.indexOf(marker); at >= 0; at = answer.indexOf(marker, copied)) {
      const start = at + marker.length;
      const same = this.known.find(k => answer.startsWith(k.text, start));
      if (!same) return this.parseAll(answer);
      // The list's place holds its number instead.
      rest += answer.slice(copied, start) + lists.length;
      lists.push(same.files);
      copied = start + same.text.length;
    }
    if (!lists.length) return this.parseAll(answer);
    rest += answer.slice(copied);
    const data = JSON.parse(rest) as { projects?: { rootFiles?: unknown }[] };
    // Every number must be a project's list (the marker is a key: a JSON string cannot hold a bare quote).
    const projects = data.projects ?? [];
    if (projects.length !== lists.length || projects.some((p, i) => p.rootFiles !== i)) return this.parseAll(answer);
    for (const p of projects) p.rootFiles = lists[p.rootFiles as number];
    this.reused++;
    return data;
  }

  private parseAll(answer: string): unknown {
    const data = JSON.parse(answer) as { projects?: { rootFiles?: unknown }[] };
    const known: Known[] = [];
    this.known = known;
    // The key elsewhere too (a compiler plugin's option): which list is whose is not sure, none is kept.
    let markers = 0;
    for (let at = answer.indexOf(marker); at >= 0; at = answer.indexOf(marker, at + 1)) markers++;
    if (markers !== data.projects?.length) return data;
    let from = 0;
    for (const project of data.projects ?? []) {
      const at = answer.indexOf(marker, from);
      if (at < 0) break;
      const start = at + marker.length;
      const end = arrayEnd(answer, start);
      from = start;
      if (end === undefined || !Array.isArray(project.rootFiles)) continue;
      known.push({ text: answer.slice(start, end), files: project.rootFiles as string[] });
      from = end;
    }
    return data;
  }
}

/** Where the JSON array of strings starting at `start` ends (just past its `]`), or undefined when it is not one. */
export function arrayEnd(json: string, start: number): number | undefined {
  if (json[start] !== "[") return undefined;
  let i = start + 1;
  for (;;) {
    const c = json[i];
    if (c === "]") return i + 1;
    if (c === ",") {
      i++;
      continue;
    }
    if (c !== '"') return undefined;
    // The string's closing quote: one not escaped (preceded by an even number of backslashes).
    let close = json.indexOf('"', i + 1);
    for (;;) {
      if (close < 0) return undefined;
      let slashes = 0;
      while (json[close - 1 - slashes] === "\\") slashes++;
      if (slashes % 2 === 0) break;
      close = json.indexOf('"', close + 1);
    }
    i = close + 1;
  }
}
