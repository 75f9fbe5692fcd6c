// updateSnapshot's answers (typescript/root-file-lists.ts): a root-file list whose text did not
// change is the array parsed last time; every answer decodes as JSON.parse decodes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { arrayEnd, RootFileLists } from "../../server/src/analysis/typescript/root-file-lists";

const answer = (snapshot: number, projects: { id: string; rootFiles: string[]; compilerOptions?: object }[], changed: string[] = []) =>
  JSON.stringify({
    snapshot,
    projects: projects.map(p => ({ id: p.id, configFileName: p.id, compilerOptions: p.compilerOptions ?? { strict: true }, rootFiles: p.rootFiles })),
    ...(changed.length ? { changes: { changedProjects: { [projects[0]!.id]: { changedFiles: changed } } } } : {}),
  });

test("arrayEnd finds the end of a JSON array of strings, escapes and brackets in names included", () => {
  const names = ["/a/[id].ts", '/b/"q".ts', "/c/back\\slash\\", "/d/],[.ts", ""];
  const json = `{"x":${JSON.stringify(names)},"y":1}`;
  const start = json.indexOf("[");
  assert.equal(json.slice(start, arrayEnd(json, start)), JSON.stringify(names));
  assert.equal(arrayEnd('{"x":null}', 5), undefined);
  assert.equal(arrayEnd('{"x":[1,2]}', 5), undefined);
});

test("an unchanged list is the same array; a changed one is parsed again; every answer equals JSON.parse's", () => {
  const lists = new RootFileLists();
  const a = ["/p/a.ts", "/p/[slug].ts", '/p/"odd".ts'];
  const b = ["/q/x.ts"];
  const parse = (text: string) => {
    const got = lists.parse(text) as { projects: { rootFiles: string[] }[] };
    assert.deepEqual(got, JSON.parse(text));
    return got;
  };
  const first = parse(
    answer(1, [
      { id: "/p/tsconfig.json", rootFiles: a },
      { id: "/q/tsconfig.json", rootFiles: b },
    ]),
  );
  const second = parse(
    answer(
      2,
      [
        { id: "/p/tsconfig.json", rootFiles: a },
        { id: "/q/tsconfig.json", rootFiles: b },
      ],
      ["/p/a.ts"],
    ),
  );
  assert.equal(second.projects[0]!.rootFiles, first.projects[0]!.rootFiles, "reused");
  assert.equal(second.projects[1]!.rootFiles, first.projects[1]!.rootFiles, "reused");
  assert.equal(lists.reused, 1);
  const third = parse(
    answer(3, [
      { id: "/p/tsconfig.json", rootFiles: [...a, "/p/new.ts"] },
      { id: "/q/tsconfig.json", rootFiles: b },
    ]),
  );
  assert.notEqual(third.projects[0]!.rootFiles, first.projects[0]!.rootFiles, "a new file: parsed again");
  parse(answer(4, [{ id: "/q/tsconfig.json", rootFiles: b }]));
  parse(JSON.stringify({ snapshot: 5, projects: [] }));
});

test("a compiler option of the same name keeps every list from being reused, never mixes them up", () => {
  const lists = new RootFileLists();
  const project = { id: "/p/tsconfig.json", rootFiles: ["/p/a.ts"], compilerOptions: { plugins: [{ name: "x", rootFiles: ["/p/a.ts"] }] } };
  for (let i = 0; i < 3; i++) assert.deepEqual(lists.parse(answer(i, [project])), JSON.parse(answer(i, [project])));
  assert.equal(lists.reused, 0);
});
