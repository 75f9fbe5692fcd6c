// Names a collection's trace recognises by syntax: array transforms that keep a list's width,
// calls that list a directory or fetch rows, names of configuration (not input).

/** Array transforms whose result is as long as (or derived from) their receiver. */
export const sameWidth = new Set([
  "map",
  "filter",
  "flat",
  "flatMap",
  "sort",
  "toSorted",
  "reverse",
  "toReversed",
  "concat",
  "slice",
  "values",
  "keys",
  "entries",
  "split",
  "trim",
  "compact",
  "uniq",
  "flatten",
  "sortBy",
  // the text a list is parsed from, and promise plumbing around the call that fetched it
  "replace",
  "replaceAll",
  "toString",
  "catch",
  "finally",
]);
/** Helpers that turn a collection into an array: Object.keys(x), Array.from(x), lodash's values(x). */
export const arrayOf = new Set([
  "keys",
  "values",
  "entries",
  "from",
  "getOwnPropertyNames",
  "uniq",
  "uniqBy",
  "uniqWith",
  "flatten",
  "compact",
  "toArray",
  "castArray",
  // lodash-style: what is left of the first list
  "difference",
  "differenceBy",
  "differenceWith",
  "without",
  "orderBy",
]);
/** Calls that list a directory (Node's fs, glob packages, helpers named for it). */
export const listingName =
  /^(readdir|readdirSync|opendir|scandir|listDir|listDirectory|glob|globSync|globby|globbySync|fastGlob|fg|list_?[fF]iles|readdirp|walk_?[fF]iles|walkDir|walkSync)$/;
/**
 * Calls that list one folder, not a tree: Node's own, and helpers named for one directory
 * (`listDir(dir)`: the folders of one application's install, a handful, not a tree).
 */
export const flatListingName = /^(readdir|readdirSync|opendir|scandir|listDir|listDirectory)$/;
/** Reads that return rows or records (`findAll`, `fetchOffsets`, `listObjects`, `query`). */
export const fetchName = /^(find|fetch|query|list|search|select|scan)([A-Z_]\w*)?$|[a-z](Find|Fetch|Query|Search|Scan)([A-Z_]\w*)?$/;
/**
 * A method named for an ORM's or data layer's read of many records (`Model.findAll(...)`,
 * `repo.findRoots()`, `db.find({ collection })`, `findMany`): the verb ORMs and repositories use for
 * a query, whose rows grow with users like a driver's. Not a read of one record (`findOne`,
 * `findById`, `findByPk`, `findFirst`, `findUnique`), whose fields are that record's.
 */
export const recordFinderName = /^find([A-Z_]\w*)?$/;
export const oneRecordFinderName = /^find(One|First|Unique|Last|Single|ById|ByPk|ByKey)([A-Z_]\w*)?$/;
/** Names of values a program is configured with, not fed: their lists are as long as the configuration. */
export const configuredName =
  /^_?(opts?|options|config|conf|configuration|settings|params|props|ctx|context|env|defaults|hooks|plugins|listeners|handlers|callbacks|middlewares?)\d*$|(Options|Config|Configuration|Settings|Opts|Hooks|Plugins|Listeners|Handlers|Callbacks)\d*$/;
/**
 * Lists of kinds the world holds few of: operating-system or mobile platforms, CPU architectures,
 * cloud regions. However a program gets them (flags, a prompt, what a project has added), there
 * are a handful, never as many as rows or files.
 */
export const fewKindsName =
  /^_?(platforms|archs|arches|architectures|regions)$|[a-z](Platforms|Archs|Arches|Architectures|Regions)$|^_?(platform|arch|region)(Names|Ids|List)$/;
/** Kinds of the classifier whose awaited result is data from outside. */
export const dataKinds = new Set(["database", "http", "network", "dns", "command"]);
