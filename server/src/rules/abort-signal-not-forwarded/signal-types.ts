// Type questions of abort-signal-not-forwarded, phase 2: is a value an AbortSignal, and which
// parameter of a callee's signatures is an options object that takes `signal`. Answers are
// cached per type id for the file.
import { SignatureKind, TypeFlags, type CallExpression, type Signature, type Type } from "../../analysis/typescript";
import type { FileAnalysis } from "../rule";

export class SignalTypes {
  private readonly signalTypes = new Map<number, boolean>();
  private readonly optionsTypes = new Map<number, boolean>();
  private readonly signalParameters = new Map<number, SignalParameter[]>();

  constructor(private readonly fa: FileAnalysis) {}

  /** The value is an `AbortSignal` (possibly `| undefined`/`| null`). */
  isAbortSignal(type: Type | undefined): boolean {
    if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
    let known = this.signalTypes.get(type.id);
    if (known === undefined) {
      known = unionParts(type).some(t => t.getSymbol()?.name === "AbortSignal");
      this.signalTypes.set(type.id, known);
    }
    return known;
  }

  /** A value with a `signal` property of type AbortSignal (an options object, a fetch `Request`). */
  signalProperty(type: Type | undefined): boolean {
    if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
    return unionParts(type).some(t => {
      const property = t.flags & (TypeFlags.Object | TypeFlags.Intersection) ? this.fa.queries.checker.getPropertyOfType(t, "signal") : undefined;
      return !!property && this.isAbortSignal(this.fa.queries.checker.getTypeOfSymbol(property));
    });
  }

  /**
   * An options type whose `signal` cancels the work: it has a `signal` of type AbortSignal and is
   * not an event listener's options (`capture`/`passive`: there the signal removes the listener).
   */
  private acceptsSignal(type: Type | undefined): boolean {
    if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
    let known = this.optionsTypes.get(type.id);
    if (known === undefined) {
      const { checker } = this.fa.queries;
      known = unionParts(type).some(
        t =>
          !!(t.flags & (TypeFlags.Object | TypeFlags.Intersection)) &&
          this.signalProperty(t) &&
          !checker.getPropertyOfType(t, "capture") &&
          !checker.getPropertyOfType(t, "passive"),
      );
      this.optionsTypes.set(type.id, known);
    }
    return known;
  }

  /** For each call signature of the callee: the index of its options parameter that takes `signal`, and how many parameters it has. */
  signalParametersOf(callee: Type | undefined): SignalParameter[] {
    if (!callee || callee.flags & (TypeFlags.Any | TypeFlags.Unknown)) return [];
    let known = this.signalParameters.get(callee.id);
    if (known) return known;
    known = [];
    for (const signature of this.fa.queries.checker.getSignaturesOfType(callee, SignatureKind.Call)) {
      const parameter = this.signalParameterOf(signature);
      if (parameter) known.push(parameter);
    }
    this.signalParameters.set(callee.id, known);
    return known;
  }

  /**
   * The signal parameter of the signature the call resolves to, when the callee has overloads that
   * take one: an overload the call does not match says nothing of its arguments (`pipeline(a, b)`
   * is not the array overload, whose options would be `b`).
   */
  signalParametersOfCall(call: CallExpression, callee: Type | undefined): SignalParameter[] {
    const all = this.signalParametersOf(callee);
    if (all.length < 2) return all;
    const resolved = this.fa.queries.checker.getResolvedSignature(call);
    if (!resolved) return all;
    const parameter = this.signalParameterOf(resolved);
    return parameter ? [parameter] : [];
  }

  private signalParameterOf(signature: Signature): SignalParameter | undefined {
    const { checker } = this.fa.queries;
    // Work the caller waits for: a promise or an (async) iterator. A function that takes request options and returns
    // plain data (an options resolver) has nothing to cancel; one that returns an emitter (a stream, a child process,
    // a signal) hands its lifetime to whatever consumes it (a pipeline given the signal, a kill in an 'abort' listener).
    if (!this.startsWork(checker.getReturnTypeOfSignature(signature))) return undefined;
    const count = signature.parameters.length;
    // The last such parameter is the options; an earlier one is an input that may carry its own (`fetch(request)`).
    for (let index = count - 1; index >= 0; index--) {
      const parameter = checker.getParameterType(signature, index);
      // An options object that takes `signal`, or a parameter that is the signal itself (`wait(ms, signal?)`).
      const direct = this.isAbortSignal(parameter);
      if (direct || this.acceptsSignal(parameter)) return { index, count, direct };
    }
    return undefined;
  }

  private startsWork(returned: Type | undefined): boolean {
    if (!returned || returned.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
    const { checker } = this.fa.queries;
    return unionParts(returned).some(
      t => !!(t.flags & (TypeFlags.Object | TypeFlags.Intersection)) && ["then", "next"].some(member => !!checker.getPropertyOfType(t, member)),
    );
  }
}

export interface SignalParameter {
  index: number;
  count: number;
  /** The parameter is the AbortSignal itself, not an options object. */
  direct: boolean;
}

/** The members of a union (nested unions flattened); an intersection stays whole (its properties are its members'). */
function unionParts(type: Type): readonly Type[] {
  return type.isUnionType() ? type.getTypes().flatMap(unionParts) : [type];
}
