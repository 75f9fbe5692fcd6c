export declare const regenerate = "run `node --import tsx scripts/config-schema.ts` to regenerate it";
export declare const schemaFileName = "loopscope.config.schema.json";
export declare function configSchemaText(): string;
/** The doc with its option table regenerated; undefined when the doc lacks the markers. */
export declare function docWithOptionsTable(doc: string, ruleId: string): string | undefined;
