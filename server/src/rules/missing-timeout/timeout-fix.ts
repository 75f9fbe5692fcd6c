// The quick-fix for a missing timeout: add the check's timeout property to the options object,
// or insert an options object where the call has none.
import type { CallExpression, ObjectLiteralExpression } from "../../analysis/typescript";
import { addPropertyEdit, insertArgumentEdit, type OptionsState } from "../../analysis/options-object";
import { callArguments } from "../../analysis/syntax";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";
import { fileStyleOf, formatNumber } from "../../analysis/file-style";
import type { Check } from "./checked-apis";

export function timeoutFix(fa: FileAnalysis, call: CallExpression, check: Check, state: OptionsState, milliseconds: number): Fix | undefined {
  const ms = formatNumber(milliseconds, fileStyleOf(fa.sourceFile, fa.sourceFile.text));
  let property: string;
  let title: string;
  switch (check.fix) {
    case "signal":
      property = `signal: AbortSignal.timeout(${ms})`;
      title = `Add signal: AbortSignal.timeout(${ms})`;
      break;
    case "timeout":
      property = `timeout: ${ms}`;
      title = `Add timeout: ${ms}`;
      break;
    case "got-timeout":
      property = `timeout: { request: ${ms} }`;
      title = `Add timeout: { request: ${ms} }`;
      break;
    case "net-timeout":
      // A socket timeout only emits 'timeout'; what to do then (end an idle connection, retry a
      // connect) depends on the protocol, so no fix pretends to solve it.
      return undefined;
  }
  const edits: TextEdit[] = [];
  if (state.kind === "lacks") {
    if (state.elsewhere) return undefined;
    edits.push(addPropertyEdit(fa, state.literal as ObjectLiteralExpression, property));
  } else {
    // No options yet: insert an object at the options position (before a callback that sits there).
    const index = check.insertAt;
    if (index === undefined || index > callArguments(call).length) return undefined;
    edits.push(insertArgumentEdit(fa, call, index, `{ ${property} }`));
  }
  return { title, edits, isPreferred: true };
}
