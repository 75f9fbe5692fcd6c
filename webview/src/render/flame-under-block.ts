// The selected block's call tree drawn right under it on the overlay canvas (issue 13, 2.1): the
// block's width is the whole tree, so what ran is read against the block itself; the details
// panel has the same tree with its times. Canvas text is text (never markup).
import { flameOf, flameRectsUnder, type Flame } from "../../../timeline-model/src/flame";
import { withAlpha, type Theme } from "./theme";

export const FLAME_BAR_HEIGHT = 13;

let cached: { tree: unknown; flame: Flame | undefined } | undefined;
/** The selected event's flame, computed once per tree (the overlay is redrawn on every hover). */
export function flameFor(tree: unknown): Flame | undefined {
  if (!cached || cached.tree !== tree) cached = { tree, flame: flameOf(tree) };
  return cached.flame;
}

export function drawFlameUnder(ctx: CanvasRenderingContext2D, flame: Flame, box: { x: number; y: number; w: number; h: number }, theme: Theme): void {
  const rects = flameRectsUnder(flame, box, FLAME_BAR_HEIGHT);
  if (!rects.length) return;
  ctx.save();
  ctx.fillStyle = withAlpha(theme.bg, 0.92);
  ctx.fillRect(box.x, box.y + box.h, box.w, flame.depth * FLAME_BAR_HEIGHT + 2);
  ctx.font = `10px ${theme.mono}`;
  ctx.textBaseline = "middle";
  for (const r of rects) {
    ctx.fillStyle = r.bar.fn === "(other)" ? theme.muted : theme.accent;
    ctx.fillRect(r.x, r.y, Math.max(1, r.w - 1), r.h);
    if (r.w < 24) continue;
    ctx.save();
    ctx.beginPath();
    ctx.rect(r.x, r.y, r.w - 2, r.h);
    ctx.clip();
    ctx.fillStyle = "#ffffff";
    ctx.fillText(r.bar.fn, r.x + 2, r.y + r.h / 2);
    ctx.restore();
  }
  ctx.restore();
}
