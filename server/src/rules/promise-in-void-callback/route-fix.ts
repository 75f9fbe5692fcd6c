// The fix for an async Express 4 route handler written in place: a synchronous handler that runs
// the same body as an async function and hands its rejection to Express's `next`,
// `(req, res, next) => { (async () => { ... })().catch(next); }`. `next` is the handler's own
// third parameter (the fourth of an error handler's four), added when the handler has fewer; the
// new parameters are typed by the routing method's signature, as the others were.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import { textOf } from "../../analysis/syntax";
import type { Fix } from "../../analysis/findings";
import { asyncBodyCaughtBy } from "./async-body";
import type { FileAnalysis } from "../rule";

interface Parameter extends Node {
  name: Node;
  dotDotDotToken?: Node;
}

export function routeHandlerFix(fa: FileAnalysis, handler: FunctionLike): Fix | undefined {
  if (handler.kind !== SyntaxKind.ArrowFunction && handler.kind !== SyntaxKind.FunctionExpression) return undefined;
  const sf = fa.sourceFile;
  const { parameters, body, typeParameters, asteriskToken } = handler as unknown as {
    parameters: readonly Parameter[];
    body?: Node;
    typeParameters?: readonly Node[];
    asteriskToken?: Node;
  };
  if (!body || typeParameters?.length || asteriskToken || parameters.length > 4 || parameters.some(p => p.dotDotDotToken)) return undefined;
  const params = parameters.map(p => p.getText(sf));
  const nextIndex = parameters.length === 4 ? 3 : 2;
  let next = parameters[nextIndex] && textOf(parameters[nextIndex].name);
  if (parameters[nextIndex] && !next) return undefined;
  const bodyText = body.getText(sf);
  if (!next) {
    // A `next` the body means otherwise (an outer variable) would be shadowed.
    if (/(?<![\w$.])next(?![\w$])/.test(bodyText)) return undefined;
    next = "next";
    const placeholders = ["_req", "_res"];
    while (params.length < 2) params.push(placeholders[params.length]!);
    params.push(next);
  }
  return {
    title: "Pass the handler's rejection to Express (`.catch(next)`)",
    edits: [asyncBodyCaughtBy(fa, handler, params, next)],
    isPreferred: true,
  };
}
