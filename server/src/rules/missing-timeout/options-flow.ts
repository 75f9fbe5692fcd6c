// Options that arrive through a parameter: `function run(cmd, opts) { return execAsync(cmd, opts) }`
// says nothing about a timeout, its callers do. Call-graph facts record which parameter of a
// project function ends up as the options of a checked call (directly, spread into a literal,
// or handed on to another project function), so a rule can judge the argument at the call that
// finally provides it ("report at the call that finally lacks a timeout").
import { SyntaxKind, nodeIndex, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { functionKey, type CallGraph, type FileFacts, type FunctionFacts, type FunctionKey, type Site } from "../../analysis/call-graph";
import { declaringNode } from "../../analysis/blocking-calls";
import { functionName } from "../../analysis/function-names";
import { rangeOf } from "../../analysis/positions";
import { calleeOf, calleeParts, callArguments, enclosingFunction, memberName, objectMembers, skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { isBrowserFile, isPageFunction, isSerializedFunction } from "../../analysis/file-kinds";
import { CarriedCallees } from "../../analysis/carried-callees";

/** A call whose options a rule checks: where they go and which keys count. */
export interface CheckedOptions {
  optionsIndex: number;
  keys: readonly string[];
  label: string;
  /** `exec(command, options)`: its first argument is the whole command; `execFile(file, args, options)`: the first two. */
  runsCommand?: "shell" | "file";
}

/** What a rule tells the collector: which calls of a file are checked (two phases). */
export interface CheckedCallFinder {
  prepare(call: CallExpression): void;
  find(call: CallExpression): CheckedOptions | undefined;
  /** A checked call, returned as is, whose result (a request, a stream, a child) has no timeout yet: its label. */
  findReturned(call: CallExpression): string | undefined;
  /** After `find` and `findReturned`: what the editor's next lint may carry. */
  record?(): void;
}

/** One parameter that ends up as a checked call's options, and the path to that call. */
export interface ForwardedOptions {
  paramIndex: number;
  keys: readonly string[];
  label: string;
  chain: Site[];
  /**
   * The parameter that is the child process's command, when the function hands both its command
   * and its options to `exec` itself (`run(cmd, opts) { exec(cmd, opts) }`): the caller writes it.
   * For `execFile` the file's, and `commandArgsParamIndex` the argument list's.
   */
  commandParamIndex?: number;
  commandArgsParamIndex?: number;
}

/** Kinds of declarations that can hold a function with a body. */
const declaringKinds = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.FunctionExpression,
]);

/**
 * The parameter an options argument comes from, when it comes from one only: the parameter
 * itself (`opts`), or a literal that spreads it and adds none of the keys (`{ ...opts, cwd }`).
 */
export function parameterSource(arg: Node | undefined, keys: readonly string[]): { fn: FunctionLike; index: number } | undefined {
  if (!arg) return undefined;
  const a = skipOuterExpressions(arg);
  let name: string | undefined;
  if (a.kind === SyntaxKind.Identifier) name = textOf(a);
  else if (a.kind === SyntaxKind.ObjectLiteralExpression) {
    const spreads: Node[] = [];
    for (const member of objectMembers(a)) {
      if (member.kind === SyntaxKind.SpreadAssignment) {
        spreads.push(skipOuterExpressions((member as unknown as { expression: Node }).expression));
        continue;
      }
      const key = memberName(member);
      if (key === undefined || keys.includes(key)) return undefined;
    }
    if (spreads.length !== 1 || spreads[0]!.kind !== SyntaxKind.Identifier) return undefined;
    name = textOf(spreads[0]!);
  }
  if (!name) return undefined;
  for (let n = a.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const params = (n as unknown as { parameters: readonly { name: Node; dotDotDotToken?: Node; initializer?: Node }[] }).parameters;
    const index = params.findIndex(p => !p.dotDotDotToken && p.name.kind === SyntaxKind.Identifier && textOf(p.name) === name);
    // A default (`opts = { timeout: 5000 }`) decides for callers that pass nothing: not followed.
    if (index >= 0) return params[index]!.initializer ? undefined : { fn: n as FunctionLike, index };
  }
  return undefined;
}

const detail = (paramIndex: number, keys: readonly string[], commandParamIndex: number | undefined, commandArgsParamIndex?: number) =>
  `options:${paramIndex}:${keys.join(",")}${commandParamIndex === undefined ? "" : `:${commandParamIndex}`}${commandParamIndex === undefined || commandArgsParamIndex === undefined ? "" : `:${commandArgsParamIndex}`}`;
const forwardDetail = (argIndex: number, paramIndex: number) => `forward:${argIndex}:${paramIndex}`;

/** Call-graph facts: for each function, the parameters that become a checked call's options. */
export class OptionsFlowCollector {
  static readonly visitKinds: readonly SyntaxKind[] = [SyntaxKind.CallExpression];
  readonly visitKinds = OptionsFlowCollector.visitKinds;
  private readonly calls: CallExpression[] = [];
  private readonly projectCalls = new Set<CallExpression>();

  /** Browser code never runs in Node: its calls are no one's timeout problem here. */
  private readonly browser: boolean;

  /** In the editor, the callees of the functions an edit did not touch are those of the last lint. */
  private readonly callees: CarriedCallees;
  /** Likewise which calls pass `visit`'s syntactic filter (recorded as null: kept). */
  private readonly kept: CarriedCallees;

  constructor(
    private readonly fa: FileAnalysis,
    private readonly finder: CheckedCallFinder,
  ) {
    this.browser = isBrowserFile(fa);
    this.callees = new CarriedCallees(fa, "options-flow:callees");
    this.kept = new CarriedCallees(fa, "options-flow:kept");
  }

  visit(node: Node): void {
    if (this.browser || node.kind !== SyntaxKind.CallExpression) return;
    const call = node as CallExpression;
    // Only calls that hand on a parameter, or whose result is returned, can matter here (said by
    // syntax alone: in a function the edit did not touch, the last lint's answer stands).
    if (this.kept.inCarriedUnit(call) ? this.kept.carried(call) !== null : !callArguments(call).some(arg => mayBeParameterOptions(arg)) && !isReturned(call))
      return;
    this.kept.answer(call, null);
    this.calls.push(call);
    this.finder.prepare(call);
    const parts = calleeParts(calleeOf(call));
    if (parts && mayBeProjectFunction(this.fa, call)) {
      this.projectCalls.add(call);
      if (this.callees.carried(call) === undefined) this.fa.queries.needSymbol(parts.nameNode);
    }
  }

  finish(): { facts: FileFacts } {
    const { fileName, sourceFile } = this.fa;
    const functions = new Map<FunctionKey, FunctionFacts>();
    const dependsOn = new Set<string>();
    const factsOf = (fn: FunctionLike): FunctionFacts => {
      const key = functionKey(fileName, nodeIndex(declaringNode(fn)));
      let facts = functions.get(key);
      if (!facts) {
        facts = { key, name: functionName(fn), isAsyncContext: false, effects: [], calls: [] };
        functions.set(key, facts);
      }
      return facts;
    };
    for (const call of this.calls) {
      if (isSerializedFunction(call) || isPageFunction(call, this.fa.dependencies)) continue;
      // Made for the calls that record something (most record nothing).
      let range: Site["range"] | undefined;
      const returned = isReturned(call) ? this.finder.findReturned(call) : undefined;
      const owner = returned ? enclosingFunction(call) : undefined;
      if (returned && owner) {
        factsOf(owner).effects.push({ fileName, range: (range ??= rangeOf(sourceFile, call)), label: returned, kind: "returns" });
        continue;
      }
      const checked = this.finder.find(call);
      if (checked) {
        const source = parameterSource(callArguments(call)[checked.optionsIndex], checked.keys);
        const command = checked.runsCommand ? parameterSource(callArguments(call)[0], []) : undefined;
        const commandIndex = command && source && command.fn === source.fn ? command.index : undefined;
        const list = checked.runsCommand === "file" ? parameterSource(callArguments(call)[1], []) : undefined;
        const listIndex = list && source && list.fn === source.fn ? list.index : undefined;
        // An execFile wrapper's command is judged only with both its file and its list written by the caller.
        const judged = checked.runsCommand === "file" && listIndex === undefined ? undefined : commandIndex;
        if (source)
          factsOf(source.fn).effects.push({
            fileName,
            range: (range ??= rangeOf(sourceFile, call)),
            label: checked.label,
            kind: detail(source.index, checked.keys, judged, listIndex),
          });
        continue;
      }
      if (!this.projectCalls.has(call)) continue;
      const carried = this.callees.carried(call);
      const target = carried === undefined ? this.calleeOf(call) : carried;
      this.callees.answer(call, target);
      if (!target) continue;
      const args = callArguments(call);
      for (let argIndex = 0; argIndex < args.length; argIndex++) {
        // The keys are the callee's to say: any literal that only spreads a parameter may forward it.
        const source = parameterSource(args[argIndex]!, []);
        if (!source) continue;
        range ??= rangeOf(sourceFile, call);
        factsOf(source.fn).calls.push({ fileName, range, label: labelOf(call), target, kind: forwardDetail(argIndex, source.index) });
        dependsOn.add(target.slice(0, target.lastIndexOf(":")));
      }
    }
    this.callees.record();
    this.kept.record();
    this.finder.record?.();
    return { facts: { fileName, functions, dependsOn } };
  }

  /** The project function with a body a call reaches (its declaration's key), by the symbol asked in `visit`; null when none. */
  private calleeOf(call: CallExpression): FunctionKey | null {
    const { queries } = this.fa;
    const symbol = queries.symbolOf(calleeParts(calleeOf(call))!.nameNode);
    const handle = symbol ? queries.declarationHandle(symbol) : undefined;
    if (!handle || !declaringKinds.has(handle.kind) || /\.d\.[cm]?ts$/.test(handle.fileName) || queries.isExternalPath(handle.fileName)) return null;
    return functionKey(handle.fileName, handle.index);
  }
}

/** `return http.get(url)`, `url => got.stream(url)`: the caller gets the call's result. */
export function isReturned(call: CallExpression): boolean {
  let n: Node = call;
  while (n.parent && (n.parent.kind === SyntaxKind.ParenthesizedExpression || n.parent.kind === SyntaxKind.AsExpression)) n = n.parent;
  return n.parent?.kind === SyntaxKind.ReturnStatement || (n.parent?.kind === SyntaxKind.ArrowFunction && (n.parent as unknown as { body: Node }).body === n);
}

function mayBeParameterOptions(arg: Node): boolean {
  const a = skipOuterExpressions(arg);
  return (
    a.kind === SyntaxKind.Identifier || (a.kind === SyntaxKind.ObjectLiteralExpression && objectMembers(a).some(m => m.kind === SyntaxKind.SpreadAssignment))
  );
}

/**
 * Calls that may reach the project's own functions, by syntax: plain calls not imported from a
 * package, `this.m()`, members of relative-module namespaces (see BlockingCallCollector).
 */
export function mayBeProjectFunction(fa: FileAnalysis, call: CallExpression): boolean {
  const parts = calleeParts(calleeOf(call));
  if (!parts) return false;
  if (!parts.receiverExpression) {
    const binding = fa.bindings.forLocalName(parts.nameNode.text);
    return !binding || binding.module.startsWith(".");
  }
  const receiver = parts.receiverExpression;
  if (receiver.kind === SyntaxKind.ThisKeyword) return true;
  if (!parts.receiver) return false;
  const binding = fa.bindings.forLocalName(parts.receiver.text);
  return !!binding && binding.module.startsWith(".");
}

function labelOf(call: CallExpression): string {
  const callee = calleeOf(call).getText().replace(/\s+/g, "");
  return `${callee.length <= 40 ? callee : (calleeParts(calleeOf(call))?.nameNode.text ?? "this call")}()`;
}

/** Reads the facts back: which parameters of a project function become a checked call's options. */
export class OptionsFlow {
  private readonly memo = new Map<FunctionKey, ForwardedOptions[]>();

  constructor(private readonly graph: CallGraph) {}

  forwarded(key: FunctionKey, depth = 0, onPath = new Set<FunctionKey>()): ForwardedOptions[] {
    const memo = this.memo.get(key);
    if (memo) return memo;
    if (depth > 8 || onPath.has(key)) return [];
    const facts = this.graph.factsOfFunction(key);
    if (!facts) return [];
    const out: ForwardedOptions[] = [];
    for (const e of facts.effects) {
      if (e.kind === "returns") continue;
      const [, index, keys, command, commandArgs] = (e.kind ?? "").split(":");
      out.push({
        paramIndex: Number(index),
        keys: keys ? keys.split(",") : [],
        label: e.label,
        chain: [e],
        ...(command ? { commandParamIndex: Number(command) } : {}),
        ...(command && commandArgs ? { commandArgsParamIndex: Number(commandArgs) } : {}),
      });
    }
    onPath.add(key);
    for (const c of facts.calls) {
      const [, argIndex, paramIndex] = (c.kind ?? "").split(":");
      for (const f of this.forwarded(c.target, depth + 1, onPath)) {
        if (f.paramIndex === Number(argIndex)) out.push({ paramIndex: Number(paramIndex), keys: f.keys, label: f.label, chain: [c, ...f.chain] });
        // (Only a direct wrapper's command parameter is known: the command's own path is not followed.)
      }
    }
    onPath.delete(key);
    if (onPath.size === 0) this.memo.set(key, out);
    return out;
  }

  /** The checked call a project function returns as is, with no timeout set on its result. */
  returned(key: FunctionKey): Site | undefined {
    const facts = this.graph.factsOfFunction(key);
    return facts?.effects.find(e => e.kind === "returns");
  }
}
