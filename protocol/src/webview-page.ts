// The timeline's HTML page, for both hosts: the VS Code webview (script and stylesheet loaded from
// webview URIs under the extension's own `dist/webview`) and the standalone report of
// `loopscope report` (script, stylesheet and trace inlined, no network). Both get the same strict
// Content-Security-Policy: nothing loads or runs unless it carries this page's nonce (or, in VS
// Code, comes from the webview's own resource origin). No runtime dependencies.

export type TimelinePageAssets =
  /** VS Code: `cspSource` is `webview.cspSource`; the URIs come from `webview.asWebviewUri`. */
  | { kind: "webview"; cspSource: string; scriptUri: string; styleUri: string }
  /** Standalone report: the bundle's text (dist/webview/timeline.js and timeline.css). */
  | { kind: "inline"; script: string; style: string };

export interface TimelinePageOptions {
  /** A fresh random value per page load (see `makeNonce`). */
  nonce: string;
  assets: TimelinePageAssets;
  title?: string;
  /**
   * A trace to show at start-up (the standalone report embeds its trace): the file's JSON text,
   * or, for big traces, the file gzip-compressed and base64-encoded (a tenth of the size, and far
   * quicker for the browser to read than the JSON itself; the page decompresses it natively).
   */
  embeddedTrace?: { json: string; source?: string } | { gzipBase64: string; source?: string };
  /**
   * The timeline's model of that trace, laid out ahead (timeline-model/src/snapshot.ts): the page
   * draws from it at once and serves its event details from the embedded trace. Every report has one.
   */
  embeddedSnapshot?: { headerJson: string; blobGzipBase64: string };
}

/** The element id under which the page embeds a trace; the webview's entry reads it. */
export const EMBEDDED_TRACE_ELEMENT_ID = "loopscope-trace";
export const ROOT_ELEMENT_ID = "loopscope-root";
export const SNAPSHOT_HEADER_ELEMENT_ID = "loopscope-snapshot-header";
export const SNAPSHOT_ELEMENT_ID = "loopscope-snapshot";
/** `data-encoding` of an embedded trace that is gzip-compressed and base64-encoded. */
export const GZIP_BASE64 = "gzip+base64";

/** A nonce for `script-src 'nonce-…'`: 128 random bits, base64url. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * JSON text made safe inside `<script type="application/json">`: `<` only occurs inside JSON
 * strings, where `\u003c` means the same, so no `</script>` or `<!--` can end or bend the element.
 */
export function jsonForScriptElement(json: string): string {
  return json
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The Content-Security-Policy of the page (exported for tests and for hosts that log it). */
export function timelineCsp(nonce: string, assets: TimelinePageAssets): string {
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(nonce)) throw new Error("timeline page: the nonce must be at least 16 base64 characters");
  const webviewSource = assets.kind === "webview" ? ` ${assets.cspSource}` : "";
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'${webviewSource}`,
    `img-src data:${webviewSource}`,
    `font-src${webviewSource || " 'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

export function timelinePageHtml(options: TimelinePageOptions): string {
  const { nonce, assets } = options;
  const csp = timelineCsp(nonce, assets);
  const title = escapeHtml(options.title ?? "Loopscope timeline");
  const style =
    assets.kind === "webview"
      ? `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(assets.styleUri)}">`
      : `<style nonce="${nonce}">${assets.style.replace(/<\/style/gi, "<\\/style")}</style>`;
  const script =
    assets.kind === "webview"
      ? `<script nonce="${nonce}" src="${escapeHtml(assets.scriptUri)}"></script>`
      : // Inside the bundle `</script` can only appear in strings or regexps, where `<\/` reads the same.
        `<script nonce="${nonce}">${assets.script.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--")}</script>`;
  const embedded = options.embeddedTrace;
  let trace = "";
  if (embedded) {
    const source = embedded.source !== undefined ? ` data-source="${escapeHtml(embedded.source)}"` : "";
    trace =
      "json" in embedded
        ? `<script type="application/json" id="${EMBEDDED_TRACE_ELEMENT_ID}"${source}>${jsonForScriptElement(embedded.json)}</script>\n`
        : `<script type="application/octet-stream" id="${EMBEDDED_TRACE_ELEMENT_ID}" data-encoding="${GZIP_BASE64}"${source}>${embedded.gzipBase64.replace(/[^A-Za-z0-9+/=]/g, "")}</script>\n`;
  }
  if (options.embeddedSnapshot) {
    const snap = options.embeddedSnapshot;
    trace +=
      `<script type="application/json" id="${SNAPSHOT_HEADER_ELEMENT_ID}">${jsonForScriptElement(snap.headerJson)}</script>\n` +
      `<script type="application/octet-stream" id="${SNAPSHOT_ELEMENT_ID}" data-encoding="${GZIP_BASE64}">${snap.blobGzipBase64.replace(/[^A-Za-z0-9+/=]/g, "")}</script>\n`;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
${style}
</head>
<body>
<div id="${ROOT_ELEMENT_ID}" class="ls-root" data-host="${assets.kind === "webview" ? "vscode" : "report"}">
<p class="ls-boot" role="status">Loading timeline… (if this stays, the timeline script could not run: check that scripts are allowed for this page)</p>
</div>
${trace}${script}
</body>
</html>
`;
}
