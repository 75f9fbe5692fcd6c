// Was the timeline's editor group maximized before a source file opened in another group?
// VS Code leaves a maximized group when an editor opens (even without focus) in another one, and
// tells an extension neither that a group is maximized nor that it stopped being. What it does
// give is `vscode.getEditorLayout`: each group's size, where a maximized group reports the whole
// editor area along its parent's axis while the groups it hides report their sizes from before.
// Asked once before the open and once after (by then nothing is maximized), the layouts tell:
// the group had filled all that its siblings and it share once they are shown again.

/** The shape `vscode.getEditorLayout` returns (VS Code's EditorGroupLayout). */
export interface EditorLayout {
  orientation?: number;
  groups: LayoutGroup[];
}
export interface LayoutGroup {
  size?: number;
  groups?: LayoutGroup[];
}

/** The leaf for a view column (1-based, in the grid's order: depth first), with its siblings. */
function leafAt(layout: EditorLayout, viewColumn: number): { leaf: LayoutGroup; siblings: LayoutGroup[] } | undefined {
  let seen = 0;
  const stack: { groups: LayoutGroup[]; index: number }[] = [{ groups: layout.groups, index: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.index >= top.groups.length) {
      stack.pop();
      continue;
    }
    const group = top.groups[top.index++]!;
    if (group.groups?.length) {
      stack.push({ groups: group.groups, index: 0 });
      continue;
    }
    if (++seen === viewColumn) return { leaf: group, siblings: top.groups };
  }
  return undefined;
}

function leafCount(groups: readonly LayoutGroup[]): number {
  return groups.reduce((n, g) => n + (g.groups?.length ? leafCount(g.groups) : 1), 0);
}

/**
 * Whether the group in `viewColumn` was maximized in `before`, judged with `after`, the layout
 * once VS Code has shown every group again. Different group counts (the open made a new group)
 * or a lone group answer false.
 */
export function wasMaximized(before: EditorLayout, after: EditorLayout, viewColumn: number): boolean {
  if (leafCount(before.groups) < 2 || leafCount(before.groups) !== leafCount(after.groups)) return false;
  const was = leafAt(before, viewColumn);
  const now = leafAt(after, viewColumn);
  if (!was || !now || now.siblings.length < 2 || was.leaf.size === undefined || now.leaf.size === undefined) return false;
  const shared = now.siblings.reduce((sum, g) => sum + (g.size ?? 0), 0);
  // Shown beside its siblings, a group has less than they share together; maximized, at least all of it (2 px for rounding).
  return was.leaf.size > now.leaf.size + 2 && was.leaf.size >= shared - 2;
}

/** A layout as `vscode.getEditorLayout` answered it, or undefined when the answer has another shape. */
export function asEditorLayout(value: unknown): EditorLayout | undefined {
  const isGroup = (g: unknown): g is LayoutGroup =>
    typeof g === "object" &&
    g !== null &&
    ((g as LayoutGroup).size === undefined || typeof (g as LayoutGroup).size === "number") &&
    ((g as LayoutGroup).groups === undefined || (Array.isArray((g as LayoutGroup).groups) && (g as LayoutGroup).groups!.every(isGroup)));
  return typeof value === "object" && value !== null && Array.isArray((value as EditorLayout).groups) && (value as EditorLayout).groups.every(isGroup)
    ? (value as EditorLayout)
    : undefined;
}
