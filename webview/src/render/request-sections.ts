// The side panels' request views (issue 13, 2.2): a block's "Request" section (the request it ran
// for and those it delayed) and the statistics' "Blocks by route" table.
import { blockRequests, NO_REQUEST, type BlocksByRoute } from "../../../timeline-model/src/block-requests";
import { formatDuration } from "../../../timeline-model/src/format";
import type { ModelEvent, TimelineModel } from "../../../timeline-model/src/timeline-model";
import { el, ellipsis } from "./dom";

const DELAYED_SHOWN = 8;

/**
 * The selected block's request: rows for the details' list (so their values line up with the
 * others) and the list of delayed requests; undefined for other events, or a block with neither
 * a cause nor requests in flight.
 */
export function blockRequestDetails(model: TimelineModel, e: ModelEvent): { rows: HTMLElement[]; list: HTMLElement | undefined } | undefined {
  if (e.cat !== "loopscope.block" || e.dur === undefined) return undefined;
  const found = blockRequests(model, e.pid, e.tid ?? 0, e.ts, e.ts + e.dur, e.args);
  if (!found.cause && !found.delayed.length) return undefined;
  const rows: HTMLElement[] = [];
  if (found.cause) {
    const c = found.cause;
    const notes = [c.afterResponse ? "after its response was sent" : "", c.others ? `${c.others} other request${c.others > 1 ? "s" : ""} in some samples` : ""]
      .filter(Boolean)
      .join("; ");
    rows.push(el("dt", { text: "Ran for" }), el("dd", { attrs: { "data-testid": "block-cause" }, text: `${c.method} ${c.url}${notes ? ` (${notes})` : ""}` }));
    if (c.route) rows.push(el("dt", { text: "Route" }), el("dd", { text: c.route }));
  } else {
    // Without a context the block may be any in-flight request's own code: say "in flight", not "delayed".
    rows.push(
      el("dt", { text: "Ran for" }),
      el("dd", { attrs: { "data-testid": "block-cause" }, text: "no known request (ran outside a request's async context)" }),
    );
  }
  let list: HTMLElement | undefined;
  if (found.delayed.length) {
    const what = found.cause ? "Delayed" : "In flight";
    rows.push(
      el("dt", { text: what }),
      el("dd", {
        attrs: { "data-testid": "block-delayed" },
        text: `${found.delayed.length} request${found.delayed.length > 1 ? "s" : ""}, +${formatDuration(found.delayedUs)} latency in total`,
      }),
    );
    const items = el("ol", { className: "ls-stack", attrs: { "aria-label": `Requests ${what.toLowerCase()}, most delayed first` } });
    for (const d of found.delayed.slice(0, DELAYED_SHOWN)) items.append(el("li", { text: `${ellipsis(d.name, 80)} +${formatDuration(d.delayUs)}` }));
    if (found.delayed.length > DELAYED_SHOWN) items.append(el("li", { className: "ls-hint", text: `and ${found.delayed.length - DELAYED_SHOWN} more` }));
    list = el("div", { attrs: { "data-testid": "block-requests" } }, el("h2", { text: found.cause ? "Requests delayed" : "Requests in flight" }), items);
  }
  return { rows, list };
}

/** The "Blocks by route" table; undefined when no block of the range ran for a known request. */
export function routeTable(table: BlocksByRoute): HTMLElement | undefined {
  if (!table.rows.some(r => r.route !== NO_REQUEST)) return undefined;
  const head = el("tr", {}, ...["Route", "Blocks", "Blocked", "Max", "Delayed"].map(h => el("th", { text: h, attrs: { scope: "col" } })));
  const body = el("tbody");
  for (const r of table.rows)
    body.append(
      el(
        "tr",
        { attrs: { "data-route": r.route } },
        el("td", { className: "ls-route", text: ellipsis(r.route, 60), attrs: { title: r.route } }),
        el("td", { text: String(r.blocks) }),
        el("td", { text: formatDuration(r.blockedUs) }),
        el("td", { text: formatDuration(r.maxUs) }),
        el("td", { text: r.delayedRequests ? `${r.delayedRequests} (+${formatDuration(r.delayedUs)})` : "0" }),
      ),
    );
  return el(
    "div",
    { className: "ls-routes", attrs: { "data-testid": "blocks-by-route" } },
    el("div", { className: "ls-stat-head" }, el("span", { className: "ls-stat-name", text: "Blocks by route" })),
    el("table", {}, el("thead", {}, head), body),
    table.pending
      ? el("p", {
          className: "ls-hint",
          text: `${table.pending} block(s) not counted: their details are not loaded yet (they load as you hover or click them).`,
        })
      : null,
  );
}
