// Messages between the timeline webview and its host (the VS Code extension). Both directions are
// discriminated unions on `type`, each with a validator: a webview must not trust what arrives on
// `window.onmessage`, and the host must not trust what a webview posts (it renders trace strings).
// No runtime dependencies: this file is bundled into the webview, the client and the CLI.
import { checkSnapshotHeader, type SnapshotHeader } from "./timeline-snapshot";
import { checkSnapshotDelta, type SnapshotDelta } from "./timeline-delta";

/** Bumped when a message changes incompatibly; the webview announces it in `ready`. */
export const WEBVIEW_PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------- host → webview

/**
 * Show a trace file: the timeline model laid out by the host (timeline-model/src/snapshot.ts
 * `encodeSnapshot`), drawn at once. `eventsServed` follows for event details (hover, click to
 * source). VS Code transfers the typed array without copying it through JSON.
 */
export interface LoadSnapshotMessage {
  type: "loadSnapshot";
  /** The snapshot's header, checked against the blob on arrival (`checkSnapshotHeader`). */
  header: SnapshotHeader;
  blob: Uint8Array;
  source?: string;
}

/**
 * The host keeps the trace behind the last `loadSnapshot` and sends its events when asked
 * (`requestEvents` → `events`). A trace then never crosses to the panel whole, nor is parsed a
 * second time there.
 */
export interface EventsServedMessage {
  type: "eventsServed";
  /** Names this trace in `requestEvents` and `events`: answers for a trace shown before are ignored. */
  serial: number;
  /** What the host's reading of the file noticed (a truncated file salvaged, ...), for the panel's banner. */
  warnings?: string[];
}

/** Events of the served trace, by their index in its `traceEvents`, answering `requestEvents`. */
export interface EventsMessage {
  type: "events";
  serial: number;
  indices: number[];
  /** `events[i]` is the event at `indices[i]` (null when there is none); the panel checks each. */
  events: unknown[];
}

/**
 * Start a live session: the panel shows an empty model, then `eventsServed` names the run's trace
 * (whose events the host serves as for a file) and `snapshotDelta`s grow the model.
 */
export interface LiveStartMessage {
  type: "liveStart";
  source?: string;
  /** Events at or above this duration are "blocks" (red). Default: the trace's own setting or 50 ms. */
  blockThresholdMs?: number;
}

/**
 * What the host's model of a live run gained since the delta before (timeline-model/src/
 * snapshot-delta.ts), for the trace served under `serial`; typed arrays transferred as for
 * `loadSnapshot`.
 */
export interface SnapshotDeltaMessage {
  type: "snapshotDelta";
  serial: number;
  /** Checked against the blob on arrival (`checkSnapshotDelta`). */
  header: SnapshotDelta;
  blob: Uint8Array;
}

/** Live session bookkeeping: drops so far (never silent) and an optional status line. */
export interface LiveStatusMessage {
  type: "liveStatus";
  dropped?: number;
  /** `pid:tid` → events that stream dropped. */
  dropsByStream?: Record<string, number>;
  message?: string;
}

/** The live session ended; `metadata` is the trace file's `metadata` object when the host has it. */
export interface LiveEndMessage {
  type: "liveEnd";
  metadata?: unknown;
  message?: string;
}

/** Show an error in the panel instead of a timeline (e.g. the host could not read the file). */
export interface ShowErrorMessage {
  type: "showError";
  message: string;
  /** The heading above the message (default "Loopscope"). */
  title?: string;
}

export type HostToWebviewMessage =
  | LoadSnapshotMessage
  | EventsServedMessage
  | EventsMessage
  | LiveStartMessage
  | SnapshotDeltaMessage
  | LiveStatusMessage
  | LiveEndMessage
  | ShowErrorMessage;

// ---------------------------------------------------------------- webview → host

/** The webview's script is running and listening; the host answers with `loadSnapshot` or `liveStart`. */
export interface ReadyMessage {
  type: "ready";
  protocolVersion: number;
  /** The `source` of the trace shown before a reload (from the persisted state), if any. */
  restoredSource?: string;
}

/** Open `file` at a 1-based `line`/`column` in the editor (a SourceLocation from the trace). */
export interface OpenSourceMessage {
  type: "openSource";
  file: string;
  line: number;
  column: number;
}

/** The user asked to save the trace shown (the host owns the file / live buffer). */
export interface SaveTraceRequestMessage {
  type: "saveTrace";
}
/** The user asked to open a trace file. */
export interface OpenTraceRequestMessage {
  type: "openTrace";
}
/** The user paused or resumed the live view (updates keep arriving and are buffered meanwhile). */
export interface LivePausedMessage {
  type: "livePaused";
  paused: boolean;
}
/** The panel needs these events of a served trace (see `EventsServedMessage`). */
export interface RequestEventsMessage {
  type: "requestEvents";
  serial: number;
  indices: number[];
}
/** At most this many indices per `requestEvents`. */
export const MAX_REQUESTED_EVENTS = 4096;

/** Something the host may want in its output channel (bad trace, rejected message). */
export interface LogMessage {
  type: "log";
  level: "info" | "warn" | "error";
  message: string;
}

export type WebviewToHostMessage =
  | ReadyMessage
  | OpenSourceMessage
  | SaveTraceRequestMessage
  | OpenTraceRequestMessage
  | LivePausedMessage
  | RequestEventsMessage
  | LogMessage;

// ---------------------------------------------------------------- validators

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (o: Obj, k: string) => o[k] === undefined || typeof o[k] === "string";
const optNumber = (o: Obj, k: string) => o[k] === undefined || (typeof o[k] === "number" && Number.isFinite(o[k]));
const isPositiveInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1;
const isSerial = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isIndexList = (v: unknown, max: number) => Array.isArray(v) && v.length <= max && v.every(i => typeof i === "number" && Number.isInteger(i) && i >= 0);
const isCountMap = (v: unknown) => v === undefined || (isObj(v) && Object.values(v).every(n => typeof n === "number" && Number.isFinite(n) && n >= 0));

/** Returns the message typed when it is a well-formed host → webview message, else `undefined`. */
export function parseHostToWebviewMessage(value: unknown): HostToWebviewMessage | undefined {
  if (!isObj(value) || typeof value.type !== "string") return undefined;
  const m = value;
  switch (m.type) {
    case "loadSnapshot":
      return m.blob instanceof Uint8Array && checkSnapshotHeader(m.header, m.blob.byteLength).ok && optString(m, "source")
        ? (m as unknown as LoadSnapshotMessage)
        : undefined;
    case "eventsServed":
      return isSerial(m.serial) && (m.warnings === undefined || (Array.isArray(m.warnings) && m.warnings.every(w => typeof w === "string")))
        ? (m as unknown as EventsServedMessage)
        : undefined;
    case "events":
      return isSerial(m.serial) &&
        isIndexList(m.indices, MAX_REQUESTED_EVENTS) &&
        Array.isArray(m.events) &&
        m.events.length === (m.indices as unknown[]).length
        ? (m as unknown as EventsMessage)
        : undefined;
    case "liveStart":
      return optString(m, "source") && optNumber(m, "blockThresholdMs") ? (m as unknown as LiveStartMessage) : undefined;
    case "snapshotDelta":
      return isSerial(m.serial) && m.blob instanceof Uint8Array && checkSnapshotDelta(m.header, m.blob.byteLength).ok
        ? (m as unknown as SnapshotDeltaMessage)
        : undefined;
    case "liveStatus":
      return optNumber(m, "dropped") && isCountMap(m.dropsByStream) && optString(m, "message") ? (m as unknown as LiveStatusMessage) : undefined;
    case "liveEnd":
      return optString(m, "message") && (m.metadata === undefined || isObj(m.metadata)) ? (m as unknown as LiveEndMessage) : undefined;
    case "showError":
      return typeof m.message === "string" && optString(m, "title") ? (m as unknown as ShowErrorMessage) : undefined;
    default:
      return undefined;
  }
}

/** Returns the message typed when it is a well-formed webview → host message, else `undefined`. */
export function parseWebviewToHostMessage(value: unknown): WebviewToHostMessage | undefined {
  if (!isObj(value) || typeof value.type !== "string") return undefined;
  const m = value;
  switch (m.type) {
    case "ready":
      return typeof m.protocolVersion === "number" && optString(m, "restoredSource") ? (m as unknown as ReadyMessage) : undefined;
    case "openSource":
      return typeof m.file === "string" && m.file.length > 0 && isPositiveInt(m.line) && isPositiveInt(m.column)
        ? (m as unknown as OpenSourceMessage)
        : undefined;
    case "saveTrace":
    case "openTrace":
      return m as unknown as WebviewToHostMessage;
    case "livePaused":
      return typeof m.paused === "boolean" ? (m as unknown as LivePausedMessage) : undefined;
    case "requestEvents":
      return isSerial(m.serial) && isIndexList(m.indices, MAX_REQUESTED_EVENTS) && (m.indices as unknown[]).length > 0
        ? (m as unknown as RequestEventsMessage)
        : undefined;
    case "log":
      return (m.level === "info" || m.level === "warn" || m.level === "error") && typeof m.message === "string" ? (m as unknown as LogMessage) : undefined;
    default:
      return undefined;
  }
}

export const isHostToWebviewMessage = (value: unknown): value is HostToWebviewMessage => parseHostToWebviewMessage(value) !== undefined;
export const isWebviewToHostMessage = (value: unknown): value is WebviewToHostMessage => parseWebviewToHostMessage(value) !== undefined;
