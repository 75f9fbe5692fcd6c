// The interprocedural summaries rules share (analysis/call-graph.ts), one graph per summary kind
// or per rule and options. A graph computes another file's facts on demand (`analyzeOtherFile`)
// and, after an edit, finds the declarations it keyed again in the new syntax trees.
import type { FactsCollectorFactory } from "../../rules/rule";
import { CallGraph, functionKey, type DeclarationLocator, type FileFacts } from "../call-graph";
import { functionUnitsOf, type FunctionUnits } from "./function-units";
import { shiftBetween } from "./unit-carry";
import { keysWithSignatures, signatureAtIndex } from "../declaration-signatures";
import type { Project } from "../typescript";

export class ProjectCallGraphs {
  private readonly graphs = new Map<string, CallGraph>();

  constructor(
    /** The project of the file being linted: other files are analysed in its snapshot. */
    private readonly currentProject: () => Project | undefined,
    private readonly analyzeOtherFile: (fileName: string, collect: FactsCollectorFactory) => FileFacts | undefined,
    /** Several files' facts, their questions sent together (see CallGraph). */
    private readonly analyzeOtherFiles?: (fileNames: readonly string[], collect: FactsCollectorFactory) => (FileFacts | undefined)[],
  ) {}

  /** The graph of a summary (`summary:<name>`, shared by every rule asking for it) or of one rule and its options. */
  graphFor(id: string, collect: FactsCollectorFactory): CallGraph {
    let graph = this.graphs.get(id);
    if (!graph) {
      const many = this.analyzeOtherFiles;
      graph = new CallGraph(fileName => this.analyzeOtherFile(fileName, collect), this.declarationLocator, many && (fileNames => many(fileNames, collect)));
      this.graphs.set(id, graph);
    }
    return graph;
  }

  /** Files whose text changed: their facts, and the facts that depended on them, are dropped (see CallGraph.invalidate). */
  invalidate(fileNames: string[]): void {
    for (const graph of this.graphs.values()) graph.invalidate(fileNames);
  }

  /** Declarations found again after an edit, in the current project's snapshot (see CallGraph.invalidate). */
  private readonly declarationLocator: DeclarationLocator = {
    // Unknown (the callers' facts are then computed again) when anything fails: a snapshot
    // disposed since the last lint, a compiler that is gone.
    signatureOf: key => {
      try {
        const at = key.lastIndexOf(":");
        const sourceFile = this.currentProject()?.program.getSourceFile(key.slice(0, at));
        return sourceFile && signatureAtIndex(sourceFile, Number(key.slice(at + 1)));
      } catch {
        return undefined;
      }
    },
    keysOf: (fileName, signatures) => {
      try {
        const sourceFile = this.currentProject()?.program.getSourceFile(fileName);
        return sourceFile ? keysWithSignatures(fileName, sourceFile, signatures) : new Map();
      } catch {
        return new Map();
      }
    },
    // A keystroke moves the indices after the edited function by the nodes it added: a declaration
    // outside that function is found at its shifted index (its signature checked there), instead of
    // by a search of the whole file for its name, once per caller file and graph.
    treeOf: fileName => {
      try {
        const sourceFile = this.currentProject()?.program.getSourceFile(fileName);
        return sourceFile && functionUnitsOf(sourceFile);
      } catch {
        return undefined;
      }
    },
    movedKey: (key, signature, before) => {
      if (!before) return undefined;
      try {
        const at = key.lastIndexOf(":");
        const fileName = key.slice(0, at);
        const sourceFile = this.currentProject()?.program.getSourceFile(fileName);
        if (!sourceFile) return undefined;
        const index = shiftBetween(fileName, before as FunctionUnits, functionUnitsOf(sourceFile))?.index(Number(key.slice(at + 1)));
        return index !== undefined && signatureAtIndex(sourceFile, index) === signature ? functionKey(fileName, index) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
