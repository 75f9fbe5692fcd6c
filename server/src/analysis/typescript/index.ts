// The one door to TypeScript 7's native API. Nothing outside this folder imports
// `typescript/unstable/*`: rules and the engine see these names only.
export * from "./ast";
export { TsService, type TsServiceOptions, type LoadStats } from "./service";
export { CompilerFailure, type CompilerFailureKind } from "./compiler-failure";
export { DeclarationParents, FileQueries, SnapshotCache, nodeIndex, type DeclarationInfo, type ThenableInfo, type PromiseLikeInfo } from "./queries";
export { buildNodesIteratively, builtNodeCount, forEachNodeOfKind, forEachNodeOfKindBelow, kindSet, nodeAtIndex } from "./node-scan";
export { translateTsconfig, stripJsonComments } from "./tsconfig-translate";
