// A session as data: what the harness sent, in order. Changes carry the whole new text (sent
// as the one-range edit an editor would send), so any subsequence replays on a fresh server.
import type { Range } from "vscode-languageserver-protocol";

export type Step =
  | { op: "open"; name: string; languageId: string; text: string }
  | { op: "change"; name: string; text: string; why: string; wholeDocument?: boolean }
  | { op: "diagnose"; name: string }
  | { op: "codeActions"; name: string; range: Range; only?: string[] }
  | { op: "close"; name: string };

export const describeStep = (step: Step): string => {
  switch (step.op) {
    case "open":
      return `open ${step.name} (${step.text.length} chars)`;
    case "change":
      return `change ${step.name} (${step.why}, ${step.text.length} chars)`;
    case "codeActions":
      return `codeActions ${step.name} ${JSON.stringify(step.range)}${step.only ? ` only ${step.only.join(",")}` : ""}`;
    default:
      return `${step.op} ${step.name}`;
  }
};
