// Reports at a call of the project's own function that hands its options (or returns its request)
// to a checked call with no timeout: the options-flow facts say where they end up.
import { SyntaxKind, type CallExpression } from "../../analysis/typescript";
import { optionsState } from "../../analysis/options-object";
import { callArguments, calleeParts, skipOuterExpressions } from "../../analysis/syntax";
import type { FileAnalysis, Report } from "../rule";
import { shortLocation } from "../../analysis/positions";
import { parameterSource, type OptionsFlow } from "./options-flow";
import { calleeOf } from "../../analysis/syntax";
import { callerTimesOutResult, raceWithTimeout } from "./timeout-elsewhere";
import type { MessageId, MissingTimeoutOptions } from "./index";
import { isLocalCommandText, isLocalFileCommand } from "./local-commands";
import type { FunctionKey } from "../../analysis/call-graph";
import { dispatcherSetsTimeout } from "./timed-dispatchers";

/**
 * `run("git status", { cwd })` where `run` hands its options to `exec`: the options end here,
 * so a missing timeout is this call's. Arguments that are themselves parameters are followed
 * further out by the call-graph facts instead.
 */
export function reportForwarded(
  context: FileAnalysis & { report: (r: Report<MessageId>) => void },
  flow: OptionsFlow,
  call: CallExpression,
  key: FunctionKey,
  commands: MissingTimeoutOptions["childProcessCommands"],
  /** Asked last, before reporting: false keeps the report back (the call never runs). */
  mayRun: () => boolean = () => true,
): void {
  const returned = flow.returned(key);
  if (returned && !callerTimesOutResult(context, call)) {
    if (!mayRun()) return;
    context.report({
      node: call,
      messageId: "returned",
      data: { call: labelOfCall(call), api: returned.label, via: `${shortLocation(returned.fileName, returned.range.start.line)}` },
      related: [{ fileName: returned.fileName, range: returned.range, message: `${returned.label} is made here without a timeout` }],
    });
    return;
  }
  const forwarded = flow.forwarded(key);
  const args = callArguments(call);
  for (const f of forwarded) {
    const arg = args[f.paramIndex];
    if (arg && parameterSource(arg, f.keys)) continue;
    if (arg && skipOuterExpressions(arg).kind === SyntaxKind.SpreadElement) continue;
    const state = optionsState(context, arg, f.keys);
    if (state.kind === "has" || state.kind === "unknown") continue;
    // Options that end at undici's request(): a dispatcher whose Agent sets a timeout bounds it.
    if (f.keys.includes("headersTimeout") && dispatcherSetsTimeout(context, arg)) continue;
    if (raceWithTimeout(call)) continue;
    // The command the wrapper runs is written here: judged like a command written at `exec` itself.
    if (commands === "network" && f.commandParamIndex !== undefined) {
      const local =
        f.commandArgsParamIndex === undefined
          ? isLocalCommandText(args[f.commandParamIndex], context.dependencies)
          : isLocalFileCommand(args[f.commandParamIndex], args[f.commandArgsParamIndex], context.dependencies);
      if (local) continue;
    }
    const last = f.chain[f.chain.length - 1]!;
    const keys = f.keys
      .filter(k => !["agent", "dispatcher", "cancelToken"].includes(k))
      .map(k => `\`${k}\``)
      .join(" or ");
    if (!mayRun()) return;
    context.report({
      node: call,
      messageId: "forwarded",
      data: {
        call: `${calleeOf(call).getText().replace(/\s+/g, "").slice(0, 40)}()`,
        what: arg ? "hands its options on to" : "gives no options to",
        api: f.label,
        via: `${[labelOfCall(call), ...f.chain.slice(0, -1).map(s => s.label)].join(" → ")} → ${last.label} at ${shortLocation(last.fileName, last.range.start.line)}`,
        keys,
      },
      related: f.chain.map((site, i) => ({
        fileName: site.fileName,
        range: site.range,
        message: i === f.chain.length - 1 ? `${site.label} gets the options here` : `hands them to ${site.label}`,
      })),
    });
    return;
  }
}

/** The project function (its declaration's key) a call reaches, by the callee's symbol asked in phase 1; null when none. */
export function projectCalleeKey(context: FileAnalysis, call: CallExpression): FunctionKey | null {
  const parts = calleeParts(calleeOf(call));
  const symbol = parts ? context.queries.symbolOf(parts.nameNode) : undefined;
  const handle = symbol ? context.queries.declarationHandle(symbol) : undefined;
  if (!handle || /\.d\.[cm]?ts$/.test(handle.fileName) || context.queries.isExternalPath(handle.fileName)) return null;
  return `${handle.fileName}:${handle.index}`;
}

function labelOfCall(call: CallExpression): string {
  const text = calleeOf(call).getText().replace(/\s+/g, "");
  return `${text.length <= 40 ? text : (calleeParts(calleeOf(call))?.nameNode.text ?? "this call")}()`;
}
