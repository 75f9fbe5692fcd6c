// Telling from two editor layouts (before and after a source file opened in another group) whether
// the timeline's group was maximized: VS Code's `vscode.getEditorLayout` reports a maximized group
// at the whole editor area and the groups it hides at their sizes from before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { asEditorLayout, wasMaximized } from "../../client/src/timeline/maximizedGroup";

test("a maximized group beside another: it filled what both share once shown again", () => {
  const before = { orientation: 0, groups: [{ size: 700 }, { size: 1400 }] };
  const after = { orientation: 0, groups: [{ size: 700 }, { size: 700 }] };
  assert.equal(wasMaximized(before, after, 2), true);
  assert.equal(wasMaximized(before, after, 1), false, "the other group was not the maximized one");
});

test("groups shown side by side are not maximized, even when the open resized them", () => {
  const same = { orientation: 0, groups: [{ size: 700 }, { size: 700 }] };
  assert.equal(wasMaximized(same, same, 2), false);
  // VS Code expands a minimized group an editor opens in: the timeline shrinks, but had not filled the area.
  assert.equal(wasMaximized({ groups: [{ size: 220 }, { size: 1180 }] }, { groups: [{ size: 700 }, { size: 700 }] }, 2), false);
});

test("a group inside a nested layout is found in the grid's order, and compared with its own siblings", () => {
  // Columns: [A, rows: [B, timeline]]; the timeline (view column 3) maximized fills the whole height.
  const before = { orientation: 0, groups: [{ size: 700 }, { size: 700, groups: [{ size: 450 }, { size: 900 }] }] };
  const after = { orientation: 0, groups: [{ size: 700 }, { size: 700, groups: [{ size: 450 }, { size: 450 }] }] };
  assert.equal(wasMaximized(before, after, 3), true);
  assert.equal(wasMaximized(after, after, 3), false);
});

test("one group, or a new group made by the open, is never taken for a maximized one", () => {
  assert.equal(wasMaximized({ groups: [{ size: 1400 }] }, { groups: [{ size: 1400 }] }, 1), false);
  assert.equal(wasMaximized({ groups: [{ size: 1400 }] }, { groups: [{ size: 700 }, { size: 700 }] }, 1), false);
});

test("only layouts of the expected shape are used", () => {
  assert.deepEqual(asEditorLayout({ orientation: 0, groups: [{ size: 1 }, { groups: [{}] }] }), { orientation: 0, groups: [{ size: 1 }, { groups: [{}] }] });
  assert.equal(asEditorLayout(undefined), undefined);
  assert.equal(asEditorLayout({ groups: [{ size: "1" }] }), undefined);
  assert.equal(asEditorLayout({ groups: "x" }), undefined);
});
