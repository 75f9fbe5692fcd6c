// Knowing about an edit as soon as its bytes are read, not when it is dispatched.
//
// Linting is synchronous (the TypeScript 7 API blocks), so edits typed during a lint wait in the
// input. vscode-jsonrpc then delivers them one per event-loop turn. Before publishing, the server
// lets the reader catch up (`settle`) and compares the linted version with the newest version
// *received*, so a result for an old version is never published.
import { Message, type MessageReader, type NotificationMessage } from "vscode-languageserver";

export class ReceivedMessages {
  private readonly latest = new Map<string, number>();
  private count = 0;
  /** False when the transport is not ours to wrap (socket, pipe): versions then come from dispatched events only. */
  observing = false;

  /** Wraps a reader so every message is seen here before the connection queues it. */
  wrap(reader: MessageReader): MessageReader {
    this.observing = true;
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: callback =>
        reader.listen(message => {
          this.note(message);
          callback(message);
        }),
      dispose: () => reader.dispose(),
    };
  }

  note(message: Message): void {
    this.count++;
    if (!Message.isNotification(message)) return;
    const params = (message as NotificationMessage).params as { textDocument?: { uri?: string; version?: number } } | undefined;
    const uri = params?.textDocument?.uri;
    if (typeof uri !== "string") return;
    if (message.method === "textDocument/didOpen" || message.method === "textDocument/didChange") {
      if (typeof params!.textDocument!.version === "number") this.latest.set(uri, params!.textDocument!.version);
    } else if (message.method === "textDocument/didClose") {
      this.latest.delete(uri);
    }
  }

  /** The newest version of `uri` received, or `dispatched` when not observing the transport. */
  latestVersion(uri: string, dispatched: number | undefined): number | undefined {
    return this.observing ? this.latest.get(uri) : dispatched;
  }

  /** Waits until the input is quiet: no message arrived during two event-loop turns (at most ~100 turns). */
  async settle(): Promise<void> {
    for (let turns = 0; turns < 100; turns++) {
      const before = this.count;
      await nextTurn();
      await nextTurn();
      if (this.count === before) return;
    }
  }
}

const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));
