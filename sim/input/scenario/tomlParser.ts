import TOMLParser from "@iarna/toml/lib/toml-parser.js";
import prettyError from "@iarna/toml/parse-pretty-error.js";

/**
 * @iarna/toml's parser with two gaps closed, for the scenario and catalog loaders:
 * - a float written with an integral value (`10.0`, `1e3`) is kept as an IntegralFloat
 *   rather than unboxed into a number indistinguishable from `10`, so the loader can
 *   refuse it where an integer is meant (the docs say "5, not 5.0");
 * - a decimal integer outside the 64-bit range is a parse error, not silently wrapped
 *   (the library's BigInt.asIntN(64) turns 9223372036854775808 into a negative number).
 * The library marks its boxed numbers with a private symbol; its description ("float",
 * "integer") is how they are recognised here.
 */

/** A TOML float whose value is an integer, with the text the file wrote. */
export class IntegralFloat {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

interface ParserState {
  buf: string;
  resultArr?: unknown[] | null;
}

interface ParserInstance {
  state: ParserState;
  error(error: Error): Error;
  parse(text: string): void;
  finish(): unknown;
}

interface KeyValue {
  key: string[];
  value: unknown;
}

/** The parser's methods this file calls on the library's own prototype. */
interface ParserMethods {
  return(value: unknown): unknown;
  recordInlineListValue(value: unknown): unknown;
  recordAssignStatement(kv: KeyValue): unknown;
  recordInlineTableValue(kv: KeyValue): unknown;
}

/** The library's Parser class, as far as this file uses it. */
interface ParserClass {
  new (): ParserInstance;
  readonly prototype: ParserMethods;
  readonly TomlError: new (message: string) => Error;
}

// The one bridge to the library's internals, which its types do not describe (the parser
// module is declared as a plain class without these members).
const Base = TOMLParser as unknown as ParserClass;
const TomlError = Base.TomlError;

/** The library's type tag of a boxed number ("float" or "integer"), if `value` is one. */
function boxedNumberKind(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    const tag = (value as Record<symbol, unknown>)[symbol];
    if (typeof tag === "symbol" && (tag.description === "float" || tag.description === "integer")) return tag.description;
  }
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Floats returned by the parser that hold integral values, until their key is recorded. */
const pendingIntegralFloats = new WeakMap<object, string>();

class CheckingParser extends Base {
  return(value: unknown): unknown {
    const kind = boxedNumberKind(value);
    // Only a number's text is looked at: the parser returns every value through here, and
    // building the text for each string and table was a tenth of reading a scenario.
    if (kind === undefined) return Base.prototype.return.call(this, value);
    const text = String(this.state.buf).replace(/_/g, "");
    if (kind === "float" && Number.isInteger(Number(value))) pendingIntegralFloats.set(value as object, text);
    if (kind === "integer" && /^[+-]?\d+$/.test(text)) {
      const exact = BigInt(text);
      if (exact < INT64_MIN || exact > INT64_MAX) {
        throw this.error(new TomlError(`Integer ${text} is outside the 64-bit range TOML allows (-9223372036854775808 to 9223372036854775807)`));
      }
    }
    return Base.prototype.return.call(this, value);
  }

  recordAssignStatement(kv: KeyValue): unknown {
    return this.recordWithMarker("recordAssignStatement", kv);
  }

  recordInlineTableValue(kv: KeyValue): unknown {
    return this.recordWithMarker("recordInlineTableValue", kv);
  }

  recordInlineListValue(value: unknown): unknown {
    // The list's own parser state, taken before the call: when the value is the list's last
    // (`[100, 200.0]`), the library reads on to the `]` inside the call and returns the list
    // to the enclosing state, so this.state afterwards is no longer the list's.
    const listState = this.state;
    const result = Base.prototype.recordInlineListValue.call(this, value);
    const text = typeof value === "object" && value !== null ? pendingIntegralFloats.get(value) : undefined;
    const list = listState.resultArr;
    if (text !== undefined && list !== undefined && list !== null) list[list.length - 1] = new IntegralFloat(Number(value), text);
    return result;
  }

  private recordWithMarker(method: "recordAssignStatement" | "recordInlineTableValue", kv: KeyValue): unknown {
    const text = typeof kv.value === "object" && kv.value !== null ? pendingIntegralFloats.get(kv.value) : undefined;
    if (text !== undefined) kv.value = new IntegralFloat(Number(kv.value), text);
    return Base.prototype[method].call(this, kv);
  }
}

/** Parses TOML text like `TOML.parse`, with IntegralFloat markers and the int64 range check. */
export function parseToml(text: string): unknown {
  const parser = new CheckingParser();
  try {
    parser.parse(text);
    return parser.finish();
  } catch (error) {
    throw (prettyError as (error: unknown, text: string) => Error)(error, text);
  }
}
