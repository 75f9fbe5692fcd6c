// The project's files by the words they mention (project-files.ts): `filesMentioningAtMost` gives
// `filesMentioning`'s list when it is within the limit, and stops reading files once it is not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SnapshotProjectFiles } from "../../server/src/analysis/project-files";

function projectOf(texts: Record<string, string>) {
  const read: string[] = [];
  const files = new SnapshotProjectFiles(
    undefined,
    Object.keys(texts),
    f => {
      read.push(f);
      return texts[f];
    },
    () => undefined,
  );
  return { files, read };
}

const texts: Record<string, string> = {
  "/p/a.ts": "export function load() {}\n",
  "/p/b.ts": "import { load } from './a';\nload();\n",
  "/p/c.ts": "const loader = 1; // not the word\n",
  "/p/d.ts": "load(); save();\n",
  "/p/e.ts": "export const save = () => load();\n",
};

test("within the limit: the same files, in the same order, as filesMentioning", () => {
  for (const word of ["load", "save", "loader", "absent"]) {
    const whole = projectOf(texts).files.filesMentioning(word);
    for (const limit of [0, 1, 2, 3, 4, 5, 10]) {
      const { files } = projectOf(texts);
      const atMost = files.filesMentioningAtMost(word, limit);
      assert.deepEqual(atMost, whole.length > limit ? undefined : whole, `${word}, at most ${limit}`);
      // Asked again, or in full afterwards: the same answers.
      assert.deepEqual(files.filesMentioningAtMost(word, limit), atMost);
      assert.deepEqual(files.filesMentioning(word), whole);
    }
  }
});

test("over the limit, the files after the first one too many are not read", () => {
  const { files, read } = projectOf(texts);
  assert.equal(files.filesMentioningAtMost("load", 2), undefined);
  assert.deepEqual(read, ["/p/a.ts", "/p/b.ts", "/p/c.ts", "/p/d.ts"], "stopped at the third file mentioning it");
  read.length = 0;
  assert.equal(files.filesMentioningAtMost("load", 1), undefined, "known to be over a smaller limit");
  assert.deepEqual(read, []);
});

test("after an edit, the list is the last one when no edited file's answer changed, and right when one did", () => {
  const first = projectOf(texts).files;
  const load = first.filesMentioning("load");
  const next = (edited: Record<string, string>, earlier: SnapshotProjectFiles) => {
    const now = { ...texts, ...edited };
    return new SnapshotProjectFiles(
      undefined,
      Object.keys(now),
      f => now[f],
      () => undefined,
      { files: earlier, changed: new Set(Object.keys(edited)) },
    );
  };
  // A keystroke that keeps b.ts mentioning it: the very same list.
  const same = next({ "/p/b.ts": "import { load } from './a';\nload(); // x\n" }, first);
  assert.equal(same.filesMentioning("load"), load);
  // c.ts starts mentioning it, b.ts stops: the list follows, in the project's order.
  const changed = next({ "/p/c.ts": "load();\n", "/p/b.ts": "// gone\n" }, first);
  assert.deepEqual(changed.filesMentioning("load"), ["/p/a.ts", "/p/c.ts", "/p/d.ts", "/p/e.ts"]);
});
