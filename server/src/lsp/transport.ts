// How the server talks to its editor: `--stdio` (other editors: `loopscope-language-server
// --stdio`) or `--node-ipc` (the VS Code extension). The reader is wrapped so edits are seen
// the moment they are read (ReceivedMessages). Other transports (--socket, --pipe) fall back to
// vscode-languageserver's own argument handling.
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
} from "vscode-languageserver/node";
import { format } from "node:util";
import type { ReceivedMessages } from "./receivedMessages";

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  kind: "stdio" | "ipc";
}

export function transportFromArgs(argv: readonly string[], received: ReceivedMessages, exit: () => void): Transport | undefined {
  if (argv.includes("--stdio")) {
    process.stdin.on("end", exit);
    process.stdin.on("close", exit);
    return { reader: received.wrap(new StreamMessageReader(process.stdin)), writer: new StreamMessageWriter(process.stdout), kind: "stdio" };
  }
  if (argv.includes("--node-ipc")) {
    process.on("disconnect", exit);
    return { reader: received.wrap(new IPCMessageReader(process)), writer: new IPCMessageWriter(process), kind: "ipc" };
  }
  return undefined;
}

/** With --stdio, stdout is the protocol: anything printed with console.* goes to the client's log instead. */
export function redirectConsole(log: (line: string) => void): void {
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    console[method] = (...args: unknown[]) => log(format(...args));
  }
}
