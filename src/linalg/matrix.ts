// The dense matrix type of the public API: float64, row-major, no hidden strides.

import { describe } from '../args';
import { isFloat64Array, typedLength } from '../runtime/intrinsics';
import { requireWasmBytes } from '../runtime/limits';

/** The fields of a genuine Matrix, read from its private slots (undefined for anything else). */
let fieldsOf: (value: unknown) => { rows: number; cols: number; data: Float64Array } | undefined;

/**
 * A dense rows × cols float64 matrix stored row-major: entry (i, j) is data[i * cols + j].
 *
 * The shape and the data array are fixed when the matrix is made: `rows`, `cols` and `data` are
 * read-only at run time too (assigning them throws in strict mode and does nothing otherwise), and
 * the package reads them from private fields that neither a subclass nor a forged object can
 * change. The entries of `data` may be changed freely.
 *
 * @example
 *   const a = Matrix.from([[1, 2], [3, 4]]);
 *   a.get(1, 0);      // 3
 */
export class Matrix {
  readonly #rows: number;
  readonly #cols: number;
  readonly #data: Float64Array;

  static {
    fieldsOf = (value) =>
      value !== null && typeof value === 'object' && #rows in value ? { rows: value.#rows, cols: value.#cols, data: value.#data } : undefined;
  }

  /** Wraps `data` (not copied) as a rows × cols matrix; allocates zeros when `data` is omitted. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkDimension('rows', rows);
    checkDimension('cols', cols);
    if (data === undefined) {
      requireWasmBytes('Matrix', rows * cols * 8, `a ${rows}×${cols} matrix`);
      data = new Float64Array(rows * cols);
    } else if (!isFloat64Array(data)) {
      throw new TypeError(`Matrix: data must be a Float64Array (got ${describe(data)})`);
    } else if (typedLength(data) !== rows * cols) {
      throw new RangeError(`Matrix: data has ${typedLength(data)} entries but a ${rows}×${cols} matrix needs ${rows * cols}`);
    }
    this.#rows = rows;
    this.#cols = cols;
    this.#data = data;
  }

  /** Number of rows. */
  get rows(): number {
    return this.#rows;
  }

  /** Number of columns. */
  get cols(): number {
    return this.#cols;
  }

  /** The entries, row-major (the array itself, not a copy). */
  get data(): Float64Array {
    return this.#data;
  }

  /** Whether `value` is a Matrix made by this class (not an object that only looks like one). */
  static isMatrix(value: unknown): value is Matrix {
    return fieldsOf(value) !== undefined;
  }

  /** A matrix copied from an array of rows, all of the same length. */
  static from(rows: ArrayLike<ArrayLike<number>>): Matrix {
    if (rows === null || typeof rows !== 'object' || typeof rows.length !== 'number') {
      throw new TypeError(`Matrix.from: expected an array of rows (got ${describe(rows)})`);
    }
    const r = rows.length;
    if (!Number.isSafeInteger(r) || r < 0) throw new RangeError(`Matrix.from: the number of rows must be a non-negative integer (got ${String(r)})`);
    const c = r > 0 ? lengthOfRow(rows[0], 0) : 0;
    const m = new Matrix(r, c);
    const data = m.#data;
    for (let i = 0; i < r; i++) {
      const row = rows[i];
      const length = lengthOfRow(row, i);
      if (length !== c) throw new RangeError(`Matrix.from: row ${i} has ${length} entries but row 0 has ${c}`);
      for (let j = 0; j < c; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new TypeError(`Matrix.from: entry (${i}, ${j}) is not a number (got ${describe(v)})`);
        data[i * c + j] = v;
      }
    }
    return m;
  }

  /** The rows × cols zero matrix. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** The n × n identity matrix. */
  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.#data[i * n + i] = 1;
    return m;
  }

  /** Entry (i, j). */
  get(i: number, j: number): number {
    return this.#data[this.index(i, j)];
  }

  /** Sets entry (i, j) to the finite number v. */
  set(i: number, j: number, v: number): void {
    const index = this.index(i, j);
    if (typeof v !== 'number') throw new TypeError(`Matrix.set: the value must be a number (got ${describe(v)})`);
    if (!Number.isFinite(v)) throw new RangeError(`Matrix.set: the value must be finite (got ${v})`);
    this.#data[index] = v;
  }

  /** The entries as an array of rows (plain numbers, JSON-safe). */
  toArray(): number[][] {
    this.requireIntact('Matrix.toArray');
    const out: number[][] = [];
    const [r, c, data] = [this.#rows, this.#cols, this.#data];
    for (let i = 0; i < r; i++) out.push(Array.from(data.subarray(i * c, (i + 1) * c)));
    return out;
  }

  /** An independent copy. */
  clone(): Matrix {
    this.requireIntact('Matrix.clone');
    return new Matrix(this.#rows, this.#cols, new Float64Array(this.#data));
  }

  /** "rows×cols", as error messages print shapes. */
  get shape(): string {
    return `${this.#rows}×${this.#cols}`;
  }

  private index(i: number, j: number): number {
    const [r, c] = [this.#rows, this.#cols];
    if (typeof i !== 'number' || typeof j !== 'number') throw new TypeError(`Matrix: an index must be a number (got (${describe(i)}, ${describe(j)}))`);
    if (!Number.isInteger(i) || i < 0 || i >= r || !Number.isInteger(j) || j < 0 || j >= c) {
      throw new RangeError(`Matrix: index (${describe(i)}, ${describe(j)}) is outside a ${r}×${c} matrix`);
    }
    this.requireIntact('Matrix');
    return i * c + j;
  }

  /** Throws when the data no longer holds rows × cols entries (a resizable buffer that shrank). */
  private requireIntact(fn: string): void {
    const length = typedLength(this.#data);
    if (length !== this.#rows * this.#cols) {
      throw new RangeError(`${fn}: this ${this.shape} matrix's data now holds ${length} entries (its buffer was resized)`);
    }
  }
}

/**
 * The matrix an entry point should work on: `value` checked to be a genuine Matrix whose data
 * still holds rows × cols entries (by the engine's count: a view of a resizable buffer can
 * shrink), returned as a plain Matrix over the same data, so that getters a subclass overrides
 * or properties defined on the instance cannot tell the package a different shape.
 */
export function trustedMatrix(fn: string, name: string, value: unknown): Matrix {
  const fields = fieldsOf(value);
  if (!fields) throw new TypeError(`${fn}: ${name} must be a Matrix (got ${describe(value)})`);
  const { rows, cols, data } = fields;
  const length = typedLength(data);
  if (length !== rows * cols) {
    throw new RangeError(`${fn}: ${name} is ${rows}×${cols} but its data now holds ${length} entries (its buffer was resized)`);
  }
  return Object.getPrototypeOf(value) === Matrix.prototype && Reflect.ownKeys(value as object).length === 0 ? (value as Matrix) : new Matrix(rows, cols, data);
}

function checkDimension(name: string, value: number): void {
  if (typeof value !== 'number') throw new TypeError(`Matrix: ${name} must be a number (got ${describe(value)})`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Matrix: ${name} must be a non-negative integer (got ${String(value)})`);
  }
}

function lengthOfRow(row: unknown, i: number): number {
  if (row === null || typeof row !== 'object' || typeof (row as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`Matrix.from: row ${i} is not an array (got ${describe(row)})`);
  }
  const length = (row as ArrayLike<number>).length;
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`Matrix.from: row ${i} has an invalid length ${String(length)}`);
  return length;
}
