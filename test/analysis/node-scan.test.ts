// The kind scan (reading the compiler's node table) against a plain walk: same nodes, same
// order, same parents, on real syntax trees from the compiler, and only the wanted nodes built.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TsService, forEachNodeOfKind, forEachNodeOfKindBelow, kindSet, SyntaxKind, type Node, type SourceFile } from "../../server/src/analysis/typescript";
import { walk, walkPruned } from "../../server/src/analysis/walk";
import { functionKinds, isFunctionLike } from "../../server/src/analysis/async-context";
import { repoRoot } from "../helpers/built";

let root: string;
let service: TsService;
before(() => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  root = mkdtempSync(join(repoRoot, "test/.tmp", "node-scan-"));
  service = new TsService({ cwd: root, log: () => {} });
});
after(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const code = `/**
 * A helper. {@link other} and a typed tag:
 * @param {Array<Promise<number>>} xs the inputs
 * @example
 * send(1);
 */
export async function send(xs: Promise<number>[], f = () => save()): Promise<void> {
  await Promise.all(xs.map(async x => { await x; save(); }));
  for (const x of xs) { x.then(() => {}, () => {}); }
  class Inner { /** doc */ m() { return [1, 2].map(n => n + 1); } }
  new Inner().m();
  label: while (false) { break label; }
  f();
}
declare function save(): Promise<void>;
const deep = ${"(".repeat(200)}1${")".repeat(200)};
export { deep };
`;

function fresh(name: string): SourceFile {
  const file = join(root, name);
  writeFileSync(file, code);
  const sf = service.projectFor(file)?.program.getSourceFile(file);
  assert.ok(sf, "the compiler loaded the file");
  return sf;
}

const describeNode = (n: Node) => `${SyntaxKind[n.kind]}@${n.pos}-${n.end}<${n.parent ? SyntaxKind[n.parent.kind] : "-"}`;

test("the table scan finds exactly the nodes a walk finds, in the same order, with the same parents", () => {
  const kindSets = [
    [SyntaxKind.ExpressionStatement],
    [SyntaxKind.CallExpression, SyntaxKind.ArrowFunction, SyntaxKind.NewExpression],
    [SyntaxKind.SourceFile, SyntaxKind.Identifier, SyntaxKind.ParenthesizedExpression],
    Object.values(SyntaxKind).filter((k): k is SyntaxKind => typeof k === "number" && k < SyntaxKind.Count),
  ];
  for (const [i, kinds] of kindSets.entries()) {
    const wanted = kindSet(kinds);
    const byTable: string[] = [];
    forEachNodeOfKind(fresh(`table-${i}.ts`), wanted, n => byTable.push(describeNode(n)));
    const byWalk: string[] = [];
    walk(fresh(`walk-${i}.ts`), n => {
      if (wanted[n.kind]) byWalk.push(describeNode(n));
    });
    assert.ok(byWalk.length > 0);
    assert.deepEqual(
      byTable,
      byWalk,
      `kinds ${kinds
        .slice(0, 3)
        .map(k => SyntaxKind[k])
        .join(", ")}...`,
    );
    const forcedWalk: string[] = [];
    forEachNodeOfKind(fresh(`forced-${i}.ts`), wanted, n => forcedWalk.push(describeNode(n)), false);
    assert.deepEqual(forcedWalk, byWalk, "the fallback walk gives the same");
  }
});

test("inside one subtree, the table scan finds what a pruned walk finds, skipping the subtrees the visit declines", () => {
  // The kinds the visit declines (functions) are wanted: the scan never sees the others.
  const wanted = kindSet([...functionKinds, SyntaxKind.CallExpression, SyntaxKind.AwaitExpression, SyntaxKind.ClassDeclaration, SyntaxKind.Identifier]);
  // Every subtree of each kind below, each visit declining functions (as check-then-act-across-await's body reader does).
  const roots = (sf: SourceFile) => {
    const found: Node[] = [];
    walk(sf, n => {
      if (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.FunctionDeclaration || n.kind === SyntaxKind.CallExpression) found.push(n);
    });
    return found;
  };
  const table = fresh("below-table.ts");
  const walked = fresh("below-walk.ts");
  const [tableRoots, walkRoots] = [roots(table), roots(walked)];
  assert.equal(tableRoots.length, walkRoots.length);
  assert.ok(tableRoots.length > 5);
  for (let i = 0; i < tableRoots.length; i++) {
    const byTable: string[] = [];
    assert.ok(
      forEachNodeOfKindBelow(tableRoots[i]!, wanted, n => {
        byTable.push(describeNode(n));
        return !isFunctionLike(n);
      }),
    );
    const byWalk: string[] = [];
    walkPruned(walkRoots[i]!, n => {
      if (wanted[n.kind]) byWalk.push(describeNode(n));
      return !isFunctionLike(n);
    });
    assert.deepEqual(byTable, byWalk, `below ${describeNode(walkRoots[i]!)}`);
  }
});

test("JSDoc comments are not entered, as with a walk", () => {
  const seen: string[] = [];
  forEachNodeOfKind(fresh("jsdoc.ts"), kindSet([SyntaxKind.TypeReference, SyntaxKind.JSDocParameterTag, SyntaxKind.ExpressionStatement]), n =>
    seen.push(SyntaxKind[n.kind]),
  );
  assert.ok(!seen.includes("JSDocParameterTag"));
  // `Array<Promise<number>>` in the JSDoc tag is not reported; the annotations in the code are.
  assert.equal(seen.filter(k => k === "TypeReference").length, 3, seen.join(" "));
});

test("only the wanted nodes and their ancestors are built", () => {
  const sf = fresh("built.ts");
  const nodes = (sf as unknown as { nodes: unknown[] }).nodes;
  const before = nodes.filter(Boolean).length;
  let found = 0;
  forEachNodeOfKind(sf, kindSet([SyntaxKind.ExpressionStatement]), () => {
    found++;
  });
  const built = nodes.filter(Boolean).length - before;
  assert.equal(found, 6);
  // Each statement and its chain of parents (a few levels): far fewer than the file's nodes.
  assert.ok(built < nodes.length / 4, `built ${built} of ${nodes.length} nodes`);
});

test("a node 10,000 blocks deep is built without recursion (the compiler's own lookup recurses per level)", () => {
  const depth = 10_000;
  const file = join(root, "deep-blocks.ts");
  writeFileSync(file, `export function f() {${"{".repeat(depth)}f();${"}".repeat(depth)}}\n`);
  const sf = service.projectFor(file)?.program.getSourceFile(file);
  assert.ok(sf, "the compiler loaded the file");
  const calls: Node[] = [];
  forEachNodeOfKind(sf, kindSet([SyntaxKind.CallExpression]), n => calls.push(n));
  assert.equal(calls.length, 1);
  let blocks = 0;
  for (let n = calls[0]!.parent; n; n = n.parent) if (n.kind === SyntaxKind.Block) blocks++;
  assert.equal(blocks, depth + 1, "every ancestor is there, with its parent");
});

test("names and literals read from the tree are the file's own, ASCII or not (the string table is decoded once)", () => {
  for (const [name, text] of [
    ["ascii.ts", `export const plain = "value";\nfunction callee(arg: string) { return arg; }\ncallee(plain);\n`],
    [
      "unicode.ts",
      `// A comment with a dash — and a naïve word.\nexport const café = "naïve ✓ 😀";\nconst escaped = "caf\\u00e9";\nconst plain = 'still ascii';\nfunction größe(x: string) { return x + café; }\ngröße(\`t ✓ \${plain}\`);\nexport { escaped, größe };\n`,
    ],
  ] as const) {
    const file = join(root, name);
    writeFileSync(file, text);
    const sf = service.projectFor(file)?.program.getSourceFile(file);
    assert.ok(sf, "the compiler loaded the file");
    assert.equal(sf.text, text);
    const names: string[] = [];
    const literals: string[] = [];
    forEachNodeOfKind(sf, kindSet([SyntaxKind.Identifier, SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateHead]), n => {
      const t = (n as unknown as { text: string }).text;
      if (n.kind === SyntaxKind.Identifier) {
        assert.equal(t, text.slice(n.getStart(sf), n.end), `the identifier at ${n.pos}`);
        names.push(t);
      } else literals.push(t);
    });
    assert.ok(names.includes("plain"));
    if (name === "unicode.ts") {
      assert.ok(names.includes("café") && names.includes("größe"), names.join(" "));
      assert.deepEqual(literals, ["naïve ✓ 😀", "café", "still ascii", "t ✓ "]);
    } else assert.deepEqual(literals, ["value"]);
  }
});
