// The checker rules see (typescript/cached-checker.ts) and import aliases keyed by module and
// export (FileQueries.resolve): every answer must be the one the compiler gives when asked, and
// questions asked before, about the same type or another reference to the same target, must not
// reach the compiler again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { FileQueries, SnapshotCache, SymbolFlags, SyntaxKind, TsService, type Node, type Type } from "../../server/src/analysis/typescript";
import { scratchFolder } from "../helpers/scratch";

const { write } = scratchFolder("cached-checker");

const declarations = [
  `export class Box<T> { constructor(readonly value: T) {} open(): T { return this.value; } then?: undefined; }`,
  `export interface Thenable<T> { then(ok: (v: T) => void, bad: (e: unknown) => void): void; catch?(bad: (e: unknown) => void): void }`,
  `export declare const values: {`,
  `  numbers: number[]; strings: string[]; readonlyNumbers: readonly number[]; readonlyStrings: ReadonlyArray<string>;`,
  `  pair: [number, string]; otherPair: [boolean, Date]; single: readonly [number]; named: [x: number, y: number];`,
  `  boxOfNumber: Box<number>; boxOfString: Box<string>; map: Map<string, number>; set: Set<Date>;`,
  `  promise: Promise<number>; promiseOfBox: Promise<Box<string>>; thenable: Thenable<number>; otherThenable: Thenable<string>;`,
  `  plain: { a: number }; fn: (x: number) => string; union: number[] | string; text: string; count: number;`,
  `};`,
];

function typesOfValues(service: TsService, file: string): { cache: SnapshotCache; types: Map<string, Type> } {
  const project = service.projectFor(file)!;
  const sourceFile = project.program.getSourceFile(file)!;
  const cache = new SnapshotCache(project);
  const queries = new FileQueries(sourceFile, cache);
  const members: Node[] = [];
  const visit = (node: Node) => {
    if (node.kind === SyntaxKind.PropertySignature) members.push((node as unknown as { name: Node }).name);
    node.forEachChild(child => {
      visit(child);
      return undefined;
    });
  };
  visit(sourceFile);
  for (const m of members) queries.needType(m);
  queries.resolve();
  return { cache, types: new Map(members.map(m => [(m as unknown as { text: string }).text, queries.typeOf(m)!])) };
}

test("answers as the compiler does, and asks each question about a target once", () => {
  const file = write("answers/values.ts", declarations.join("\n") + "\n");
  write("answers/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
  const service = new TsService({ cwd: dirname(file), log: () => {} });
  try {
    const { cache, types } = typesOfValues(service, file);
    const raw = cache.project.checker;
    const cached = cache.checker;
    assert.ok(service.pipeline.enabled, "requests are counted");
    const questions: [string, (c: typeof raw, t: Type) => unknown][] = [
      ["isArrayType", (c, t) => c.isArrayType(t)],
      ["isTupleType", (c, t) => c.isTupleType(t)],
      ["then", (c, t) => c.getPropertyOfType(t, "then")?.id],
      ["open", (c, t) => c.getPropertyOfType(t, "open")?.id],
      ["length", (c, t) => c.getPropertyOfType(t, "length")?.id],
      ["typeArguments", (c, t) => (t.flags & 524288 /* Object */ ? c.getTypeArguments(t as never).map(a => a.id) : [])],
      ["callSignatures", (c, t) => c.getSignaturesOfType(t, 0 as never).length],
    ];
    const expected = new Map<string, unknown>();
    for (const [name, type] of types) for (const [q, ask] of questions) expected.set(`${name} ${q}`, ask(raw, type));
    assert.equal(expected.get("numbers isArrayType"), true);
    assert.equal(expected.get("readonlyStrings isArrayType"), true);
    assert.equal(expected.get("pair isTupleType"), true);
    assert.equal(expected.get("boxOfNumber isArrayType"), false);

    const before = total(service);
    const arraysBefore = service.pipeline.requestsByMethod.get("isArrayType") ?? 0;
    for (const [name, type] of types) for (const [q, ask] of questions) assert.deepEqual(ask(cached, type), expected.get(`${name} ${q}`), `${name} ${q}`);
    const first = total(service) - before;
    for (const [, type] of types) for (const [, ask] of questions) ask(cached, type);
    assert.equal(total(service) - before, first, "asked again: no request");
    // Arrays by the two global interfaces, tuples per target, absent members per target: fewer
    // requests than questions the first time too.
    assert.ok(first < types.size * questions.length - 40, `${first} requests for ${types.size * questions.length} questions`);
    assert.equal(service.pipeline.requestsByMethod.get("isArrayType") ?? 0, arraysBefore, "arrays told by the global Array and ReadonlyArray");
  } finally {
    service.close();
  }
});

test("a union's members are asked once, whichever question reads them", () => {
  const file = write("members/values.ts", declarations.join("\n") + "\n");
  write("members/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
  const service = new TsService({ cwd: dirname(file), log: () => {} });
  try {
    const { cache, types } = typesOfValues(service, file);
    assert.ok(service.pipeline.enabled, "requests are counted");
    const queries = new FileQueries(cache.project.program.getSourceFile(file)!, cache);
    const union = types.get("union")!;
    const asked = () => service.pipeline.oneByOne.get("getTypesOfType") ?? 0;
    const before = asked();
    assert.deepEqual(
      queries.membersOf(union).map(t => t.id),
      (union as unknown as { getTypes(): Type[] }).getTypes().map(t => t.id),
      "the compiler's own answer",
    );
    const once = asked();
    assert.equal(once, before + 2, "ours, then the API's own");
    // Every question about the union reads its members: none asks again.
    queries.thenableInfo(union);
    queries.isPromiseArray(union);
    queries.promiseLikeInfo(union);
    queries.promiseLikeArrayInfo(union);
    queries.declaredNullable(union);
    queries.fixedForPromises(union);
    assert.equal(asked(), once);
    assert.throws(() => (queries.membersOf(union) as Type[]).push(union), "shared, so frozen");
  } finally {
    service.close();
  }
});

test("a list answer cannot be changed by the caller it was given to", () => {
  const file = write("frozen/values.ts", declarations.join("\n") + "\n");
  write("frozen/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
  const service = new TsService({ cwd: dirname(file), log: () => {} });
  try {
    const { cache, types } = typesOfValues(service, file);
    const args = cache.checker.getTypeArguments(types.get("map") as never);
    assert.equal(args.length, 2);
    assert.throws(() => (args as Type[]).push(args[0]!));
    assert.equal(cache.checker.getTypeArguments(types.get("map") as never).length, 2);
  } finally {
    service.close();
  }
});

test("a named import resolves once per module and export, whichever file imports it", () => {
  const dir = "aliases";
  write(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
  write(`${dir}/package.json`, `{"type":"module"}`);
  write(`${dir}/src/helpers.ts`, `export function load() { return 1; }\nexport function save() { return 2; }\nexport default function main() {}\n`);
  write(`${dir}/src/index.ts`, `export { load as reload } from "./helpers.js";\n`);
  const users = ["a", "b", "c"].map(name =>
    write(
      `${dir}/src/users/${name}.ts`,
      `import { load, save as store } from "../helpers.js";\nimport main from "../helpers.js";\nimport { reload } from "../index.js";\nload(); store(); main(); reload();\n`,
    ),
  );
  const service = new TsService({ cwd: dirname(users[0]!), log: () => {} });
  try {
    const project = service.projectFor(users[0]!)!;
    const cache = new SnapshotCache(project);
    const targets: string[][] = [];
    for (const user of users) {
      const sourceFile = project.program.getSourceFile(user)!;
      const queries = new FileQueries(sourceFile, cache);
      const callees: Node[] = [];
      for (const statement of sourceFile.statements) {
        if (statement.kind !== SyntaxKind.ExpressionStatement) continue;
        const callee = (statement as unknown as { expression: { expression: Node } }).expression.expression;
        callees.push(callee);
        queries.needSymbol(callee);
      }
      queries.resolve(service.pipeline);
      targets.push(
        callees.map(c => {
          const local = queries.localSymbolOf(c)!;
          assert.ok(local.flags & SymbolFlags.Alias);
          const target = queries.symbolOf(c)!;
          assert.equal(target.id, project.checker.getAliasedSymbol(local).id, "the compiler's own answer");
          return `${target.name}@${queries.declarationHandle(target)!.fileName.split("/").pop()}`;
        }),
      );
    }
    assert.deepEqual(
      targets,
      users.map(() => ["load@helpers.ts", "save@helpers.ts", "default@helpers.ts", "load@helpers.ts"]),
    );
    // load, save and reload once each (the checks above asked each file's aliases again); the default import in every file.
    assert.equal(service.pipeline.requestsByMethod.get("getAliasedSymbol"), 3 + users.length + users.length * 4);
  } finally {
    service.close();
  }
});

function total(service: TsService): number {
  let n = 0;
  for (const count of service.pipeline.requestsByMethod.values()) n += count;
  return n;
}
