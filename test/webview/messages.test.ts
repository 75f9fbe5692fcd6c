// Extension ↔ webview messages and the timeline page: validators reject what they must, the
// page's CSP is strict, and embedded traces cannot break out of their script element.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MAX_REQUESTED_EVENTS,
  parseHostToWebviewMessage,
  parseWebviewToHostMessage,
  isHostToWebviewMessage,
  isWebviewToHostMessage,
} from "../../protocol/src/webview-messages";
import { LiveTrace } from "../../timeline-model/src/live-trace";
import type { AnyTraceEvent } from "../../protocol/src/trace-validate";
import { jsonForScriptElement, makeNonce, timelineCsp, timelinePageHtml } from "../../protocol/src/webview-page";

describe("webview messages", () => {
  it("accepts well-formed host messages", () => {
    assert.ok(isHostToWebviewMessage({ type: "liveStart", blockThresholdMs: 50 }), 'isHostToWebviewMessage({ type: "liveStart", blockThresholdMs: 50 })');
    const live = new LiveTrace(50);
    live.add([{ ph: "X", name: "block", cat: "loopscope.block", ts: 0, dur: 60_000, pid: 1, tid: 1 }] as AnyTraceEvent[]);
    const delta = live.delta()!;
    assert.ok(isHostToWebviewMessage({ type: "snapshotDelta", serial: 1, header: delta.header, blob: delta.blob }), "a live run's snapshot delta");
    assert.ok(
      isHostToWebviewMessage({ type: "liveStatus", dropped: 3, dropsByStream: { "1:1": 3 } }),
      'isHostToWebviewMessage({ type: "liveStatus", dropped: 3, dropsByStream: { "1:1": 3 } })',
    );
    assert.ok(isHostToWebviewMessage({ type: "liveEnd", metadata: {} }), 'isHostToWebviewMessage({ type: "liveEnd", metadata: {} })');
    assert.ok(isHostToWebviewMessage({ type: "showError", message: "x" }), 'isHostToWebviewMessage({ type: "showError", message: "x" })');
    assert.equal(parseHostToWebviewMessage({ type: "loadSnapshot", header: {}, blob: [1, 2] }), undefined);
    assert.ok(isHostToWebviewMessage({ type: "showError", title: "This trace cannot be shown", message: "x" }), "showError with a title");
    assert.equal(parseHostToWebviewMessage({ type: "showError", title: 3, message: "x" }), undefined);
  });

  it("validates the messages of a trace whose events the host serves", () => {
    assert.ok(isHostToWebviewMessage({ type: "eventsServed", serial: 1 }));
    assert.ok(isHostToWebviewMessage({ type: "events", serial: 1, indices: [0, 5], events: [{}, null] }));
    assert.ok(isWebviewToHostMessage({ type: "requestEvents", serial: 1, indices: [3] }));
    for (const bad of [
      { type: "eventsServed" },
      { type: "eventsServed", serial: -1 },
      { type: "events", serial: 1, indices: [0], events: [] },
      { type: "events", serial: 1, indices: [-1], events: [{}] },
      { type: "events", serial: 1, indices: [1.5], events: [{}] },
    ]) {
      assert.equal(parseHostToWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    for (const bad of [
      { type: "requestEvents", serial: 1, indices: [] },
      { type: "requestEvents", indices: [1] },
      { type: "requestEvents", serial: 1, indices: ["1"] },
      { type: "requestEvents", serial: 1, indices: Array.from({ length: MAX_REQUESTED_EVENTS + 1 }, (_, i) => i) },
    ]) {
      assert.equal(parseWebviewToHostMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });

  it("rejects malformed host messages", () => {
    for (const bad of [
      null,
      "loadSnapshot",
      // One way into the timeline: a trace file reaches the page as a snapshot, never as its text or bytes.
      { type: "loadTrace", text: "{}" },
      { type: "attachTrace", text: "{}" },
      { type: "attachTrace", bytes: new Uint8Array(2) },
      // A live run reaches the page as snapshot deltas, never as raw event batches.
      { type: "appendEvents", events: [] },
      { type: "snapshotDelta", serial: 1, header: {}, blob: new Uint8Array(8) },
      { type: "liveStart", blockThresholdMs: "50" },
      { type: "liveStatus", dropsByStream: { a: -1 } },
      { type: "liveStatus", dropped: Infinity },
      { type: "showError" },
      { type: "openSource", file: "a", line: 1, column: 1 },
      { type: "nope" },
    ]) {
      assert.equal(parseHostToWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("validates webview messages, including 1-based integer positions for openSource", () => {
    assert.ok(
      isWebviewToHostMessage({ type: "openSource", file: "/a.ts", line: 3, column: 1 }),
      'isWebviewToHostMessage({ type: "openSource", file: "/a.ts", line: 3, column: 1 })',
    );
    assert.ok(isWebviewToHostMessage({ type: "ready", protocolVersion: 1 }), 'isWebviewToHostMessage({ type: "ready", protocolVersion: 1 })');
    assert.ok(isWebviewToHostMessage({ type: "livePaused", paused: true }), 'isWebviewToHostMessage({ type: "livePaused", paused: true })');
    assert.ok(isWebviewToHostMessage({ type: "saveTrace" }), 'isWebviewToHostMessage({ type: "saveTrace" })');
    assert.ok(isWebviewToHostMessage({ type: "log", level: "warn", message: "m" }), 'isWebviewToHostMessage({ type: "log", level: "warn", message: "m" })');
    for (const bad of [
      { type: "openSource", file: "", line: 1, column: 1 },
      { type: "openSource", file: "a", line: 0, column: 1 },
      { type: "openSource", file: "a", line: 1.5, column: 1 },
      { type: "livePaused" },
      { type: "log", level: "debug", message: "m" },
      {},
    ]) {
      assert.equal(parseWebviewToHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe("timeline page", () => {
  const nonce = makeNonce();

  it("makes fresh 128-bit nonces", () => {
    assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(makeNonce(), nonce);
  });

  it("has a strict CSP: nothing but this nonce (and the webview's own origin in VS Code)", () => {
    assert.equal(
      timelineCsp(nonce, { kind: "inline", script: "", style: "" }),
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; font-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    const vscode = timelineCsp(nonce, { kind: "webview", cspSource: "https://x.vscode-cdn.net", scriptUri: "", styleUri: "" });
    assert.match(vscode, /script-src 'nonce-[^']+';/);
    assert.doesNotMatch(vscode, /script-src[^;]*vscode-cdn/, "scripts only by nonce");
    assert.match(vscode, /style-src 'nonce-[^']+' https:\/\/x\.vscode-cdn\.net/);
    assert.throws(() => timelineCsp("short", { kind: "inline", script: "", style: "" }), /nonce/);
  });

  it("loads the bundle from webview URIs in VS Code", () => {
    const html = timelinePageHtml({
      nonce,
      assets: {
        kind: "webview",
        cspSource: "vscode-resource:",
        scriptUri: "https://file+.vscode-resource/ext/dist/webview/timeline.js",
        styleUri: "https://file+.vscode-resource/ext/dist/webview/timeline.css",
      },
    });
    assert.ok(
      html.includes(`<script nonce="${nonce}" src="https://file+.vscode-resource/ext/dist/webview/timeline.js"></script>`),
      'html.includes(`<script nonce="${nonce}" src="https://file+.vscode-resource/ext/dist/web...',
    );
    assert.ok(
      html.includes(`<link rel="stylesheet" nonce="${nonce}" href="https://file+.vscode-resource/ext/dist/webview/timeline.css">`),
      'html.includes(`<link rel="stylesheet" nonce="${nonce}" href="https://file+.vscode-resou...',
    );
    assert.ok(!html.includes("loopscope-trace"), '!html.includes("loopscope-trace")');
  });

  it("inlines everything for the report and keeps trace strings inside their element", () => {
    const trace = JSON.stringify({ traceEvents: [{ ph: "X", name: "</script><script>alert(1)</script><!--", ts: 0, dur: 1, pid: 1, tid: 1 }] });
    const html = timelinePageHtml({
      nonce,
      title: "<b>t</b>",
      assets: { kind: "inline", script: "var s='</script>';", style: "a{}</style>" },
      embeddedTrace: { json: trace, source: 'a"b.json' },
    });
    assert.equal(html.match(/<script/g)!.length, 2, "the trace's own tags are escaped");
    assert.equal(html.match(/<\/script>/g)!.length, 2);
    assert.ok(html.includes("var s='<\\/script>';"), "html.includes(\"var s='<\\\\/script>';\")");
    assert.ok(html.includes("a{}<\\/style>"), "the stylesheet cannot close its element");
    assert.ok(html.includes("<title>&lt;b&gt;t&lt;/b&gt;</title>"), 'html.includes("<title>&lt;b&gt;t&lt;/b&gt;</title>")');
    assert.ok(html.includes('data-source="a&quot;b.json"'), "html.includes('data-source=\"a&quot;b.json\"')");
    assert.deepEqual(JSON.parse(jsonForScriptElement(trace)), JSON.parse(trace));
    assert.doesNotMatch(html, /\b(src|href)=["']?https?:/i, "no network");
  });
});
