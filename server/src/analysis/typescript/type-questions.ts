// Questions about a type itself, asked of the checker and cached per type id for the life of the
// snapshot (`SnapshotCache`): apparent types, thenables and promise-likeness as typescript-eslint
// sees it, callables, declared and awaited return types. They need no batch: `FileQueries`
// (queries.ts) adds the batched per-node questions on top.
import { ObjectFlags, SignatureKind, SymbolFlags, TypeFlags } from "typescript/unstable/sync";
import type { Checker, Program, Type } from "typescript/unstable/sync";
import type { RequestPipeline } from "./pipeline";
import type { SnapshotCache } from "./queries";

/** The generic type a reference (`Repository<User>`, `Promise<T>`, a tuple) instantiates, or undefined for any other type. */
export function referenceTarget(type: Type): number | undefined {
  const shape = type as unknown as { objectFlags?: number; target?: number };
  return type.flags & TypeFlags.Object && (shape.objectFlags ?? 0) & ObjectFlags.Reference ? shape.target : undefined;
}

export interface ThenableInfo {
  /** Some member of the (apparent, union-split) type has a callable `then`. */
  thenable: boolean;
  /** Every member of the union is thenable (a `Promise<T> | undefined` is thenable, not always). */
  always: boolean;
}

/** Promise-likeness of a value's type, union member by union member (see `promiseLikeInfo`). */
export interface PromiseLikeInfo {
  /** Some member of the union is the built-in Promise (or a subclass / intersection with it). */
  builtin: boolean;
  /** Some member is a non-Promise thenable whose `then` takes a rejection callback (2+ parameters). */
  rejectableThenable: boolean;
  /** Every member of the union other than null/undefined/void is promise-like. */
  always: boolean;
  /** Some member is null, undefined or void (a `.catch` must be appended with `?.`). */
  nullable: boolean;
  /** Every promise-like member has a callable `catch`. */
  catchable: boolean;
  /** Some member is void: `?.` does not remove it for the type checker, so an appended `?.catch` does not type-check. */
  voidPart?: boolean;
}

export class TypeQuestions {
  /** Where questions known to come can be sent ahead, together (`FileQueries.resolve` sets it). */
  protected ahead: RequestPipeline | undefined;

  constructor(protected readonly cache: SnapshotCache) {}

  get checker(): Checker {
    return this.cache.checker;
  }
  get program(): Program {
    return this.cache.project.program;
  }

  /**
   * The checker's apparent type (what property lookups see), without a round trip where it is
   * the type itself: unions and object types other than mapped ones. Cached per type id.
   */
  apparentType(type: Type): Type {
    const objectFlags = (type as unknown as { objectFlags?: number }).objectFlags ?? 0;
    if (type.flags & TypeFlags.Union || (type.flags & TypeFlags.Object && !(objectFlags & (ObjectFlags.Mapped | ObjectFlags.ReverseMapped)))) return type;
    let apparent = this.cache.apparent.get(type.id);
    if (!apparent) {
      apparent = this.checker.getApparentType(type) ?? type;
      this.cache.apparent.set(type.id, apparent);
    }
    return apparent;
  }

  /**
   * The members of a union or intersection. The API asks the compiler again on every
   * `getTypes()`; they never change within a snapshot, so they are asked once per type id.
   */
  membersOf(type: Type): readonly Type[] {
    let members = this.cache.members.get(type.id);
    if (!members) {
      members = Object.freeze([...((type as unknown as { getTypes(): readonly Type[] | undefined }).getTypes() ?? [])]);
      this.cache.members.set(type.id, members);
    }
    return members;
  }

  /** Whether an object type may be an array or tuple: both are references to a generic target. */
  private mayBeArrayOrTuple(type: Type): boolean {
    const objectFlags = (type as unknown as { objectFlags?: number }).objectFlags;
    return objectFlags === undefined || !!(objectFlags & ObjectFlags.Reference);
  }

  /** Whether a value of this type is (or may be) a thenable: a `then` member with call signatures. */
  thenableInfo(type: Type): ThenableInfo {
    let info = this.cache.thenable.get(type.id);
    if (info) return info;
    info = { thenable: false, always: false };
    if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) {
      this.cache.thenable.set(type.id, info);
      return info;
    }
    const apparent = this.apparentType(type);
    const parts = apparent.isUnionType() ? this.membersOf(apparent) : [apparent];
    let count = 0;
    for (const part0 of parts) {
      const part = this.apparentType(part0);
      const thenSymbol = this.checker.getPropertyOfType(part, "then");
      if (!thenSymbol) continue;
      const thenType = this.checker.getTypeOfSymbol(thenSymbol);
      if (thenType && this.checker.getSignaturesOfType(thenType, SignatureKind.Call).length > 0) count++;
    }
    info = { thenable: count > 0, always: count > 0 && count === parts.length };
    this.cache.thenable.set(type.id, info);
    return info;
  }

  /** Whether the type is an array or tuple with a thenable element type. */
  isPromiseArray(type: Type): boolean {
    let result = this.cache.promiseArray.get(type.id);
    if (result !== undefined) return result;
    result = false;
    const parts = type.isUnionType() ? this.membersOf(type) : [type];
    for (const part0 of parts) {
      if (!(part0.flags & TypeFlags.Object)) continue;
      const part = this.apparentType(part0);
      if (this.mayBeArrayOrTuple(part) && (this.checker.isArrayType(part) || this.checker.isTupleType(part))) {
        const args = this.checker.getTypeArguments(part as never);
        if (args.some(a => this.thenableInfo(a).thenable)) {
          result = true;
          break;
        }
      }
    }
    this.cache.promiseArray.set(type.id, result);
    return result;
  }

  /** Whether the type says the value may be null or undefined (`any`/`unknown` say nothing). */
  declaredNullable(type: Type): boolean {
    if (type.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) return true;
    return type.isUnionType() && this.membersOf(type).some(t => !!(t.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)));
  }

  /** Whether the expression's type is `any`/`unknown` or missing (the analysis can't see it). */
  isOpaque(type: Type | undefined): boolean {
    return !type || !!(type.flags & (TypeFlags.Any | TypeFlags.Unknown));
  }

  /**
   * Promise-likeness as typescript-eslint's no-floating-promises sees it: the built-in Promise
   * (found by symbol in the default library, through base classes and intersections), and other
   * thenables whose `then` accepts a rejection callback. Cached per type id.
   */
  promiseLikeInfo(type: Type): PromiseLikeInfo {
    let info = this.cache.promiseLike.get(type.id);
    if (info) return info;
    info = { builtin: false, rejectableThenable: false, always: false, nullable: false, catchable: false };
    if (!(type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never | TypeFlags.Primitive))) {
      const apparent = this.apparentType(type);
      const parts = apparent.isUnionType() ? this.membersOf(apparent) : [apparent];
      // Each member's questions wait for one another, and a union of many object types (a
      // configuration type over every driver's options) made hundreds of round trips: asked for
      // all members together, in rounds.
      const objects = parts.filter(part => !(part.flags & (TypeFlags.Primitive | TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never)));
      if (objects.length > 1) this.askTogether(objects.map(part => () => this.isBuiltinPromise(part) || this.thenAcceptsRejection(part)));
      let promiseLikeParts = 0;
      let catchableParts = 0;
      let nullishParts = 0;
      for (const part of parts) {
        if (part.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) {
          nullishParts++;
          if (part.flags & TypeFlags.Void) info.voidPart = true;
          continue;
        }
        if (part.flags & (TypeFlags.Primitive | TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never)) continue;
        let isPromiseLike = false;
        if (this.isBuiltinPromise(part)) {
          info.builtin = true;
          isPromiseLike = true;
        } else if (this.thenAcceptsRejection(part)) {
          info.rejectableThenable = true;
          isPromiseLike = true;
        }
        if (!isPromiseLike) continue;
        promiseLikeParts++;
        if (this.hasCallableMember(part, "catch")) catchableParts++;
      }
      info.always = promiseLikeParts > 0 && promiseLikeParts + nullishParts === parts.length;
      info.nullable = nullishParts > 0;
      info.catchable = promiseLikeParts > 0 && catchableParts === promiseLikeParts;
    }
    this.cache.promiseLike.set(type.id, info);
    return info;
  }

  /** Whether the type's own symbol (or a base class, or an intersection member) is the default library's Promise. */
  isBuiltinPromise(type: Type, depth = 0): boolean {
    // A reference's symbol and base types are its target's: `Repository<A>` and `Repository<B>` answer alike.
    const target = referenceTarget(type);
    let result = this.cache.builtinPromise.get(type.id) ?? (target === undefined ? undefined : this.cache.builtinPromiseByTarget.get(target));
    if (result !== undefined) return result;
    result = false;
    if (depth < 6) {
      if (type.isIntersectionType()) {
        result = this.membersOf(type).some(t => this.isBuiltinPromise(t, depth + 1));
      } else if (type.flags & TypeFlags.Object) {
        const symbol = type.getSymbol();
        if (symbol && symbol.name === "Promise" && symbol.declarations.some(d => this.isDefaultLibraryPath(d.path as string))) result = true;
        else if (symbol && symbol.flags & (SymbolFlags.Class | SymbolFlags.Interface)) {
          const target = type.isTypeReference() ? type.getTarget() : type;
          if (target.isClassOrInterface()) {
            for (const base of this.checker.getBaseTypes(target) ?? []) {
              if (this.isBuiltinPromise(base, depth + 1)) {
                result = true;
                break;
              }
            }
          }
        }
      }
    }
    this.cache.builtinPromise.set(type.id, result);
    if (target !== undefined && depth < 6) this.cache.builtinPromiseByTarget.set(target, result);
    return result;
  }

  /** A `then` member with a call signature of two or more parameters (onfulfilled, onrejected). */
  private thenAcceptsRejection(type: Type): boolean {
    const thenSymbol = this.checker.getPropertyOfType(type, "then");
    if (!thenSymbol) return false;
    const thenType = this.checker.getTypeOfSymbol(thenSymbol);
    return !!thenType && this.checker.getSignaturesOfType(thenType, SignatureKind.Call).some(s => s.parameters.length >= 2);
  }

  private hasCallableMember(type: Type, name: string): boolean {
    const target = referenceTarget(type);
    const key = target === undefined ? undefined : `${target}\u0000${name}`;
    if (key !== undefined && this.cache.methodOfTarget.has(key)) return true;
    const symbol = this.checker.getPropertyOfType(type, name);
    if (!symbol) return false;
    // A method that is not optional has call signatures whatever the type arguments (`catch` of
    // every `Promise<T>`): the target answers for all its references.
    if (key !== undefined && symbol.flags & SymbolFlags.Method && !(symbol.flags & (SymbolFlags.Optional | SymbolFlags.Property))) {
      this.cache.methodOfTarget.add(key);
      return true;
    }
    const memberType = this.checker.getTypeOfSymbol(symbol);
    return !!memberType && this.isCallable(memberType);
  }

  /** Whether values of the type can always be called (every member of a union has a call signature). Cached per type id. */
  isCallable(type: Type): boolean {
    let result = this.cache.callable.get(type.id);
    if (result !== undefined) return result;
    const apparent = this.apparentType(type);
    const parts = apparent.isUnionType() ? this.membersOf(apparent) : [apparent];
    result = parts.every(p => this.checker.getSignaturesOfType(p, SignatureKind.Call).length > 0 || this.isGlobalFunctionType(p));
    this.cache.callable.set(type.id, result);
    return result;
  }

  /**
   * The default library's `Function` (`@param {Function} cb` in JSDoc): it declares no call
   * signature, yet every value of it is a function and TypeScript lets the code call it.
   */
  private isGlobalFunctionType(type: Type): boolean {
    const symbol = type.getSymbol();
    return !!symbol && symbol.name === "Function" && symbol.declarations.some(d => this.isDefaultLibraryPath(d.path as string));
  }

  private isDefaultLibraryPath(fileName: string): boolean {
    let result = this.cache.defaultLibraryPaths.get(fileName);
    if (result === undefined) {
      result = !!this.program.getSourceFileMetadataByPath(fileName as never)?.isDefaultLibrary;
      this.cache.defaultLibraryPaths.set(fileName, result);
    }
    return result;
  }

  /** For an array or tuple type (or a union with one) with promise-like elements: those elements' info. Cached per type id. */
  promiseLikeArrayInfo(type: Type): PromiseLikeInfo | undefined {
    let result = this.cache.promiseLikeArray.get(type.id);
    if (result !== undefined) return result ?? undefined;
    result = null;
    const parts = type.isUnionType() ? this.membersOf(type) : [type];
    for (const part0 of parts) {
      if (!(part0.flags & TypeFlags.Object)) continue;
      const part = this.apparentType(part0);
      if (!this.mayBeArrayOrTuple(part) || (!this.checker.isArrayType(part) && !this.checker.isTupleType(part))) continue;
      for (const element of this.checker.getTypeArguments(part as never)) {
        const info = this.promiseLikeInfo(element);
        if (info.builtin || info.rejectableThenable) {
          result = info;
          break;
        }
      }
      if (result) break;
    }
    this.cache.promiseLikeArray.set(type.id, result);
    return result ?? undefined;
  }

  /**
   * What the type of a call of a function of this type says about promises, read from the
   * declared return types instead of checking the call: "opaque" when the callee is
   * `any`/unknown (so is the call), a return type when every call signature's declared return
   * type is fixed (`fixedForPromises`) and they agree, otherwise undefined (check the call).
   * Checking a call with an unfinished argument makes the checker work out why it does not fit
   * (against a large generic RPC schema: 100+ ms); reading the callee's signatures takes a few.
   */
  declaredReturnType(callee: Type): Type | "opaque" | undefined {
    let result = this.cache.declaredReturn.get(callee.id);
    if (result !== undefined) return result ?? undefined;
    result = null;
    if (this.isOpaque(callee)) result = "opaque";
    else if (!(callee.flags & (TypeFlags.Union | TypeFlags.Intersection | TypeFlags.TypeParameter))) {
      const signatures = this.checker.getSignaturesOfType(callee, SignatureKind.Call);
      let chosen: Type | undefined;
      for (const signature of signatures) {
        const returned = this.checker.getReturnTypeOfSignature(signature);
        if (!returned || !this.fixedForPromises(returned)) {
          chosen = undefined;
          break;
        }
        if (chosen && !this.samePromiseVerdict(chosen, returned)) {
          chosen = undefined;
          break;
        }
        chosen ??= returned;
      }
      result = chosen ?? null;
    }
    this.cache.declaredReturn.set(callee.id, result);
    return result ?? undefined;
  }

  /**
   * Runs type questions whose answers depend on earlier ones (a callee's signatures, their return
   * types, those types' members and base types) for many types together, in rounds through the
   * request pipeline (`RequestPipeline.askInRounds`): asked one at a time, each is a round trip in
   * which both sides wait for the other, thousands on a large project. The answers land in the
   * per-snapshot caches, so the same questions asked afterwards cost nothing; they are the same
   * answers, and so the same decisions. For this class's own questions (and the cached
   * checker's) only: they cache what the compiler answers and catch nothing. Without a pipeline
   * (`FileQueries.resolve` gives it) this does nothing.
   */
  askTogether(questions: Iterable<() => unknown>): void {
    if (this.ahead?.enabled) this.ahead.askInRounds(questions);
  }

  /**
   * The type `await callee(...)` has, read from the callee's declared return type when that
   * decides `promiseLikeArrayInfo` on its own: `Promise<Result<T>>` where `Result<T>` is an
   * object type gives `Result<T>`, whatever T is. Checking the await itself makes the compiler
   * infer the call's type arguments, which on generic-heavy code (a generic client action)
   * costs tens of milliseconds. Undefined: only checking the await can tell.
   */
  awaitedDeclaredType(callee: Type): Type | "opaque" | undefined {
    let result = this.cache.awaitedDeclared.get(callee.id);
    if (result !== undefined) return result ?? undefined;
    const declared = this.declaredReturnType(callee);
    result = declared === undefined ? null : declared === "opaque" ? "opaque" : (this.awaitedOf(declared, 0) ?? null);
    this.cache.awaitedDeclared.set(callee.id, result);
    return result ?? undefined;
  }

  /** `Awaited<type>` for a type that is fixed for promises, when its own flags and members tell. */
  private awaitedOf(type: Type, depth: number): Type | "opaque" | undefined {
    if (depth > 4 || type.flags & (TypeFlags.Union | TypeFlags.Intersection)) return undefined;
    if (this.isOpaque(type)) return "opaque";
    if (!(type.flags & TypeFlags.Object)) return type;
    if (this.isBuiltinPromise(type)) {
      // `Promise<X>` itself, not a subclass or something built on it.
      if (!type.isTypeReference() || type.getSymbol()?.name !== "Promise") return undefined;
      const args = this.checker.getTypeArguments(type as never);
      if (args.length !== 1 || !this.fixedForPromises(args[0]!)) return undefined;
      return this.awaitedOf(args[0]!, depth + 1);
    }
    // Any other thenable is unwrapped through its own `then`: leave that to the checker.
    return this.thenableInfo(type).thenable ? undefined : type;
  }

  /**
   * Whether instantiating the type's type parameters cannot change what `promiseLikeInfo` and
   * `promiseLikeArrayInfo` say about it: no type parameters, conditional, indexed or mapped
   * types where it matters. `Promise<T>` is fixed (a promise whatever T is); `T[]` is not.
   */
  fixedForPromises(type: Type, depth = 0): boolean {
    let result = this.cache.fixedType.get(type.id);
    if (result !== undefined) return result;
    result = false;
    const unfixed =
      TypeFlags.TypeParameter | TypeFlags.Conditional | TypeFlags.IndexedAccess | TypeFlags.Substitution | TypeFlags.Index | TypeFlags.Intersection;
    if (depth > 4 || type.flags & unfixed) result = false;
    else if (type.isUnionType()) result = this.membersOf(type).every(t => this.fixedForPromises(t, depth + 1));
    else if (type.flags & TypeFlags.Object) {
      const objectFlags = (type as unknown as { objectFlags?: number }).objectFlags ?? 0;
      if (this.isBuiltinPromise(type)) result = true;
      else if (objectFlags & (ObjectFlags.Mapped | ObjectFlags.ReverseMapped)) result = false;
      else if (type.isTypeReference()) result = this.checker.getTypeArguments(type as never).every(t => this.fixedForPromises(t, depth + 1));
      else result = true;
    } else result = true;
    this.cache.fixedType.set(type.id, result);
    return result;
  }

  private samePromiseVerdict(a: Type, b: Type): boolean {
    const same = (x: PromiseLikeInfo | undefined, y: PromiseLikeInfo | undefined) =>
      x === y ||
      (!!x &&
        !!y &&
        x.builtin === y.builtin &&
        x.rejectableThenable === y.rejectableThenable &&
        x.always === y.always &&
        x.nullable === y.nullable &&
        x.catchable === y.catchable &&
        x.voidPart === y.voidPart);
    return same(this.promiseLikeInfo(a), this.promiseLikeInfo(b)) && same(this.promiseLikeArrayInfo(a), this.promiseLikeArrayInfo(b));
  }
}
