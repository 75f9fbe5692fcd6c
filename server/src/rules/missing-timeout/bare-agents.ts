// An `agent` (http, node-fetch) or `dispatcher` (undici) in the options is taken to bring the
// caller's connection settings, timeouts included: usually it is made elsewhere, where the rule
// cannot see it. When every agent the options get is made right here with nothing that sets a
// timeout (`options.agent = new HttpsProxyAgent(proxyUrl)`, `{ agent: new https.Agent({ keepAlive: true }) }`),
// it brings none: Node's and the proxy agents' sockets wait forever unless told otherwise.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { enclosingFunction, memberName, objectMembers, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { optionsState, type OptionsState } from "../../analysis/options-object";
import { walk } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";

const carrierKeys: ReadonlySet<string> = new Set(["agent", "dispatcher"]);

/** `state` again, without counting an agent that visibly carries no timeout. */
export function withoutBareAgents(fa: FileAnalysis, optionsNode: Node | undefined, keys: readonly string[], state: OptionsState): OptionsState {
  if (state.kind !== "has" || !carrierKeys.has(state.key) || !optionsNode) return state;
  const values = agentValues(fa, skipOuterExpressions(optionsNode));
  if (!values?.length || !values.every(isBareAgent)) return state;
  return optionsState(
    fa,
    optionsNode,
    keys.filter(k => !carrierKeys.has(k)),
  );
}

/** Every value the options' agent gets: in the literal, or assigned to `name.agent` in the same function. */
function agentValues(fa: FileAnalysis, options: Node): Node[] | undefined {
  if (options.kind === SyntaxKind.ObjectLiteralExpression) return literalAgents(options);
  if (options.kind !== SyntaxKind.Identifier) return undefined;
  const symbol = fa.queries.localSymbolOf(options);
  const decl = symbol ? fa.queries.declarationNode(symbol) : undefined;
  if (!decl || decl.kind !== SyntaxKind.VariableDeclaration || decl.getSourceFile() !== fa.sourceFile) return undefined;
  const init = (decl as unknown as { initializer?: Node }).initializer;
  if (!init || skipOuterExpressions(init).kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  const values = literalAgents(skipOuterExpressions(init));
  if (!values) return undefined;
  const name = textOf(options);
  let unknown = false;
  walk(enclosingFunction(decl) ?? fa.sourceFile, node => {
    if (node.kind !== SyntaxKind.BinaryExpression) return;
    const { left, operatorToken, right } = node as unknown as { left: Node; operatorToken: Node; right: Node };
    if (operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const target = skipOuterExpressions(left);
    if (target.kind !== SyntaxKind.PropertyAccessExpression) return;
    const access = target as unknown as { expression: Node; name: Node };
    if (textOf(skipOuterExpressions(access.expression)) !== name) return;
    const key = textOf(access.name);
    if (key && carrierKeys.has(key)) values.push(right);
    else if (key === "timeout" || key === "signal") unknown = true;
  });
  return unknown ? undefined : values;
}

function literalAgents(literal: Node): Node[] | undefined {
  const values: Node[] = [];
  for (const member of objectMembers(literal)) {
    const key = memberName(member);
    if (key === undefined || !carrierKeys.has(key)) continue;
    if (member.kind !== SyntaxKind.PropertyAssignment) return undefined; // `{ agent }`: made elsewhere
    values.push((member as unknown as { initializer: Node }).initializer);
  }
  return values;
}

/** `new X(args)` whose arguments visibly set no timeout: a URL, or options without one. */
function isBareAgent(value: Node): boolean {
  const v = skipOuterExpressions(value);
  if (v.kind === SyntaxKind.ConditionalExpression) {
    const { whenTrue, whenFalse } = v as unknown as { whenTrue: Node; whenFalse: Node };
    return isBareAgent(whenTrue) && isBareAgent(whenFalse);
  }
  if (v.kind === SyntaxKind.Identifier && textOf(v) === "undefined") return true;
  if (v.kind !== SyntaxKind.NewExpression) return false;
  const args = (v as unknown as { arguments?: readonly Node[] }).arguments ?? [];
  return args.every(arg => {
    const a = skipOuterExpressions(arg);
    const text = a.getText();
    if (/timeout/i.test(text)) return false;
    if (a.kind === SyntaxKind.ObjectLiteralExpression) return !objectMembers(a).some(m => m.kind === SyntaxKind.SpreadAssignment);
    if (a.kind === SyntaxKind.StringLiteral || a.kind === SyntaxKind.NoSubstitutionTemplateLiteral || a.kind === SyntaxKind.TemplateExpression) return true;
    // A proxy's address (`proxyUrl`, `url.parse(proxy)`, `new URL(proxy)`): no connection settings.
    return /url|uri|proxy|href/i.test(text);
  });
}
