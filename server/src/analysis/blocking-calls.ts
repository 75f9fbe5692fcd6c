// Finds the calls of one file that block the event loop, directly or through the project's own
// functions, and condenses them into call-graph facts. Two phases like a rule: `visit` records
// calls and asks for symbols, `finish` (after the batch) classifies them.
import { SyntaxKind, nodeAtIndex, nodeIndex, type CallExpression, type Node } from "./typescript";
import { functionUnitsOf, unitHolding, type FunctionUnit } from "./engine/function-units";
import { editMentions } from "./engine/unit-carry";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { blockingCostOf, isFixedCostCall, nodeBlockingApi, mayBeNodeBlockingName, packageOfPath, type BlockingApi, type ExtraApi } from "./blocking-apis";
import { SyncIntent, type SyncIntentKind } from "./sync-intent";
import { blockingMethodNames } from "./blocking-methods";
import { functionKey, type FileFacts, type FunctionFacts, type FunctionKey } from "./call-graph";
import type { ModuleBinding } from "./module-bindings";
import { rangeOf } from "./positions";
import { isMemoizedLoad, isOnceGuarded } from "./memoized-load";
import { isIdleWorkerWait } from "./idle-worker-wait";
import { createsFolderOncePerFolder, isMkdirName } from "./create-if-missing";
import { declaringKinds, indirectCallTarget } from "./syntax";
import { functionName } from "./function-names";
import type { FileAnalysis } from "../rules/rule";

export interface CallRecord {
  call: CallExpression;
  /** The identifier naming the callee: `readFileSync` in `fs.readFileSync(...)`. */
  nameNode: Node & { text: string };
  /** `fs` in `fs.readFileSync(...)`, when it is a plain identifier. */
  receiver?: Node & { text: string };
  owner: FunctionLike | undefined;
  /** `visit` asked for the callee's symbol: only then may `finish` read it (the two phases must agree). */
  symbolRequested?: boolean;
  /** The name may be a blocking API's (`isCandidate`, decided in `visit`). */
  candidate?: boolean;
}

export interface ClassifiedCall extends CallRecord {
  blocking?: BlockingApi & { binding?: ModuleBinding };
  target?: { key: FunctionKey; label: string };
  /** The code says this call is deliberate (sync-intent.ts): it does not reach the callers of its function. */
  intent?: SyncIntentKind;
}

/**
 * What the editor carries of one classified call to the next lint (engine/unit-carry.ts): node
 * indices instead of nodes, the binding by its names, and the answers that cost symbol questions.
 */
interface CarriedCall {
  call: number;
  name: number;
  nameText: string;
  receiver?: number;
  owner?: number;
  symbolRequested?: boolean;
  blocking?: BlockingApi & { binding?: { module: string; imported: string; localName: string } };
  target?: { key: FunctionKey; label: string };
  intent?: SyncIntentKind;
}

/** One function's carried calls, and the project's blocking method names they were asked with. */
interface CarriedUnit {
  methodNames: string;
  calls: CarriedCall[];
}

/**
 * The names' key by the set (the project's derived fact, the same set while no file's part of it
 * changed): made once, and one string, so that each carried unit's check is a pointer comparison.
 */
const methodNamesKeys = new WeakMap<ReadonlySet<string>, string>();

/** The rule whose suppressions count as "deliberate" at the source. */
const ruleId = "blocking-call-in-async";

const text = (node: Node | undefined): string | undefined => (node as unknown as { text?: string } | undefined)?.text;

export class BlockingCallCollector {
  private readonly records: CallRecord[] = [];
  private readonly extraMembers: Set<string>;
  private intents: SyncIntent | undefined;
  /** Method names worth following through member calls (blocking-methods.ts). */
  private readonly methodNames: ReadonlySet<string> | undefined;

  /** In the editor: units whose calls the last lint classified and this one carries (not visited again). */
  private readonly carriedUnits: FunctionUnit[] = [];
  /** Their calls, classified, with this tree's nodes. */
  private readonly carriedCalls: ClassifiedCall[] = [];
  /** What the next lint carries of each of them: the record read, in this tree's indices (not written again). */
  private readonly carriedRecords = new Map<ClassifiedCall, CarriedCall>();
  /** The editor's key for what `carryOver` reads and `recordForCarry` writes (the CLI carries nothing: not made there). */
  private readonly carryKey: string;

  constructor(
    private readonly fa: FileAnalysis,
    private readonly extraApis: readonly ExtraApi[],
  ) {
    this.extraMembers = new Set(extraApis.map(e => e.member));
    // node:sqlite's classes are named `...Sync`: the general pattern finds the files using them.
    this.methodNames = fa.project && blockingMethodNames(fa.project, [...new Set(extraApis.map(e => e.pkg).filter(p => p !== "node"))]);
    this.carryKey = fa.unitCarry ? `blocking-calls:${JSON.stringify(extraApis)}` : "";
    this.carryOver();
  }

  private methodNamesKey(): string {
    const names = this.methodNames;
    if (!names) return "";
    let key = methodNamesKeys.get(names);
    if (key === undefined) methodNamesKeys.set(names, (key = [...names].sort().join(",")));
    return key;
  }

  /**
   * The units an edit of another function did not touch keep their classified calls: what a call
   * blocks on or reaches follows from its own function's syntax, the skeleton (imports, module
   * variables, comments before the function) and the types of declarations, all unchanged. Not
   * when the edited function's text mentions what reaches past it: a `require` or `import`
   * (module bindings), a `loopscope-` comment (a suppression range); nor when the project's
   * blocking method names changed; nor in a file that waits with `Atomics.wait`.
   */
  private carryOver(): void {
    const plan = this.fa.unitCarry?.plan<CarriedUnit>(this.carryKey);
    if (!plan) return;
    if (editMentions(plan, /\brequire\b|\bimport\b|loopscope-/)) return;
    // An idle worker's `Atomics.wait` (idle-worker-wait.ts) depends on a count that other functions
    // of the file move: such files (few) are classified afresh.
    if (/\bAtomics\s*\.\s*wait\b/.test(this.fa.sourceFile.text)) return;
    const methodNames = this.methodNamesKey();
    plan.units.units.forEach((unit, i) => {
      const data = plan.carried[i];
      if (!data || data.methodNames !== methodNames) return;
      const calls: [ClassifiedCall, CarriedCall][] = [];
      for (const c of data.calls) {
        const at = {
          call: plan.shift.index(c.call),
          name: plan.shift.index(c.name),
          receiver: c.receiver === undefined ? undefined : plan.shift.index(c.receiver),
          owner: c.owner === undefined ? undefined : plan.shift.index(c.owner),
        };
        const call = this.nodeAt(at.call, SyntaxKind.CallExpression);
        const nameNode = this.nodeAt(at.name);
        const receiver = c.receiver === undefined ? undefined : this.nodeAt(at.receiver, SyntaxKind.Identifier);
        const owner = c.owner === undefined ? undefined : this.nodeAt(at.owner);
        const targetKey = c.target && plan.shift.key(c.target.key);
        const written = c.blocking?.binding;
        const binding =
          written && this.fa.bindings.all.find(b => b.module === written.module && b.imported === written.imported && b.localName === written.localName);
        if (
          !call ||
          (nameNode as { text?: string } | undefined)?.text !== c.nameText ||
          (c.receiver !== undefined && !receiver) ||
          (c.owner !== undefined && (!owner || !isFunctionLike(owner))) ||
          (c.target && !targetKey) ||
          (written && !binding)
        )
          return; // computed again with its unit
        const classified: ClassifiedCall = {
          call: call as CallExpression,
          nameNode: nameNode as CallRecord["nameNode"],
          owner: owner as FunctionLike | undefined,
          ...(receiver ? { receiver: receiver as CallRecord["nameNode"] } : {}),
          ...(c.symbolRequested ? { symbolRequested: true } : {}),
          ...(c.blocking ? { blocking: { module: c.blocking.module, name: c.blocking.name, label: c.blocking.label, ...(binding ? { binding } : {}) } } : {}),
          ...(c.target ? { target: { key: targetKey!, label: c.target.label } } : {}),
          ...(c.intent ? { intent: c.intent } : {}),
        };
        // The same record in this tree's terms: nodes found at these indices, the same binding, the key moved.
        calls.push([
          classified,
          {
            ...c,
            call: at.call!,
            name: at.name!,
            ...(at.receiver !== undefined ? { receiver: at.receiver } : {}),
            ...(at.owner !== undefined ? { owner: at.owner } : {}),
            ...(c.target ? { target: { key: targetKey!, label: c.target.label } } : {}),
          },
        ]);
      }
      this.carriedUnits.push(unit);
      for (const [classified, record] of calls) {
        this.carriedCalls.push(classified);
        this.carriedRecords.set(classified, record);
      }
    });
  }

  private nodeAt(index: number | undefined, kind?: SyntaxKind): Node | undefined {
    if (index === undefined) return undefined;
    const node = nodeAtIndex(this.fa.sourceFile, index);
    return node && (kind === undefined || node.kind === kind) ? node : undefined;
  }

  static readonly visitKinds: readonly SyntaxKind[] = [SyntaxKind.CallExpression];
  readonly visitKinds = BlockingCallCollector.visitKinds;

  visit(node: Node): void {
    if (node.kind !== SyntaxKind.CallExpression) return;
    if (this.carriedUnits.length && unitHolding(this.carriedUnits, node.pos, node.end) >= 0) return;
    const call = node as CallExpression;
    let callee: Node = call.expression;
    for (;;) {
      if (callee.kind === SyntaxKind.ParenthesizedExpression || callee.kind === SyntaxKind.NonNullExpression)
        callee = (callee as unknown as { expression: Node }).expression;
      else if (indirectCallTarget(callee)) callee = indirectCallTarget(callee)!;
      else break;
    }
    let nameNode: Node | undefined;
    let receiver: Node | undefined;
    if (callee.kind === SyntaxKind.Identifier) nameNode = callee;
    else if (callee.kind === SyntaxKind.PropertyAccessExpression) {
      const access = callee as unknown as { expression: Node; name: Node };
      // `this.#format()`: private methods are the project's own functions too.
      if (access.name.kind !== SyntaxKind.Identifier && access.name.kind !== SyntaxKind.PrivateIdentifier) return;
      nameNode = access.name;
      if (access.expression.kind === SyntaxKind.Identifier) receiver = access.expression;
    }
    if (!nameNode) return;
    const named = { nameNode: nameNode as CallRecord["nameNode"], ...(receiver ? { receiver: receiver as CallRecord["nameNode"] } : {}) };
    const candidate = this.isCandidate(named);
    const symbolRequested =
      candidate ||
      this.mayBeProjectFunction(callee, named) ||
      (callee.kind === SyntaxKind.PropertyAccessExpression && !!this.methodNames?.has(named.nameNode.text));
    // A call that is no candidate and whose symbol is not asked for can neither block nor reach
    // a project function (`classify` would find nothing): it is not kept (most calls of a file).
    if (!symbolRequested) return;
    const owner = this.fa.asyncContext.ownerOf(call);
    this.records.push({
      call,
      ...named,
      owner: owner.kind === SyntaxKind.SourceFile ? undefined : (owner as FunctionLike),
      symbolRequested: true,
      ...(candidate ? { candidate: true } : {}),
    });
    this.fa.queries.needSymbol(nameNode);
    if (receiver && candidate) this.fa.queries.needSymbol(receiver);
  }

  /**
   * Syntactic pre-filter for following calls into the project's own functions: plain calls
   * (except functions imported from packages), `this.m()` / `super.m()`, and members of
   * relative-module imports (`helpers.load()`, `Config.read()`). Other member calls
   * (`client.request()`) would make the checker compute the receiver's type on every edit,
   * which dominated per-keystroke time on large typed code; they are not followed.
   */
  private mayBeProjectFunction(callee: Node, record: Pick<CallRecord, "nameNode" | "receiver">): boolean {
    if (callee.kind === SyntaxKind.Identifier) {
      const binding = this.fa.bindings.forLocalName(record.nameNode.text);
      return !binding || binding.module.startsWith(".");
    }
    const receiverNode = (callee as unknown as { expression: Node }).expression;
    if (receiverNode.kind === SyntaxKind.ThisKeyword || receiverNode.kind === SyntaxKind.SuperKeyword) return true;
    if (!record.receiver) return false;
    const binding = this.fa.bindings.forLocalName(record.receiver.text);
    return !!binding && binding.module.startsWith(".");
  }

  /** Cheap syntactic pre-filter: only these calls are classified as possibly blocking. */
  private isCandidate(record: Pick<CallRecord, "nameNode" | "receiver">): boolean {
    if (this.isCandidateName(record.nameNode.text)) return true;
    // `import { readFileSync as read } from "fs"`: the local name hides the export's name.
    const binding = record.receiver ? undefined : this.fa.bindings.forLocalName(record.nameNode.text);
    return !!binding && this.isCandidateName(binding.imported);
  }

  /**
   * Classifies the calls and builds this file's facts. Call after the batch ran. `calls`: those
   * that block or reach a project function (the others say nothing, to the rule or the graph).
   */
  finish(): { calls: ClassifiedCall[]; facts: FileFacts } {
    const { fileName } = this.fa;
    const functions = new Map<FunctionKey, FunctionFacts>();
    const dependsOn = new Set<string>();
    const calls: ClassifiedCall[] = [];
    const carried = new Set<ClassifiedCall>(this.carriedCalls);
    for (const record of mergedByPosition(this.records, this.carriedCalls)) {
      const classified: ClassifiedCall = carried.has(record) ? record : this.classify(record);
      if (!classified.blocking && !classified.target) continue;
      calls.push(classified);
      if (!record.owner || classified.intent) continue;
      const key = functionKey(fileName, nodeIndex(declaringNode(record.owner)));
      let facts = functions.get(key);
      if (!facts) {
        facts = { key, name: functionName(record.owner), isAsyncContext: this.fa.asyncContext.isAsyncOwner(record.owner), effects: [], calls: [] };
        functions.set(key, facts);
      }
      const range = rangeOf(this.fa.sourceFile, record.call);
      if (classified.blocking)
        facts.effects.push({
          fileName,
          range,
          label: classified.blocking.label,
          ...(blockingCostOf(classified.blocking) === "metadata" ? { minor: true } : {}),
        });
      else if (classified.target) {
        facts.calls.push({ fileName, range, label: classified.target.label, target: classified.target.key });
        dependsOn.add(classified.target.key.slice(0, classified.target.key.lastIndexOf(":")));
      }
    }
    this.recordForCarry(calls);
    return { calls, facts: { fileName, functions, dependsOn } };
  }

  private classify(record: CallRecord): ClassifiedCall {
    const classified: ClassifiedCall = { ...record };
    let blocking = record.candidate ? this.classifyBlocking(record) : undefined;
    if (blocking && isFixedCostCall(blocking, stringLiteralText(record.call.arguments[0]))) blocking = undefined;
    // A worker thread asleep while it holds no task (idle-worker-wait.ts) delays nothing.
    if (blocking?.module === "Atomics" && isIdleWorkerWait(record.call, this.fa.bindings, this.fa.sourceFile)) blocking = undefined;
    if (blocking) {
      // Read once into a cache, or done once behind a flag: no more than startup code. A folder
      // made only when its check found it missing, once per folder (create-if-missing.ts): the same.
      if (!blocksAtMostOnce(record.call) && !(isMkdirName(blocking.name) && createsFolderOncePerFolder(record.call))) classified.blocking = blocking;
    } else if (record.symbolRequested) {
      const target = this.resolveTarget(record);
      if (target && !blocksAtMostOnce(record.call)) classified.target = target;
    }
    if (classified.blocking || classified.target) {
      const intent = (this.intents ??= new SyncIntent(this.fa.sourceFile, ruleId)).of(record.call);
      if (intent) classified.intent = intent;
    }
    return classified;
  }

  /** This lint's classified calls by unit, for the next lint in the editor (calls outside every function are classified each time). */
  private recordForCarry(calls: readonly ClassifiedCall[]): void {
    const carry = this.fa.unitCarry;
    if (!carry) return;
    const units = functionUnitsOf(this.fa.sourceFile).units;
    const methodNames = this.methodNamesKey();
    const byUnit: (CarriedUnit | undefined)[] = units.map(() => ({ methodNames, calls: [] }));
    for (const c of calls) {
      const i = unitHolding(units, c.call.pos, c.call.end);
      if (i < 0) continue;
      const carried = this.carriedRecords.get(c);
      if (carried) {
        byUnit[i]!.calls.push(carried);
        continue;
      }
      const binding = c.blocking?.binding;
      byUnit[i]!.calls.push({
        call: nodeIndex(c.call),
        name: nodeIndex(c.nameNode),
        nameText: c.nameNode.text,
        ...(c.receiver ? { receiver: nodeIndex(c.receiver) } : {}),
        ...(c.owner ? { owner: nodeIndex(c.owner) } : {}),
        ...(c.symbolRequested ? { symbolRequested: true } : {}),
        ...(c.blocking
          ? {
              blocking: {
                module: c.blocking.module,
                name: c.blocking.name,
                label: c.blocking.label,
                ...(binding ? { binding: { module: binding.module, imported: binding.imported, localName: binding.localName } } : {}),
              },
            }
          : {}),
        ...(c.target ? { target: { ...c.target } } : {}),
        ...(c.intent ? { intent: c.intent } : {}),
      });
    }
    carry.record(this.carryKey, byUnit);
  }

  private isCandidateName(name: string): boolean {
    return mayBeNodeBlockingName(name) || this.extraMembers.has(name);
  }

  private classifyBlocking(record: CallRecord): (BlockingApi & { binding?: ModuleBinding }) | undefined {
    const { queries, bindings } = this.fa;
    const name = record.nameNode.text;
    // 1. Through this file's own import/require of a module (works without any types).
    const bindingNode = record.receiver ?? record.nameNode;
    const local = queries.localSymbolOf(bindingNode);
    // Only this file's own declarations can be its imports: don't load other files' trees.
    const inThisFile = local && queries.declarationHandle(local)?.fileName === this.fa.sourceFile.path;
    const declaration = inThisFile ? queries.declarationNode(local) : undefined;
    const binding =
      declaration && declaration.getSourceFile() === this.fa.sourceFile
        ? bindings.forDeclaration(declaration)
        : !local
          ? bindings.forLocalName(bindingNode === record.receiver ? record.receiver.text : name)
          : undefined;
    if (binding && (record.receiver ? binding.imported === "*" : binding.imported !== "*")) {
      const api = nodeBlockingApi(binding.module, record.receiver ? name : binding.imported);
      if (api) return { ...api, binding };
    }
    // 2. By symbol: Node's typings declare the function inside `declare module "fs"`.
    const symbol = queries.symbolOf(record.nameNode);
    if (!symbol) return undefined;
    const parent = queries.parentName(symbol);
    if (parent) {
      const api = nodeBlockingApi(parent, symbol.name);
      if (api) return binding ? { ...api, binding } : api;
    }
    // 3. Configured extra APIs, matched by declaring package and container.
    for (const extra of this.extraApis) {
      if (extra.member !== symbol.name) continue;
      if (extra.container ? parent !== extra.container : parent !== extra.pkg) continue;
      const decl = queries.declarationOf(symbol);
      if (decl && packageOfPath(decl.fileName) === extra.pkg)
        return { module: extra.pkg, name: extra.member, label: `${extra.container ?? extra.pkg}.${extra.member}` };
    }
    return undefined;
  }

  private resolveTarget(record: CallRecord): { key: FunctionKey; label: string } | undefined {
    const { queries } = this.fa;
    const symbol = queries.symbolOf(record.nameNode);
    if (!symbol) return undefined;
    const handle = queries.declarationHandle(symbol);
    if (!handle || !declaringKinds.has(handle.kind) || queries.isExternalPath(handle.fileName)) return undefined;
    const written = record.call.expression;
    const callee = (
      indirectCallTarget(written.kind === SyntaxKind.ParenthesizedExpression ? (written as unknown as { expression: Node }).expression : written) ?? written
    ).getText(this.fa.sourceFile);
    const label = `${callee.length <= 40 && !/[\r\n\u2028\u2029]/.test(callee) ? callee : record.nameNode.text}()`;
    if (/\.d\.[cm]?ts$/.test(handle.fileName)) {
      const key = handle.kind === SyntaxKind.FunctionDeclaration ? this.implementationBeside(handle.fileName, record.nameNode.text) : undefined;
      return key ? { key, label } : undefined;
    }
    // Keyed by the declaring node's index, so the target's file need not be loaded here: its facts
    // (computed once, kept across edits of other files) say whether that node holds a function.
    return { key: functionKey(handle.fileName, handle.index), label };
  }

  private implementationBeside(declarationFile: string, name: string): FunctionKey | undefined {
    return implementationBeside(this.fa, declarationFile, name);
  }
}

/**
 * A package built from TypeScript ships `x.js` beside `x.d.ts`, and its own imports resolve to
 * the declarations: the function that runs is the one of that name at the top of `x.js`.
 */
export function implementationBeside(fa: Pick<FileAnalysis, "project">, declarationFile: string, name: string): FunctionKey | undefined {
  const js = declarationFile.replace(/\.d\.([cm]?)ts$/, ".$1js");
  const source = fa.project?.analysisOf(js)?.sourceFile;
  if (!source) return undefined;
  for (const statement of (source as unknown as { statements: readonly Node[] }).statements) {
    if (
      statement.kind === SyntaxKind.FunctionDeclaration &&
      text((statement as unknown as { name?: Node }).name) === name &&
      (statement as FunctionLike).body
    ) {
      return functionKey(js, nodeIndex(statement));
    }
    if (statement.kind === SyntaxKind.VariableStatement) {
      for (const decl of (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) {
        const init = (decl as unknown as { initializer?: Node }).initializer;
        if (text((decl as unknown as { name: Node }).name) === name && init && isFunctionLike(init)) return functionKey(js, nodeIndex(decl));
      }
    }
  }
  return undefined;
}

/** The same for a method a `.d.ts` declares in a class: the method with a body of that class at the top of `x.js`. */
export function methodImplementationBeside(
  fa: Pick<FileAnalysis, "project">,
  declarationFile: string,
  className: string,
  name: string,
): FunctionKey | undefined {
  const js = declarationFile.replace(/\.d\.([cm]?)ts$/, ".$1js");
  const source = fa.project?.analysisOf(js)?.sourceFile;
  if (!source) return undefined;
  for (const statement of (source as unknown as { statements: readonly Node[] }).statements) {
    let cls: Node | undefined =
      statement.kind === SyntaxKind.ClassDeclaration && text((statement as unknown as { name?: Node }).name) === className ? statement : undefined;
    // Decorated classes compile to `let X = class X { ... }`.
    if (statement.kind === SyntaxKind.VariableStatement) {
      for (const decl of (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) {
        const init = (decl as unknown as { initializer?: Node }).initializer;
        if (text((decl as unknown as { name: Node }).name) === className && init?.kind === SyntaxKind.ClassExpression) cls = init;
      }
    }
    if (!cls) continue;
    for (const member of (cls as unknown as { members: readonly Node[] }).members) {
      if (member.kind === SyntaxKind.MethodDeclaration && text((member as unknown as { name?: Node }).name) === name && (member as FunctionLike).body)
        return functionKey(js, nodeIndex(member));
    }
  }
  return undefined;
}

/** Two lists of calls in document order (each already in the order visited) merged by position; they never share a function. */
function mergedByPosition<T extends { call: Node }>(a: readonly T[], b: readonly T[]): T[] {
  if (!b.length) return [...a];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.call.pos <= b[j]!.call.pos)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function stringLiteralText(node: Node | undefined): string | undefined {
  return node && (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral) ? text(node) : undefined;
}

function blocksAtMostOnce(call: CallExpression): boolean {
  return isMemoizedLoad(call) || isOnceGuarded(call);
}

/** The node a symbol's declaration handle points at for this function: itself, or the variable/property holding it. */
export function declaringNode(fn: FunctionLike): Node {
  let outer: Node = fn;
  while (outer.parent && outer.parent.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (
    parent &&
    (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration) &&
    (parent as unknown as { initializer?: Node }).initializer === outer
  )
    return parent;
  return fn;
}

/** The function a declaration declares: the function itself, or the function a variable/property holds. */
export function functionNodeOf(node: Node | undefined): FunctionLike | undefined {
  if (!node) return undefined;
  if (isFunctionLike(node)) return (node as FunctionLike).body ? (node as FunctionLike) : undefined;
  if (node.kind === SyntaxKind.VariableDeclaration || node.kind === SyntaxKind.PropertyAssignment || node.kind === SyntaxKind.PropertyDeclaration) {
    let init = (node as unknown as { initializer?: Node }).initializer;
    while (init && init.kind === SyntaxKind.ParenthesizedExpression) init = (init as unknown as { expression: Node }).expression;
    if (init && isFunctionLike(init)) return init as FunctionLike;
  }
  return undefined;
}
