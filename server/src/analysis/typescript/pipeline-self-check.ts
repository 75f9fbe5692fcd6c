// The request pipeline (pipeline.ts) reaches into the sync client of the pinned typescript@7.0.2:
// its channel's methods, the fields a read leaves the last message in (`_msgType`, `_msgName`,
// `_msgPayload`), the message codes, and Node's handle on the compiler's stdout. None of that is
// public API. An upgrade that changes any of it would not fail loudly: queued answers would be
// read wrong, or never, and the lint would hang. So before the pipeline turns on, this checks
// every shape it relies on, the codes included, by watching two ordinary requests go through the
// client's own (public) path. Any difference turns the pipeline off, and says so.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The message codes pipeline.ts writes and reads (the client's own constants are not exported). */
export const messageCodes = { request: 1, response: 4, error: 5, call: 6 } as const;

const probeMethod = "echo";
const probeText = "loopscope pipeline self-check";
const missingMethod = "loopscopeSelfCheckNoSuchMethod";

/**
 * What is not as the pipeline expects, as sentences (empty: all is as expected). `api` is a
 * `typescript/unstable/sync` API whose compiler is running; the check makes three cheap requests,
 * and throws when they fail for another reason than the shapes (the compiler is gone).
 */
export function pipelineShapeProblems(api: unknown): string[] {
  const problems: string[] = [];
  const client = (api as { client?: Record<string, unknown> } | undefined)?.client;
  if (!client || typeof client !== "object") return ["the API object has no `client`"];
  for (const name of ["apiRequest", "apiRequestBinary", "echo"]) {
    if (typeof client[name] !== "function") problems.push(`client.${name} is not a function`);
  }
  if (typeof (client.encoder as { encode?: unknown } | undefined)?.encode !== "function") problems.push("client.encoder.encode is not a function");
  const channel = client.channel as Record<string, unknown> | undefined;
  if (!channel || typeof channel !== "object") return [...problems, "client.channel is missing"];
  for (const name of ["writeTuple", "readTuple", "handleCall", "getMethodBuf", "writeAllBuf", "requestSync", "requestBinarySync"]) {
    if (typeof channel[name] !== "function") problems.push(`channel.${name} is not a function`);
  }
  if (typeof channel._msgType !== "number") problems.push("channel._msgType is not a number");
  for (const name of ["_msgName", "_msgPayload"]) {
    if (!Buffer.isBuffer(channel[name])) problems.push(`channel.${name} is not a Buffer`);
  }
  const child = channel.child as { exitCode?: unknown; signalCode?: unknown; stdout?: { _handle?: { readStop?: unknown } | null } | null } | undefined;
  // A compiler that has ended has lost its handles too: that is not a shape to report.
  if (child && (typeof child.exitCode === "number" || typeof child.signalCode === "string"))
    throw new Error(`the TypeScript compiler is not running (${typeof child.exitCode === "number" ? `exit code ${child.exitCode}` : child.signalCode})`);
  const stdout = child?.stdout;
  if (typeof stdout?._handle?.readStop !== "function") problems.push("channel.child.stdout._handle.readStop is not a function");
  if (problems.length) return problems;
  return probeProblems(client as unknown as ProbeClient, channel as unknown as ProbeChannel);
}

interface ProbeChannel {
  writeTuple(type: number, name: Buffer, payload: string | Uint8Array): void;
  _msgType: number;
  _msgName: Buffer;
  _msgPayload: Buffer;
}
interface ProbeClient {
  echo(text: string): unknown;
  apiRequest(method: string, params: unknown): unknown;
}

/**
 * Watches the client's own requests: which code it writes, and what a read leaves in the fields.
 * A request that fails for another reason (the compiler died or was stopped) is thrown as is: a
 * broken compiler is the caller's to handle, not a shape problem.
 */
function probeProblems(client: ProbeClient, channel: ProbeChannel): string[] {
  const problems: string[] = [];
  const writeTuple = channel.writeTuple;
  const written: number[] = [];
  // An own property over the prototype's method, removed again below: the channel is as it was.
  channel.writeTuple = function (this: ProbeChannel, type, name, payload) {
    written.push(type);
    return writeTuple.call(this, type, name, payload);
  };
  try {
    const echoed = client.echo(probeText);
    if (echoed !== probeText) problems.push(`an echo request answered ${JSON.stringify(echoed)}`);
    if (written[0] !== messageCodes.request) problems.push(`requests are written with message type ${written[0]}, not ${messageCodes.request}`);
    if (channel._msgType !== messageCodes.response) problems.push(`an answer is read as message type ${channel._msgType}, not ${messageCodes.response}`);
    if (channel._msgName.toString("utf-8") !== probeMethod || channel._msgPayload.toString("utf-8") !== probeText)
      problems.push("an answer's method and payload are not where they were (_msgName, _msgPayload)");
    let errorType: number | undefined;
    try {
      client.apiRequest(missingMethod, {});
    } catch {
      errorType = channel._msgType;
    }
    // Still answering: what the failed request read was the compiler's error answer, not its end.
    client.echo(probeText);
    if (errorType === undefined) problems.push("a request for an unknown method did not fail");
    else if (errorType !== messageCodes.error) problems.push(`an error answer is read as message type ${errorType}, not ${messageCodes.error}`);
  } finally {
    delete (channel as Partial<ProbeChannel>).writeTuple;
    if (channel.writeTuple !== writeTuple) channel.writeTuple = writeTuple;
  }
  return problems;
}

/** The typescript package's version, for the message (the pipeline was written against 7.0.2). */
export function typescriptVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}
