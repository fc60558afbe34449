// The dense matrix type of the public API: float64, row-major, no hidden strides.

/**
 * A dense rows × cols float64 matrix stored row-major: entry (i, j) is data[i * cols + j].
 *
 * @example
 *   const a = Matrix.from([[1, 2], [3, 4]]);
 *   a.get(1, 0);      // 3
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** Wraps `data` (not copied) as a rows × cols matrix; allocates zeros when `data` is omitted. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkDimension('rows', rows);
    checkDimension('cols', cols);
    if (data === undefined) {
      data = new Float64Array(rows * cols);
    } else if (!(data instanceof Float64Array)) {
      throw new TypeError(`Matrix: data must be a Float64Array (got ${describe(data)})`);
    } else if (data.length !== rows * cols) {
      throw new RangeError(`Matrix: data has ${data.length} entries but a ${rows}×${cols} matrix needs ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A matrix copied from an array of rows, all of the same length. */
  static from(rows: ArrayLike<ArrayLike<number>>): Matrix {
    if (rows === null || typeof rows !== 'object' || typeof rows.length !== 'number') {
      throw new TypeError(`Matrix.from: expected an array of rows (got ${describe(rows)})`);
    }
    const r = rows.length;
    const c = r > 0 ? lengthOfRow(rows[0], 0) : 0;
    const m = new Matrix(r, c);
    for (let i = 0; i < r; i++) {
      const row = rows[i];
      const length = lengthOfRow(row, i);
      if (length !== c) throw new RangeError(`Matrix.from: row ${i} has ${length} entries but row 0 has ${c}`);
      for (let j = 0; j < c; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new TypeError(`Matrix.from: entry (${i}, ${j}) is not a number (got ${describe(v)})`);
        m.data[i * c + j] = v;
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
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /** Entry (i, j). */
  get(i: number, j: number): number {
    return this.data[this.index(i, j)];
  }

  /** Sets entry (i, j) to v. */
  set(i: number, j: number, v: number): void {
    this.data[this.index(i, j)] = v;
  }

  /** The entries as an array of rows (plain numbers, JSON-safe). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** An independent copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** "rows×cols", as error messages print shapes. */
  get shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  private index(i: number, j: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows || !Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new RangeError(`Matrix: index (${i}, ${j}) is outside a ${this.shape} matrix`);
    }
    return i * this.cols + j;
  }
}

function checkDimension(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Matrix: ${name} must be a non-negative integer (got ${String(value)})`);
  }
}

function lengthOfRow(row: unknown, i: number): number {
  if (row === null || typeof row !== 'object' || typeof (row as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`Matrix.from: row ${i} is not an array (got ${describe(row)})`);
  }
  return (row as ArrayLike<number>).length;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  if (typeof value === 'string') return `the string '${value}'`;
  return String(value);
}
