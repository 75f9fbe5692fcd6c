// A small glob matcher for `ignore` patterns: `**` (any folders), `*` (within a folder), `?`.
// Patterns are relative to the config file's folder; a pattern without `/` matches at any depth,
// as in .gitignore.

export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes("/") && !glob.startsWith("**/");
  const pattern = glob.replace(/^\.\//, "").replace(/\/$/, "/**");
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      if (pattern[i + 2] === "/") { re += "(?:.*/)?"; i += 2; } else { re += ".*"; i += 1; }
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${anchored ? "^" : "(?:^|/)"}${re}(?:/.*)?$`);
}
