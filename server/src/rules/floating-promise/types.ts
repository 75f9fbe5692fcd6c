// The floating-promise types that its fix module shares with the rule (apart, so the fix
// module does not import the rule that imports it).
import type { Node, PromiseLikeInfo } from "../../analysis/typescript";

export type { FloatingPromiseOptions } from "./options";

export type Kind = "promise" | "thenable" | "array" | "uselessHandler";

export interface Unhandled {
  node: Node;
  kind: Kind;
  info: PromiseLikeInfo;
}
