// unbounded-concurrency: fan-out whose width is the size of input the code does not control:
// Promise.all over `xs.map(async ...)`, promises pushed in a loop and awaited together, processes
// and workers started per item, async calls started per item without waiting.
// Docs: docs/rules/unbounded-concurrency.md
// This file is the wiring: options, messages, and the two phases' parts. The places where work may
// fan out are noted in phase 1 (fan-out-sites.ts) and decided in phase 2 (fan-out-reports.ts);
// where a collection comes from, in both phases, is collection-questions.ts.
import { SyntaxKind } from "../../analysis/typescript";
import { ApiResolver } from "../../analysis/api-calls";
import { isBrowserFile, isSerializedFunction, isTestFile } from "../../analysis/file-kinds";
import { collectIoCalls, ioCallsSummary } from "../../analysis/io/io-call-collector";
import { WorkIo } from "../../analysis/io/work-io";
import { limiterPackages } from "../../analysis/io/known-packages";
import { collectionQuestions } from "./collection-questions";
import { noSites, siteVisitor, type TypeVerdicts } from "./fan-out-sites";
import { CarriedVerdicts } from "../../analysis/carried-callees";
import { addLimiterVariables } from "./limiter-variables";
import { SiteFreeUnits } from "./site-free-units";
import { reportFanOuts } from "./fan-out-reports";
import type { Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";

const optionsSchema = {
  limiters: option.strings("Names of your own limiters: a call through one of them (`limit(...)`, `queue.add(...)`) is bounded.", []),
  defaultConcurrency: option.number("The width quick-fixes use.", 8, { positiveInteger: true }),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `*.spec.ts`, `__tests__/`): fixtures are small.", true),
  collections: option.enum(
    ["evidently-large", "not-provably-small"],
    "Which collections count as input-sized. `evidently-large`: a request's body, the command line, a stream, an archive's entries, a directory tree, a database query's rows. `not-provably-small`: also what a service or a read-named call returns (`await api.listSessions()`, `findAll()`), which on unseen code was often small by nature.",
    "evidently-large",
  ),
  weakSources: option.boolean(
    "Also report fan-outs whose only evidence of an input-sized collection is weak: a list the caller passes in (a parameter, `arguments`), or rows from a read-named call reached through the callers.",
    false,
  ),
};

export type UnboundedConcurrencyOptions = OptionsOf<typeof optionsSchema>;

const defaultLimiters = [
  "limit",
  "limiter",
  "pLimit",
  "throttle",
  "semaphore",
  "sema",
  "mutex",
  "queue",
  "pool",
  "bottleneck",
  "schedule",
  "enqueue",
  "mapWithConcurrency",
  "pMap",
  "mapLimit",
  "eachLimit",
];

/** The keys of `meta.messages`: a report with any other id does not compile. */
export type MessageId = "map" | "push" | "process" | "floating" | "forEachAsync" | "pMap";

export const unboundedConcurrency: Rule<UnboundedConcurrencyOptions, MessageId> = {
  meta: {
    id: "unbounded-concurrency",
    description:
      "Fan-out as wide as the input: Promise.all over xs.map(async ...), promises pushed in a loop, processes, workers or async calls started per item without a limit.",
    defaultSeverity: "warning",
    // Off by default since session 10: on three held-out draws of code no rule was tuned on it was
    // right 4 times in 14 (0/6, 3/4, 1/4), under the 0.90 the precision protocol asks of a default rule.
    enabledByDefault: false,
    fixable: true,
    messages: {
      map: "{{combinator}} {{resource}} per item of `{{collection}}`, all at once ({{via}}); the items come from {{evidence}}: a large input opens that many requests, files or queries together (timeouts, EMFILE, an overloaded database or API). Limit the concurrency (p-limit, a bounded map) or go through the items in fixed-size chunks.",
      push: "One promise per {{items}} is started here and awaited all together {{where}}; each {{resource}} ({{via}}), and the items come from {{evidence}}, so a large input runs that many at once. Limit the concurrency (p-limit, a bounded map) or await in fixed-size batches.",
      process:
        "{{api}} starts a {{what}} for every {{items}} without waiting, and the items come from {{evidence}}: a large input runs that many at once and exhausts CPU and memory. Use a fixed-size pool (e.g. one worker per CPU) or wait for each before starting the next.",
      floating:
        "{{call}} {{resource}} per {{items}} without waiting for any ({{via}}); the items come from {{evidence}}: a large input runs that many at once, and nothing bounds or collects them. Await each, or limit the concurrency (p-limit) and await them together.",
      forEachAsync:
        "forEach with an async callback {{resource}} per item of `{{collection}}`, all at once, and waits for none of it ({{via}}); the items come from {{evidence}}. Use `for ... of` with `await` for one at a time, or a limiter (p-limit) with Promise.all.",
      pMap: "{{api}} without a `concurrency` option {{resource}} per item of `{{collection}}`, all at once ({{via}}; the default is Infinity); the items come from {{evidence}}. Pass `concurrency`.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const skipFile = (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    const resolver = new ApiResolver(context);
    const sites = noSites();
    // Functions serialized to text (sent to a browser page) never run here.
    const report: typeof context.report = r => {
      if (!isSerializedFunction(r.node)) context.report(r);
    };
    // What each item's work reaches: the project's functions through their summaries.
    const io = new WorkIo(context, context.callGraph(collectIoCalls, ioCallsSummary), "unbounded-concurrency:work-calls");
    const limiterNames = new Set([...defaultLimiters, ...context.options.limiters]);
    // Variables made from limiter packages: `const lim = pLimit(4)`, `this.q = new PQueue()`.
    for (const b of context.bindings.all) if (limiterPackages.has(b.module)) limiterNames.add(b.localName);
    const collections = collectionQuestions(context, io);
    const verdicts: TypeVerdicts = new CarriedVerdicts(context, "unbounded-concurrency:type-verdicts");
    const siteFree = new SiteFreeUnits(context, "unbounded-concurrency:site-free");
    const visitSite = siteVisitor(context, { resolver, io, prepareSource: collections.prepareSource, verdicts, siteFree }, sites);

    return {
      visitKinds: [
        SyntaxKind.VariableDeclaration,
        SyntaxKind.PropertyDeclaration,
        SyntaxKind.BinaryExpression,
        SyntaxKind.NewExpression,
        SyntaxKind.ExpressionStatement,
        SyntaxKind.ArrowFunction,
        SyntaxKind.CallExpression,
      ],
      visit(node) {
        if (skipFile) return;
        visitSite(node);
      },
      decide() {
        if (skipFile) return;
        sites.made.push(...siteFree.madeBefore(undefined));
        addLimiterVariables(sites.made, context, limiterNames);
        reportFanOuts(context, sites, { resolver, io, limiterNames, collections, verdicts, report });
        verdicts.record();
        siteFree.record();
        io.record();
      },
    };
  },
};
