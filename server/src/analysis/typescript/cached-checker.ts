// The checker as every rule sees it: the questions about types, signatures and symbols that
// rules ask again and again (is this an array, what are its type arguments, does it have a
// `then`) are answered once per project snapshot. Each is a round trip to the compiler, paid on
// both sides; over a large project the same few hundred types come back thousands of times.
// Answers depend only on the snapshot (the compiler's own caches make them so), and the API
// hands out one object per type, symbol and signature id, so a cached answer is the object a new
// request would give. A request that fails is not cached: the error reaches the caller as before.
import { ObjectFlags, SymbolFlags, TypeFlags } from "typescript/unstable/sync";
import type { Checker, Signature, SignatureKind, Symbol as TsSymbol, Type } from "typescript/unstable/sync";

type IndexInfos = ReturnType<Checker["getIndexInfosOfType"]>;

/** The per-snapshot answers behind a cached checker. */
class CheckerAnswers {
  readonly typeArguments = new Map<number, readonly Type[]>();
  readonly signatures = new Map<string, readonly Signature[]>();
  readonly returnTypes = new Map<number, Type | null>();
  readonly properties = new Map<string, TsSymbol | null>();
  /** `${target id}\0${name}`: references to that target have no property of that name. */
  readonly absentFromTarget = new Set<string>();
  readonly propertyLists = new Map<number, readonly TsSymbol[]>();
  readonly indexInfos = new Map<number, IndexInfos>();
  readonly typeOfSymbol = new Map<number, Type | null>();
  readonly baseTypes = new Map<number, readonly Type[]>();
  readonly apparent = new Map<number, Type | null>();
}

function remember<K, V>(map: Map<K, V | null>, key: K, ask: () => V | undefined): V | undefined {
  const known = map.get(key);
  if (known !== undefined) return known ?? undefined;
  const answer = ask();
  map.set(key, answer ?? null);
  return answer;
}

/** Lists are shared by every caller: frozen, so that one caller's sort or push cannot change another's answer. */
function rememberList<K, V>(map: Map<K, V>, key: K, ask: () => V): V {
  let answer = map.get(key);
  if (answer === undefined) {
    answer = ask();
    if (Array.isArray(answer)) Object.freeze(answer);
    map.set(key, answer);
  }
  return answer;
}

/** The target of a reference type, or undefined for any other type. */
function referenceTargetOf(type: Type): number | undefined {
  const shape = type as unknown as ReferenceShape;
  return type.flags & TypeFlags.Object && (shape.objectFlags ?? 0) & ObjectFlags.Reference ? shape.target : undefined;
}

interface ReferenceShape {
  objectFlags?: number;
  /** The generic type a reference instantiates (itself for the generic type). */
  target?: number;
  /** The target's symbol; tuple targets have none. */
  symbol?: number;
}

/**
 * The checker's isArrayType and isTupleType are about references only (`Array<T>`, tuples,
 * generic class instances) and read nothing but the reference's target: an array is a reference
 * to the global `Array` or `ReadonlyArray` interface, a tuple a reference to a tuple target,
 * which is made without a symbol. So arrays are told by the two interfaces' ids, looked up once
 * per snapshot, and tuples are asked once per target.
 */
class ReferenceKinds {
  private readonly arrayByTarget = new Map<number, boolean>();
  private readonly tupleByTarget = new Map<number, boolean>();
  /** The global Array and ReadonlyArray interfaces (undefined: not looked up yet; null: no such pair, ask per target). */
  private arrayTargets: ReadonlySet<number> | null | undefined;

  constructor(private readonly checker: Checker) {}

  isArrayType(type: Type): boolean {
    const shape = type as unknown as ReferenceShape;
    if (!(type.flags & TypeFlags.Object)) return false;
    if (shape.objectFlags === undefined) return this.checker.isArrayType(type);
    if (!(shape.objectFlags & ObjectFlags.Reference)) return false;
    if (shape.target === undefined) return this.checker.isArrayType(type);
    const arrays = this.globalArrays();
    if (arrays) return arrays.has(shape.target);
    let answer = this.arrayByTarget.get(shape.target);
    if (answer === undefined) {
      answer = this.checker.isArrayType(type);
      this.arrayByTarget.set(shape.target, answer);
    }
    return answer;
  }

  private globalArrays(): ReadonlySet<number> | null {
    if (this.arrayTargets !== undefined) return this.arrayTargets;
    // Kept only once both are answered: a question that throws (one asked ahead in rounds,
    // RequestPipeline.askInRounds) leaves them to be looked up again, not told per target for good.
    const ids: number[] = [];
    for (const name of ["Array", "ReadonlyArray"]) {
      const symbol = this.checker.resolveName(name, SymbolFlags.Type, undefined, false);
      const declared = symbol && this.checker.getDeclaredTypeOfSymbol(symbol);
      // A generic interface is a reference to itself: the target every `Array<T>` names.
      const shape = declared as unknown as ReferenceShape | undefined;
      if (!declared || shape?.target !== declared.id || !((shape.objectFlags ?? 0) & ObjectFlags.Reference)) return (this.arrayTargets = null);
      ids.push(declared.id);
    }
    this.arrayTargets = new Set(ids);
    return this.arrayTargets;
  }

  isTupleType(type: Type): boolean {
    const shape = type as unknown as ReferenceShape;
    if (!(type.flags & TypeFlags.Object)) return false;
    if (shape.objectFlags === undefined) return this.checker.isTupleType(type);
    if (!(shape.objectFlags & ObjectFlags.Reference)) return false;
    if (shape.target === undefined) return this.checker.isTupleType(type);
    if (shape.symbol !== undefined) return false;
    let answer = this.tupleByTarget.get(shape.target);
    if (answer === undefined) {
      answer = this.checker.isTupleType(type);
      this.tupleByTarget.set(shape.target, answer);
    }
    return answer;
  }
}

/**
 * A checker whose repeated questions are answered from `answers`; every other method is the
 * real checker's (the object inherits from it, so the API's own fields serve those calls).
 */
export function cachingChecker(checker: Checker): Checker {
  const answers = new CheckerAnswers();
  const cached = Object.create(checker) as Checker;
  const references = new ReferenceKinds(checker);
  Object.assign(cached, {
    isArrayType: (type: Type) => references.isArrayType(type),
    isTupleType: (type: Type) => references.isTupleType(type),
    getTypeArguments: (type: Type) => rememberList(answers.typeArguments, type.id, () => checker.getTypeArguments(type as never)),
    getSignaturesOfType: (type: Type, kind: SignatureKind) =>
      rememberList(answers.signatures, `${type.id}:${kind}`, () => checker.getSignaturesOfType(type, kind)),
    getReturnTypeOfSignature: (signature: Signature) => remember(answers.returnTypes, signature.id, () => checker.getReturnTypeOfSignature(signature)),
    getPropertyOfType: (type: Type, name: string) => {
      // The members a reference has are its target's, instantiated: a name the target's
      // references lack, all of them lack (`then` on `Repository<User>`, `Repository<Post>`...).
      const target = referenceTargetOf(type);
      const absentKey = target === undefined ? undefined : `${target}\u0000${name}`;
      if (absentKey !== undefined && answers.absentFromTarget.has(absentKey)) return undefined;
      const answer = remember(answers.properties, `${type.id}\u0000${name}`, () => checker.getPropertyOfType(type, name));
      if (!answer && absentKey !== undefined) answers.absentFromTarget.add(absentKey);
      return answer;
    },
    getPropertiesOfType: (type: Type) => rememberList(answers.propertyLists, type.id, () => checker.getPropertiesOfType(type)),
    getIndexInfosOfType: (type: Type) => rememberList(answers.indexInfos, type.id, () => checker.getIndexInfosOfType(type)),
    getBaseTypes: (type: Type) => rememberList(answers.baseTypes, type.id, () => checker.getBaseTypes(type as never)),
    getApparentType: (type: Type) => remember(answers.apparent, type.id, () => checker.getApparentType(type)),
    getTypeOfSymbol: ((symbolOrSymbols: TsSymbol | readonly TsSymbol[]) => {
      if (Array.isArray(symbolOrSymbols)) return checker.getTypeOfSymbol(symbolOrSymbols);
      const symbol = symbolOrSymbols as TsSymbol;
      return remember(answers.typeOfSymbol, symbol.id, () => checker.getTypeOfSymbol(symbol));
    }) as Checker["getTypeOfSymbol"],
  } satisfies Partial<Checker>);
  return cached;
}
