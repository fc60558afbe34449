// A strict reader for the small subset of Python literal syntax that .npy headers are written in:
// one dict of string keys whose values are strings, integers, True/False/None, tuples and lists.
// NumPy writes the header with repr() and reads it with ast.literal_eval; this reader never
// evaluates anything, rejects duplicate keys (literal_eval would keep the last one silently), and
// bounds its recursion, so a hostile header costs time linear in its length and nothing more.

/** A parsed Python literal. Integers stay exact (bigint); other numbers keep their text. */
export type PythonLiteral =
  | { kind: 'str'; value: string }
  | { kind: 'int'; value: bigint; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'tuple' | 'list'; items: PythonLiteral[] };

/** Thrown for text that is not a dict literal of the supported subset; the message says where. */
export class PythonLiteralError extends Error {}

export interface ParseOptions {
  /** Accept Python 2's long-integer suffix (3L), as NumPy does for format versions 1.0 and 2.0. */
  longSuffix: boolean;
}

/** Nesting deeper than this is refused: a structured dtype nests three levels at most in practice. */
const MAX_DEPTH = 32;

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/**
 * Reads `text` as one Python dict literal with string keys, followed only by whitespace, and
 * returns its entries in order. Throws a PythonLiteralError naming the first problem.
 */
export function parsePythonDict(text: string, options: ParseOptions): Map<string, PythonLiteral> {
  const reader = new Reader(text, options);
  const dict = reader.dict();
  reader.skipSpace();
  if (reader.pos < text.length) reader.fail('unexpected text after the closing }');
  return dict;
}

/** Python's repr of a literal, as messages quote it: (3, 4), '<f8', [('a', '<f8')]. */
export function pythonRepr(value: PythonLiteral): string {
  switch (value.kind) {
    case 'str': return `'${value.value}'`;
    case 'int': return value.value.toString();
    case 'number': return value.text;
    case 'bool': return value.value ? 'True' : 'False';
    case 'none': return 'None';
    case 'list': return `[${value.items.map(pythonRepr).join(', ')}]`;
    case 'tuple': {
      const inner = value.items.map(pythonRepr).join(', ');
      return value.items.length === 1 ? `(${inner},)` : `(${inner})`;
    }
  }
}

class Reader {
  pos = 0;
  private depth = 0;

  constructor(private readonly text: string, private readonly options: ParseOptions) {}

  fail(problem: string): never {
    throw new PythonLiteralError(`${problem} at character ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r\f'.includes(this.text[this.pos])) this.pos++;
  }

  /** Skips whitespace and returns the next character ('' at the end) without consuming it. */
  private peek(): string {
    this.skipSpace();
    return this.pos < this.text.length ? this.text[this.pos] : '';
  }

  private expect(char: string): void {
    const next = this.peek();
    if (next === '') this.fail(`expected '${char}' but the header ends`);
    if (next !== char) this.fail(`expected '${char}'`);
    this.pos++;
  }

  /** The closing bracket, where a ',' would also have been right. */
  private expectEither(close: string): void {
    const next = this.peek();
    if (next === '') this.fail(`expected ',' or '${close}' but the header ends`);
    if (next !== close) this.fail(`expected ',' or '${close}'`);
    this.pos++;
  }

  dict(): Map<string, PythonLiteral> {
    this.expect('{');
    const entries = new Map<string, PythonLiteral>();
    while (this.peek() !== '}') {
      const keyAt = this.pos;
      const key = this.value();
      if (key.kind !== 'str') {
        this.pos = keyAt;
        this.fail(`a key must be a string, not ${pythonRepr(key)}`);
      }
      if (entries.has(key.value)) {
        this.pos = keyAt;
        this.fail(`the key '${key.value}' appears twice`);
      }
      this.expect(':');
      entries.set(key.value, this.value());
      if (this.peek() !== ',') break;
      this.pos++;
    }
    this.expectEither('}');
    return entries;
  }

  private value(): PythonLiteral {
    const c = this.peek();
    if (c === "'" || c === '"') return { kind: 'str', value: this.string(c) };
    if (c === '(' || c === '[') return this.sequence(c);
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return this.number();
    if (/[A-Za-z_]/.test(c)) return this.name();
    if (c === '') this.fail('unexpected end of the header');
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private string(quote: string): string {
    const start = ++this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      const c = this.text[this.pos];
      if (c === '\\') this.fail('escape sequences in strings are not supported');
      if (c === '\n' || c === '\r') this.fail('unterminated string');
      this.pos++;
    }
    if (this.pos >= this.text.length) this.fail('unterminated string');
    return this.text.slice(start, this.pos++);
  }

  /** A tuple ( … ) or a list [ … ]; a trailing comma is allowed, and (x) without one is just x. */
  private sequence(open: string): PythonLiteral {
    const close = open === '(' ? ')' : ']';
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.pos++;
    const items: PythonLiteral[] = [];
    let sawComma = false;
    while (this.peek() !== close) {
      items.push(this.value());
      if (this.peek() !== ',') break;
      this.pos++;
      sawComma = true;
    }
    this.expectEither(close);
    this.depth--;
    if (open === '(' && items.length === 1 && !sawComma) return items[0];
    return { kind: open === '(' ? 'tuple' : 'list', items };
  }

  /**
   * A run of number-like characters. Only plain decimal integers (and 3L where allowed) become
   * 'int'; anything else that still looks numeric (3.0, 1e5, 0x10) is kept as text, so the caller
   * can say "not an integer" instead of "malformed".
   */
  private number(): PythonLiteral {
    const start = this.pos;
    const match = /[-+]?[0-9A-Za-z_.]*/y;
    match.lastIndex = start;
    const text = match.exec(this.text)![0];
    this.pos = start + text.length;
    const digits = this.options.longSuffix && /[lL]$/.test(text) ? text.slice(0, -1) : text;
    if (INTEGER.test(digits)) return { kind: 'int', value: BigInt(digits), text };
    if (!/[0-9]/.test(text)) {
      this.pos = start;
      this.fail(`unexpected character ${JSON.stringify(text[0])}`);
    }
    return { kind: 'number', text };
  }

  private name(): PythonLiteral {
    const start = this.pos;
    const match = /[A-Za-z_][A-Za-z0-9_]*/y;
    match.lastIndex = start;
    const word = match.exec(this.text)![0];
    this.pos = start + word.length;
    if (word === 'True' || word === 'False') return { kind: 'bool', value: word === 'True' };
    if (word === 'None') return { kind: 'none' };
    this.pos = start;
    this.fail(`unexpected name '${word}'`);
  }
}
