// A race that a browser page runs, not Node: in a function the program turns into text or hands
// to a browser automation library in place (`page.evaluate(async () => Promise.race(...))`), or in
// a function that reads the page's globals (`navigator.clipboard`, `document.querySelector(...)`:
// a script the program hands to a page by name). A page's pending timer holds no process open,
// which is what the rule is about (judged false on real code: a clipboard read raced in the page).
import type { Node } from "../../analysis/typescript";
import { isPageFunction, isSerializedFunction } from "../../analysis/file-kinds";
import { readsPageGlobals } from "../../analysis/browser-checks";
import { enclosingFunction } from "../../analysis/syntax";

/** Whether `race` lies in code a page runs: a serialized or page function, or one (or one around it) that reads page globals. */
export function runsInPage(race: Node, dependencies: ReadonlySet<string> | undefined): boolean {
  if (isSerializedFunction(race) || isPageFunction(race, dependencies)) return true;
  for (let fn = enclosingFunction(race); fn; fn = enclosingFunction(fn)) if (readsPageGlobals(fn)) return true;
  return false;
}
