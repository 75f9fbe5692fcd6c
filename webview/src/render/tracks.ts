// Draws the track area onto a canvas: lane headers, span rows (individual rectangles where they
// are wide enough, pixel-column bins where they are not), counter tracks, flow arrows and the
// time grid. Everything on screen is derived from the model and the visible time range.
import { binCounter, binSpans, createCounterColumns, createSpanDrawList, type CounterColumns, type SpanDrawList } from "../../../timeline-model/src/binning";
import { firstItemBelow, type Layout, type LayoutSizes } from "../../../timeline-model/src/layout";
import type { CounterRow, SpanRow, TimelineModel } from "../../../timeline-model/src/timeline-model";
import { counterScale, sampleIntervalUs } from "../../../timeline-model/src/counter-series";
import { spanColour, withAlpha, type Theme } from "./theme";

export interface TrackFrame {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  scrollTop: number;
  t0: number;
  t1: number;
  model: TimelineModel;
  layout: Layout;
  sizes: LayoutSizes;
  theme: Theme;
  /** Time grid positions (µs, absolute) from the axis ticks. */
  ticks: number[];
  focusedRowId?: string;
}

export interface FrameStats {
  rows: number;
  rects: number;
  binColumns: number;
  scanned: number;
  labels: number;
}

/** Reused between frames so drawing allocates nothing per frame. */
export class TrackScratch {
  readonly spans: SpanDrawList = createSpanDrawList();
  readonly counter: CounterColumns = createCounterColumns();
}

const MAX_LABELS = 250;

export function drawTracks(f: TrackFrame, scratch: TrackScratch): FrameStats {
  const { ctx, width, height, theme } = f;
  const stats: FrameStats = { rows: 0, rects: 0, binColumns: 0, scanned: 0, labels: 0 };
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  const k = width / (f.t1 - f.t0);
  const items = f.layout.items;

  // Row backgrounds, lane headers and the time grid under everything.
  let threadIndex = 0;
  for (let i = firstItemBelow(f.layout, f.scrollTop); i < items.length; i++) {
    const it = items[i];
    const y = it.y - f.scrollTop;
    if (y > height) break;
    if (it.kind === "process") {
      ctx.fillStyle = theme.laneHeader;
      ctx.fillRect(0, y, width, it.height);
      threadIndex = 0;
      continue;
    }
    if (it.firstOfThread) threadIndex++;
    if (threadIndex % 2 === 0) {
      ctx.fillStyle = theme.rowAlt;
      ctx.fillRect(0, y, width, it.height);
    }
    if (it.firstOfThread) {
      ctx.fillStyle = theme.border;
      ctx.fillRect(0, y, width, 1);
    }
    if (it.id === f.focusedRowId) {
      ctx.fillStyle = withAlpha(theme.accent, 0.08);
      ctx.fillRect(0, y, width, it.height);
    }
  }
  ctx.fillStyle = theme.grid;
  for (const t of f.ticks) ctx.fillRect(Math.round((t - f.t0) * k), 0, 1, height);

  ctx.font = `11px ${theme.font}`;
  ctx.textBaseline = "middle";
  for (let i = firstItemBelow(f.layout, f.scrollTop); i < items.length; i++) {
    const it = items[i];
    const y = it.y - f.scrollTop;
    if (y > height) break;
    if (it.kind !== "row" || !it.row) continue;
    stats.rows++;
    if (it.row.kind === "spans") drawSpanRow(f, it.row, y, scratch, stats);
    else drawCounterRow(f, it.row, y, it.height, scratch);
  }
  drawFlows(f);
  return stats;
}

function drawSpanRow(f: TrackFrame, row: SpanRow, y: number, scratch: TrackScratch, stats: FrameStats): void {
  const { ctx, theme, sizes } = f;
  const list = binSpans(row.store, f.t0, f.t1, f.width, scratch.spans);
  stats.scanned += list.scanned;
  const top = y + sizes.rowPadding / 2;
  const h = sizes.levelHeight - 2;
  const colourCount = 8;
  const paths: Path2D[] = [];
  for (let c = 0; c < colourCount; c++) paths.push(new Path2D());

  // Binned short spans: runs of equal colour per level become one rectangle each.
  for (let lv = 0; lv < list.levels; lv++) {
    const base = lv * list.width;
    const ly = top + lv * sizes.levelHeight;
    let col = 0;
    while (col < list.width) {
      const c = list.binColour[base + col];
      if (c === 0) {
        col++;
        continue;
      }
      let end = col + 1;
      while (end < list.width && list.binColour[base + end] === c) end++;
      paths[(c - 1) % colourCount].rect(col, ly, end - col, h);
      stats.binColumns += end - col;
      col = end;
    }
  }
  for (let j = 0; j < list.count; j++) {
    const x0 = list.x0[j],
      x1 = list.x1[j];
    // A 1px gap keeps neighbours apart once they are wide enough to tell apart.
    const w = x1 - x0 > 4 ? x1 - x0 - 1 : x1 - x0;
    paths[list.colour[j] % colourCount].rect(x0, top + list.level[j] * sizes.levelHeight, w, h);
  }
  stats.rects += list.count;
  for (let c = 0; c < colourCount; c++) {
    ctx.fillStyle = spanColour(theme, row.category, c);
    ctx.fill(paths[c]);
  }
  // Names inside spans wide enough to read them.
  if (stats.labels < MAX_LABELS) {
    for (let j = 0; j < list.count && stats.labels < MAX_LABELS; j++) {
      const x0 = Math.max(0, list.x0[j]),
        x1 = Math.min(f.width, list.x1[j]);
      if (x1 - x0 < 44) continue;
      const text = fitText(f.model.recordName(row.store.ref[list.index[j]]), x1 - x0 - 8);
      if (!text) continue;
      ctx.fillStyle = textOn(spanColour(theme, row.category, list.colour[j]));
      ctx.fillText(text, x0 + 4, top + list.level[j] * sizes.levelHeight + h / 2 + 0.5);
      stats.labels++;
    }
  }
}

function drawCounterRow(f: TrackFrame, row: CounterRow, y: number, height: number, scratch: TrackScratch): void {
  const { ctx, theme } = f;
  const store = row.store;
  const top = y + 4,
    bottom = y + height - 3;
  const scale = counterScale(row.label, store.series, store.max, row.unit, sampleIntervalUs(store.time, store.n));
  for (let s = store.series.length - 1; s >= 0; s--) {
    const cols = binCounter(store, s, f.t0, f.t1, f.width, scratch.counter);
    const colour = theme.series[s % theme.series.length];
    const seriesTop = scale.top[s];
    const yOf = (v: number) => bottom - (v / seriesTop) * (bottom - top);
    // The first series (p50, utilisation, heap used, ...) as an area; the others as lines.
    ctx.beginPath();
    let open = false;
    let firstX = 0;
    for (let x = 0; x < cols.width; x++) {
      const v = cols.max[x];
      if (Number.isNaN(v)) {
        if (open && s === 0) {
          ctx.lineTo(x, bottom);
          ctx.lineTo(firstX, bottom);
          ctx.closePath();
        }
        open = false;
        continue;
      }
      const py = yOf(v);
      if (!open) {
        ctx.moveTo(x, s === 0 ? bottom : py);
        if (s === 0) ctx.lineTo(x, py);
        firstX = x;
        open = true;
      } else ctx.lineTo(x, py);
      if (cols.min[x] !== v) {
        ctx.lineTo(x, yOf(cols.min[x]));
        ctx.lineTo(x, py);
      }
    }
    if (open && s === 0) {
      ctx.lineTo(cols.width, bottom);
      ctx.lineTo(firstX, bottom);
      ctx.closePath();
    }
    if (s === 0) {
      ctx.fillStyle = withAlpha(colour, 0.28);
      ctx.fill();
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.25;
    ctx.stroke();
  }
  // Scale note: the track's full height.
  ctx.fillStyle = theme.muted;
  ctx.textBaseline = "top";
  ctx.font = `10px ${theme.font}`;
  ctx.fillText(scale.note, 4, top - 2);
  ctx.font = `11px ${theme.font}`;
  ctx.textBaseline = "middle";
}

function drawFlows(f: TrackFrame): void {
  const { ctx, theme, model, layout } = f;
  if (!model.flows.length) return;
  const threadY = threadAnchors(layout);
  const k = f.width / (f.t1 - f.t0);
  ctx.strokeStyle = theme.flow;
  ctx.fillStyle = theme.flow;
  ctx.lineWidth = 1.25;
  let drawn = 0;
  for (const flow of model.flows) {
    const x0 = (flow.fromTs - f.t0) * k,
      x1 = (flow.toTs - f.t0) * k;
    if ((x0 < 0 && x1 < 0) || (x0 > f.width && x1 > f.width)) continue;
    const ya = threadY.get(`${flow.fromPid}:${flow.fromTid}`) ?? threadY.get(`p:${flow.fromPid}`);
    const yb = threadY.get(`${flow.toPid}:${flow.toTid}`) ?? threadY.get(`p:${flow.toPid}`);
    if (ya === undefined || yb === undefined) continue;
    const y0 = ya - f.scrollTop,
      y1 = yb - f.scrollTop;
    if ((y0 < 0 && y1 < 0) || (y0 > f.height && y1 > f.height)) continue;
    const bend = Math.max(16, Math.min(80, Math.abs(x1 - x0) / 2 + 12));
    ctx.beginPath();
    ctx.arc(x0, y0, 2.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.bezierCurveTo(x0 + bend, y0, x1 - bend, y1, x1 - 5, y1);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - 7, y1 - 4);
    ctx.lineTo(x1 - 7, y1 + 4);
    ctx.closePath();
    ctx.fill();
    if (++drawn > 2000) break;
  }
}

/** Where flow arrows attach: the middle of a thread's first row, or a collapsed lane's header. */
export function threadAnchors(layout: Layout): Map<string, number> {
  const anchors = new Map<string, number>();
  for (const it of layout.items) {
    if (it.kind === "process") anchors.set(`p:${it.pid}`, it.y + it.height / 2);
    else if (it.firstOfThread) anchors.set(`${it.pid}:${it.tid}`, it.y + Math.min(it.height, 20) / 2);
  }
  return anchors;
}

const textCache = new Map<string, string>();
/** Black or white text, whichever reads better on `fill` (an rgb()/rgba() string). */
export function textOn(fill: string): string {
  let t = textCache.get(fill);
  if (t) return t;
  const m = /rgba?\((\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(fill);
  const [r, g, b] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [128, 128, 128];
  t = 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "rgba(0, 0, 0, 0.85)" : "rgba(255, 255, 255, 0.95)";
  textCache.set(fill, t);
  return t;
}

/** Width per character of the 11px label font, a little generous, so labels never spill out of their span. */
const CHAR_PX = 6.8;

/** Truncates by an estimated width instead of measuring: measureText for hundreds of labels per frame costs milliseconds. */
function fitText(text: string, maxWidth: number): string {
  if (maxWidth <= 14) return "";
  const fits = Math.floor(maxWidth / CHAR_PX);
  if (text.length <= fits) return text;
  return fits > 2 ? text.slice(0, fits - 1) + "…" : "";
}
