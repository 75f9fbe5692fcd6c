// The "?" dialog listing the keyboard and mouse shortcuts (keyboard-input.ts and zoom-pan.ts
// implement them: change both together).
import { el } from "./dom";

export function createShortcutsHelp(): HTMLElement {
  return el("div", { className: "ls-help", attrs: { hidden: "", role: "dialog", "aria-label": "Keyboard shortcuts" } }, helpTable());
}

function helpTable(): HTMLElement {
  const rows: [string, string][] = [
    ["← →", "pan (Shift: half a screen)"],
    ["+ / −", "zoom in / out"],
    ["0 / Home", "show everything"],
    ["End", "go to the newest time"],
    ["↑ ↓", "move between rows"],
    ["] / [", "next / previous event in the row"],
    ["Enter", "open the selected event's source"],
    ["A", "select the visible range (statistics)"],
    ["Z", "zoom to the selection"],
    ["Esc", "clear selection"],
    ["Space / P", "pause / resume live view"],
    ["F", "follow the newest events"],
    ["wheel", "zoom; Shift+wheel scrolls rows"],
    ["drag", "pan; drag on the time axis selects"],
  ];
  const table = el("table");
  for (const [k, v] of rows) table.append(el("tr", {}, el("td", {}, el("kbd", { text: k })), el("td", { text: v })));
  return el("div", {}, el("strong", { text: "Keyboard and mouse" }), table);
}
