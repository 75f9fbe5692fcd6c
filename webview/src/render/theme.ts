// The canvas cannot use CSS variables, so the view resolves the --ls-* colours (which follow VS
// Code's theme variables, or the report's fallbacks) through a probe element, and again whenever
// VS Code switches theme (it changes the body's class).
import { LOOP_CLASSES, PALETTE_CLASSES } from "../../../timeline-model/src/classify";

export interface Theme {
  bg: string;
  fg: string;
  muted: string;
  border: string;
  grid: string;
  rowAlt: string;
  laneHeader: string;
  accent: string;
  selection: string;
  focus: string;
  flow: string;
  loop: string[];
  http: string[];
  net: string[];
  lifecycle: string[];
  palette: string[];
  series: string[];
  gc: string;
  tracer: string;
  error: string;
  font: string;
  mono: string;
}

export function readTheme(root: HTMLElement): Theme {
  const probe = document.createElement("span");
  probe.className = "ls-probe";
  root.appendChild(probe);
  // Painting one pixel normalises any CSS colour syntax (color-mix(), color(srgb …)) to rgba().
  const pixel = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  const colour = (name: string) => {
    probe.style.color = `var(${name})`;
    const css = getComputedStyle(probe).color || "#888888";
    if (!pixel) return css;
    pixel.clearRect(0, 0, 1, 1);
    pixel.fillStyle = css;
    pixel.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
    return a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
  };
  const list = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => colour(`${prefix}${i}`));
  const style = getComputedStyle(root);
  const theme: Theme = {
    bg: colour("--ls-bg"),
    fg: colour("--ls-fg"),
    muted: colour("--ls-muted"),
    border: colour("--ls-border"),
    grid: colour("--ls-grid"),
    rowAlt: colour("--ls-row-alt"),
    laneHeader: colour("--ls-lane-header"),
    accent: colour("--ls-accent"),
    selection: colour("--ls-selection"),
    focus: colour("--ls-focus"),
    flow: colour("--ls-flow"),
    loop: list("--ls-loop-", LOOP_CLASSES),
    http: list("--ls-http-", 3),
    net: list("--ls-net-", 2),
    lifecycle: list("--ls-life-", 3),
    palette: list("--ls-pal-", PALETTE_CLASSES),
    series: list("--ls-series-", 4),
    gc: colour("--ls-gc"),
    tracer: colour("--ls-tracer"),
    error: colour("--ls-red"),
    font: style.getPropertyValue("--ls-font").trim() || "sans-serif",
    mono: style.getPropertyValue("--ls-mono").trim() || "monospace",
  };
  probe.remove();
  return theme;
}

/** The colour of class `c` in a row of `category`. */
export function spanColour(theme: Theme, category: string, c: number): string {
  switch (category) {
    case "loop":
      return theme.loop[c] ?? theme.loop[0];
    case "http-server":
    case "http-client":
      return theme.http[c] ?? theme.http[0];
    case "net":
      return theme.net[c] ?? theme.net[0];
    case "lifecycle":
      return theme.lifecycle[c] ?? theme.lifecycle[0];
    case "gc":
      return theme.gc;
    case "tracer":
      return theme.tracer;
    case "error":
      return theme.error;
    default:
      return theme.palette[c % theme.palette.length];
  }
}

/** `rgb(r, g, b)` / `rgba(...)` with a new alpha. */
export function withAlpha(colour: string, alpha: number): string {
  const m = /rgba?\(([^)]+)\)/.exec(colour);
  if (!m) return colour;
  const parts = m[1]
    .split(/[\s,/]+/)
    .filter(Boolean)
    .slice(0, 3);
  return `rgba(${parts.join(", ")}, ${alpha})`;
}
