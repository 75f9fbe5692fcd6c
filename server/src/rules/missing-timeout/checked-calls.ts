// Finding the checked calls of a file in two phases (phase 1 asks for symbols and argument types,
// phase 2 resolves the API and reads its options), for the rule and for the options-flow facts.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { ApiResolver, type ApiTarget } from "../../analysis/api-calls";
import { CarriedCallees } from "../../analysis/carried-callees";
import { optionsState, type OptionsState } from "../../analysis/options-object";
import { callArguments, referenceName, skipOuterExpressions, textOf, type CalleeParts } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { withoutBareAgents } from "./bare-agents";
import { type CheckedCallFinder } from "./options-flow";
import { calleeOf } from "../../analysis/syntax";
import { candidateNames, checkFor, targetNames, typesResolveTo, type Candidate, type Check, type CommandScope } from "./checked-apis";
import { mayNeedArgTypes, prepareArgs } from "./argument-kinds";
import { raceWithTimeout, resultTimesOut } from "./timeout-elsewhere";

/** Phase 1 for one call: may it be one of the checked APIs? */
export function prepareCandidate(context: FileAnalysis, resolver: ApiResolver, candidates: Candidate[], call: CallExpression): void {
  const callee = calleeOf(call);
  if (callee.kind === SyntaxKind.CallExpression) {
    // `promisify(exec)(cmd)`
    resolver.prepare(callee);
    candidates.push({ call });
    prepareArgs(context, call);
    return;
  }
  const name = referenceName(callee);
  if (!name) return;
  // Plain function calls may be aliases (`import { request as send }`) or promisified exec.
  if (callee.kind !== SyntaxKind.Identifier && !candidateNames.has(name)) return;
  const parts = resolver.prepare(callee);
  if (!parts) return;
  candidates.push({ call, parts });
  // Argument types cost the checker real work (generic-heavy code): ask only where the call
  // may be one of ours by its syntax (`fetch`, a name or namespace bound to a checked module,
  // a promisified function declared here).
  if (mayNeedArgTypes(context, parts)) prepareArgs(context, call);
}

/**
 * `const exec = require("child_process").exec`, or `var exec = cp.exec` where `cp` is the file's
 * binding of the whole module: a local name for one export, which the checker types as a plain
 * variable of this file (CommonJS), so neither the imports nor the symbol's parent say what it is.
 */
function moduleMemberTarget(fa: FileAnalysis, parts: CalleeParts): ApiTarget | undefined {
  if (parts.receiver || parts.receiverExpression || !targetNames.has(parts.nameNode.text)) return undefined;
  const local = fa.queries.localSymbolOf(parts.nameNode);
  const decl = local ? fa.queries.declarationNode(local) : undefined;
  if (!decl || decl.kind !== SyntaxKind.VariableDeclaration || decl.getSourceFile() !== fa.sourceFile) return undefined;
  const init = skipOuterExpressions((decl as unknown as { initializer?: Node }).initializer ?? decl);
  if (init.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const name = textOf((init as unknown as { name: Node }).name);
  const receiver = skipOuterExpressions((init as unknown as { expression: Node }).expression);
  let module: string | undefined;
  if (receiver.kind === SyntaxKind.CallExpression && textOf((receiver as CallExpression).expression) === "require")
    module = textOf(callArguments(receiver as CallExpression)[0]);
  else if (receiver.kind === SyntaxKind.Identifier) {
    const whole = fa.bindings.forLocalName(textOf(receiver)!);
    module = whole?.imported === "*" ? whole.module : undefined;
  }
  return module && name ? { module: module.replace(/^node:/, ""), name } : undefined;
}

/** Phase 2 for one candidate: the check that applies and what its options say. */
export function checkedCall(
  context: FileAnalysis,
  resolver: ApiResolver,
  candidate: Candidate,
  enabled: ReadonlySet<string>,
  axiosDefaultsSet: boolean,
  commands: CommandScope,
): { check: Check; state: OptionsState } | undefined {
  const target = candidateTarget(context, resolver, candidate);
  if (!target) return undefined;
  const check = checkFor(context, target, candidate, commands);
  if (!check || !enabled.has(check.family)) return undefined;
  if ((check.family === "axios" || check.family === "got") && (axiosDefaultsSet || !typesResolveTo(context, candidate, check.family))) return undefined;
  const optionsNode = check.optionsIndex === undefined ? undefined : callArguments(candidate.call)[check.optionsIndex];
  const state =
    check.optionsIndex === undefined
      ? ({ kind: "absent" } as OptionsState)
      : withoutBareAgents(context, optionsNode, check.keys, optionsState(context, optionsNode, check.keys));
  return { check, state };
}

/**
 * The module export a candidate calls, if any: from the file's bindings, the callee's symbol and
 * the promisified functions of the project (not from the call's options or its callers).
 */
export function candidateTarget(context: FileAnalysis, resolver: ApiResolver, candidate: Candidate): ApiTarget | undefined {
  return candidate.parts
    ? (resolver.resolve(candidate.parts, targetNames) ?? moduleMemberTarget(context, candidate.parts))
    : resolver.resolveInlinePromisify(candidate.call.expression);
}

/**
 * For the call-graph collector: the checked calls of a file whose options it can follow. In the
 * editor, the calls that reached no module export last time, in the functions an edit did not
 * touch, are not prepared again (as the rule's own `untargeted`): their callees' symbols were most
 * of what the collector asked after a keystroke, and each costs the new snapshot's checker a check.
 */
export function timeoutFinder(fa: FileAnalysis, enabled: ReadonlySet<string>): CheckedCallFinder {
  const resolver = new ApiResolver(fa);
  const candidates: Candidate[] = [];
  const axiosDefaultsSet = /\.defaults\.timeout\s*=|\.defaults\s*=\s*\{[^}]*timeout/.test(fa.sourceFile.text);
  const untargeted = new CarriedCallees(fa, "options-flow:untargeted");
  const checked = (call: CallExpression) => {
    const candidate = candidates.find(c => c.call === call);
    if (!candidate) return undefined;
    if (!candidateTarget(fa, resolver, candidate)) {
      untargeted.answer(call, null);
      return undefined;
    }
    return checkedCall(fa, resolver, candidate, enabled, axiosDefaultsSet, "flow");
  };
  return {
    prepare(call) {
      if (untargeted.carried(call) === null) untargeted.answer(call, null);
      else prepareCandidate(fa, resolver, candidates, call);
    },
    record: () => untargeted.record(),
    find(call) {
      const found = checked(call);
      if (!found || found.check.optionsIndex === undefined || found.state.kind !== "unknown") return undefined;
      if ((found.check.resultCanTimeOut && resultTimesOut(fa, call)) || raceWithTimeout(call)) return undefined;
      return {
        optionsIndex: found.check.optionsIndex,
        keys: found.check.keys,
        label: found.check.label,
        ...(found.check.runsShellCommand ? { runsCommand: "shell" as const } : found.check.runsFileCommand ? { runsCommand: "file" as const } : {}),
      };
    },
    findReturned(call) {
      const found = checked(call);
      if (!found || (found.state.kind !== "absent" && found.state.kind !== "lacks") || raceWithTimeout(call)) return undefined;
      // Requests, sockets and children: objects whose timeout can still be set by whoever gets them.
      return found.check.resultCanTimeOut ? found.check.label : undefined;
    },
  };
}
