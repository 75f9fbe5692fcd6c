// A poll for a user's approval, not a retry of a failing service. An OAuth device-code login (RFC
// 8628) asks the token endpoint again, with the device-code grant type, until the user approves the
// code in a browser, at the interval the server gave (its §3.5) and until the code expires: each
// client's pace is set by the server and its phase by the moment its user started to log in, not by
// a failure that many clients share. Found on real code (session 32, round 44): an SDK's device login
// that sends the token request after the server's interval, at most until `expires_in`, and goes
// round on any error; the same meaning as round 42's device-code poll filtered on 400.
//
// The request is known by the grant type RFC 8628 registers (a string, or a `const` of the file given
// it), in the retried call's arguments (not a call chained to it: `.then(() => send())` is other
// work) or in the project function the call runs (the delayed attempt's, or the callee's, one deep;
// that function's other requests are not told apart). The rule leaves out only a loop that waits and
// has a limit: with no wait it is a busy poll, and with no limit an abandoned login is polled for ever.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { callArguments, forEachDescendant, isPropertyName, nodeField, skipOuterExpressions, stringLiteralText } from "../../analysis/syntax";
import { fileConstValue } from "./retry-loops";

const deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

/** Whether the awaited call is given the device-code grant type (in its arguments: not a call chained to it). */
export function requestsDeviceToken(awaited: Node): boolean {
  const call = skipOuterExpressions(nodeField(awaited, "expression"));
  return call.kind === SyntaxKind.CallExpression && callArguments(call).some(mentionsDeviceCodeGrant);
}

/** Whether a project function the retried call runs (the delayed attempt's, or the callee's) sends the device-code grant type. */
export function runsDeviceTokenRequest(work: Node): boolean {
  return mentionsDeviceCodeGrant(work);
}

function mentionsDeviceCodeGrant(where: Node): boolean {
  if (!where.getSourceFile().text.includes(deviceCodeGrant)) return false;
  let found = isDeviceCodeGrant(where);
  forEachDescendant(where, n => {
    found ||= isDeviceCodeGrant(n);
  });
  return found;
}

function isDeviceCodeGrant(n: Node): boolean {
  if (stringLiteralText(n) === deviceCodeGrant) return true;
  // `grant_type: GRANT`, `{ grant_type }`: a name the file's `const` gives the grant type.
  if (n.kind !== SyntaxKind.Identifier || isPropertyName(n)) return false;
  const value = fileConstValue(n);
  return !!value && stringLiteralText(value) === deviceCodeGrant;
}
