// NumPy's .npy file format for float64 vectors and matrices, read and written without NumPy.
// The format is specified in NumPy's numpy.lib.format module documentation (originally NEP 1,
// "A Simple File Format for NumPy Arrays"):
//
//   "\x93NUMPY"  major  minor  HEADER_LEN  header                               data
//    6 bytes     1 byte 1 byte  uint16 LE (1.0)   Python dict literal, latin-1 (1.0, 2.0) or
//                               uint32 LE (2.0, 3.0)   UTF-8 (3.0), padded with spaces, ending '\n'
//
// The header reads {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } and the data
// follows it immediately, here 12 little-endian float64 values in row-major (C) order.

import { Matrix } from '../linalg/matrix';
import { requireMatrix } from '../linalg/validate';
import { isFloat64Array, typedLength } from '../runtime/intrinsics';
import { PythonLiteralError, parsePythonDict, pythonRepr, type PythonLiteral } from './python-literal';
import { describe } from '../args';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** NumPy's ARRAY_ALIGN: the data starts at a multiple of 64 bytes so a file can be memory-mapped. */
const ALIGNMENT = 64;

/**
 * NumPy's GROWTH_AXIS_MAX_DIGITS: its writer leaves 21 − (digits of the first dimension) spaces
 * after the dict so that the first dimension can grow in place when rows are appended.
 */
const GROWTH_AXIS_DIGITS = 21;

const HEADER_KEYS = ['descr', 'fortran_order', 'shape'];

/** True on every engine this package targets; the big-endian branches keep the code portable. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The bytes of a NumPy .npy file holding `x`: shape (rows, cols) for a Matrix, (n,) for a
 * Float64Array; dtype '<f8' (little-endian float64), fortran_order False (row-major data).
 *
 * The output is byte for byte what NumPy's `np.save` writes for the same array: format version
 * 1.0 (the header of a float64 array of at most two dimensions is under 128 bytes, far below the
 * 65 535 that version 1.0 can describe, so versions 2.0 and 3.0 are never needed), the header
 * padded with spaces and a final '\n' so that the data starts at a multiple of 64 bytes, then
 * the values in little-endian byte order whatever the host's. Every value is copied bit for bit:
 * −0, subnormals, ±Infinity and NaN payloads survive, so `fromNpy(toNpy(x))` equals `x` exactly.
 *
 * Cost: one pass over the data, and one new buffer of 128 + 8·n bytes (the header, padded, is
 * 118 bytes after the 10-byte preamble for every shape of one or two dimensions).
 *
 * @throws TypeError when `x` is neither a Matrix nor a Float64Array.
 * @throws RangeError when a Matrix's data does not have rows·cols entries.
 * @example
 *   const bytes = toNpy(Matrix.from([[1, 2], [3, 4]]));
 *   // Node: writeFileSync('a.npy', bytes);  then in Python: np.load('a.npy')
 */
export function toNpy(x: Matrix | Float64Array): Uint8Array {
  const { shape, data } = arrayToWrite(x);
  const header = paddedHeader(shape);
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC);
  out[6] = 1; // format version 1.0
  out[7] = 0;
  out[8] = header.length & 0xff; // HEADER_LEN, uint16 little-endian
  out[9] = header.length >>> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = out.subarray(10 + header.length);
  body.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (!HOST_IS_LITTLE_ENDIAN) reverseEachFloat64(body);
  return out;
}

/**
 * The array stored in the bytes of a NumPy .npy file: a Float64Array for a 1-D array, a Matrix
 * (row-major) for a 2-D one.
 *
 * Reads format versions 1.0, 2.0 and 3.0 (3.0 is 2.0 with a UTF-8 header). The header, a Python
 * dict literal, is parsed strictly and never evaluated: exactly the keys 'descr', 'fortran_order'
 * and 'shape', each once. The dtype must be '<f8', little-endian float64, which is what NumPy
 * writes for float64 arrays on every common machine. Fortran-ordered (column-major) matrices, as
 * `np.save(f, np.asfortranarray(a))` writes them, are transposed into row-major order. A 0-d
 * array (`np.save(f, np.float64(x))`, shape ()) becomes a Float64Array of length 1, which
 * `toNpy` writes back with shape (1,). Values are copied bit for bit (−0, NaN payloads), into new
 * memory: the result does not share `bytes`' buffer.
 *
 * Cost: one pass over the data (two for a Fortran-ordered matrix), and the result's 8·n bytes.
 *
 * @throws TypeError when `bytes` is not a Uint8Array (a Node Buffer is one; wrap an ArrayBuffer
 *   with `new Uint8Array(buffer)`).
 * @throws RangeError naming the problem when the bytes are not a readable float64 .npy file: no
 *   "\x93NUMPY" magic string; a format version other than 1.0, 2.0 or 3.0; a header or data
 *   shorter than declared, or bytes after the data; a header that is not a dict literal with
 *   exactly the three keys; any dtype but '<f8' (the message names the dtype found, e.g. '>f8'
 *   big-endian float64, '<i8' int64, a structured dtype); a shape that is not a tuple of
 *   non-negative integers, has more than 2 dimensions, or does not match the length of the data.
 * @example
 *   const a = fromNpy(new Uint8Array(await (await fetch('weights.npy')).arrayBuffer()));
 *   if (a instanceof Matrix) console.log(a.rows, a.cols);
 */
export function fromNpy(bytes: Uint8Array): Matrix | Float64Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`fromNpy: expected the file's bytes as a Uint8Array (got ${describe(bytes)}); wrap an ArrayBuffer with new Uint8Array(buffer)`);
  }
  const { shape, fortranOrder, dataStart } = readHeader(bytes);
  const available = bytes.length - dataStart;
  const count = shape.reduce((a, b) => a * BigInt(b), 1n); // exact, however large the dimensions
  if (BigInt(available) !== 8n * count) throw new RangeError(`fromNpy: ${dataLengthProblem(shape, count, available)}`);
  const values = new Float64Array(Number(count));
  const target = new Uint8Array(values.buffer);
  target.set(bytes.subarray(dataStart));
  if (!HOST_IS_LITTLE_ENDIAN) reverseEachFloat64(target);
  if (shape.length < 2) return values;
  const [rows, cols] = shape;
  return new Matrix(rows, cols, fortranOrder ? transposed(values, cols, rows) : values);
}

function arrayToWrite(x: unknown): { shape: number[]; data: Float64Array } {
  // The engine's length and a copy: a subclass cannot misreport either.
  if (isFloat64Array(x)) return { shape: [typedLength(x)], data: new Float64Array(x) };
  if (Matrix.isMatrix(x)) {
    const m = requireMatrix('toNpy', 'x', x);
    return { shape: [m.rows, m.cols], data: m.data };
  }
  throw new TypeError(`toNpy: expected a Matrix or a Float64Array (got ${describe(x)}); convert plain arrays with Matrix.from(rows) or new Float64Array(values)`);
}

/** The header exactly as NumPy writes it: dict, growth spaces, padding to 64 bytes, '\n'. */
function paddedHeader(shape: number[]): string {
  const dims = shape.map(String);
  const shapeRepr = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  // For one or two dimensions these spaces never move the data past byte 128, but they are part
  // of NumPy's layout, so they are written as NumPy writes them.
  const growth = ' '.repeat(Math.max(0, GROWTH_AXIS_DIGITS - dims[0].length));
  const unpadded = dict.length + growth.length + 1; // + the final '\n'
  // As NumPy computes it: a header that would end exactly on the boundary still gets 64 spaces.
  const padding = ALIGNMENT - ((10 + unpadded) % ALIGNMENT);
  return dict + growth + ' '.repeat(padding) + '\n';
}

interface NpyHeader {
  shape: number[];
  fortranOrder: boolean;
  dataStart: number;
}

/** Checks the magic string and version, then decodes, parses and checks the header dict. */
function readHeader(bytes: Uint8Array): NpyHeader {
  const prefix = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < prefix; i++) {
    if (bytes[i] === MAGIC[i]) continue;
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": np.savez writes zip archives
    throw new RangeError(`fromNpy: not an NPY file: the bytes do not start with the magic string "\\x93NUMPY"${zip ? '; they look like a zip archive (.npz): unzip it and read its .npy members one by one' : ''}`);
  }
  if (bytes.length < 8) throw new RangeError(`fromNpy: truncated NPY file: ${bytes.length} bytes end before the format version`);
  const major = bytes[6], minor = bytes[7];
  if (minor !== 0 || major < 1 || major > 3) {
    throw new RangeError(`fromNpy: unsupported NPY format version ${major}.${minor} (this reader knows 1.0, 2.0 and 3.0)`);
  }
  const headerStart = major === 1 ? 10 : 12; // HEADER_LEN is a uint16 in 1.0, a uint32 after
  if (bytes.length < headerStart) throw new RangeError(`fromNpy: truncated NPY file: ${bytes.length} bytes end inside the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) {
    throw new RangeError(`fromNpy: truncated NPY file: the header declares ${headerLength} bytes but only ${bytes.length - headerStart} follow`);
  }
  const text = decodeHeader(bytes.subarray(headerStart, dataStart), major);
  const entries = parseHeaderDict(text, major);
  checkDescr(entries.get('descr')!);
  return { fortranOrder: readFortranOrder(entries.get('fortran_order')!), shape: readShape(entries.get('shape')!), dataStart };
}

function decodeHeader(raw: Uint8Array, major: number): string {
  if (major === 3) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
    } catch {
      throw new RangeError('fromNpy: the header of a version 3.0 file is not valid UTF-8');
    }
  }
  let text = ''; // latin-1: one character per byte
  for (let i = 0; i < raw.length; i++) text += String.fromCharCode(raw[i]);
  return text;
}

function parseHeaderDict(text: string, major: number): Map<string, PythonLiteral> {
  let entries: Map<string, PythonLiteral>;
  try {
    // NumPy reads Python 2's 3L in versions 1.0 and 2.0, which Python 2 era files may contain.
    entries = parsePythonDict(text, { longSuffix: major < 3 });
  } catch (error) {
    if (!(error instanceof PythonLiteralError)) throw error;
    throw new RangeError(`fromNpy: malformed header: ${error.message} of ${quoteHeader(text)}`);
  }
  for (const key of entries.keys()) {
    if (!HEADER_KEYS.includes(key)) {
      throw new RangeError(`fromNpy: malformed header: unknown key '${key}' (the keys are 'descr', 'fortran_order' and 'shape') in ${quoteHeader(text)}`);
    }
  }
  for (const key of HEADER_KEYS) {
    if (!entries.has(key)) throw new RangeError(`fromNpy: malformed header: the key '${key}' is missing from ${quoteHeader(text)}`);
  }
  return entries;
}

/** The header for messages: without its padding, and cut short if it is long. */
function quoteHeader(text: string): string {
  const trimmed = text.trimEnd();
  return JSON.stringify(trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed);
}

const DTYPE_KINDS: Record<string, string> = {
  f: 'float', i: 'int', u: 'uint', c: 'complex', b: 'bool', U: 'unicode string', S: 'byte string',
  a: 'byte string', O: 'Python object', M: 'datetime64', m: 'timedelta64', V: 'void',
};

function checkDescr(descr: PythonLiteral): void {
  if (descr.kind === 'str' && descr.value === '<f8') return;
  const fix = "only little-endian float64 ('<f8') is supported; convert in NumPy with a.astype('<f8')";
  if (descr.kind !== 'str') {
    const what = descr.kind === 'list' ? 'a structured dtype' : 'not a dtype string';
    throw new RangeError(`fromNpy: the array's descr is ${pythonRepr(descr)}, ${what}; ${fix}`);
  }
  throw new RangeError(`fromNpy: the array's dtype is '${descr.value}'${describeDtype(descr.value)}; ${fix}`);
}

/** " (big-endian float64)" for '>f8': byte order, kind and bits, when the string says them. */
function describeDtype(descr: string): string {
  const match = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  const kind = match ? DTYPE_KINDS[match[2]] : undefined;
  if (!match || kind === undefined) return '';
  const [, order, letter, size] = match;
  const numeric = 'fciu'.includes(letter);
  const name = numeric ? `${kind}${8 * Number(size)}` : kind;
  const endian = numeric && Number(size) > 1 ? ({ '<': 'little-endian ', '>': 'big-endian ' }[order] ?? '') : '';
  return ` (${endian}${name})`;
}

function readFortranOrder(value: PythonLiteral): boolean {
  if (value.kind !== 'bool') throw new RangeError(`fromNpy: malformed header: fortran_order is ${pythonRepr(value)}, not True or False`);
  return value.value;
}

/** The shape as safe integers, after checking it is a tuple of at most two non-negative ones. */
function readShape(shape: PythonLiteral): number[] {
  if (shape.kind !== 'tuple') throw new RangeError(`fromNpy: malformed header: shape is ${pythonRepr(shape)}, not a tuple`);
  const repr = pythonRepr(shape);
  if (shape.items.length > 2) {
    throw new RangeError(`fromNpy: the array has ${shape.items.length} dimensions (shape ${repr}); only 0-, 1- and 2-dimensional arrays are supported`);
  }
  return shape.items.map((dim) => {
    if (dim.kind !== 'int') throw new RangeError(`fromNpy: malformed header: the shape ${repr} has an entry ${pythonRepr(dim)} that is not an integer`);
    if (dim.value < 0n) throw new RangeError(`fromNpy: malformed header: the shape ${repr} has a negative dimension`);
    if (dim.value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`fromNpy: the shape ${repr} has a dimension larger than 2^53 − 1, more than any array in memory can hold`);
    }
    return Number(dim.value);
  });
}

/** Why `available` data bytes do not hold the `count` values that `shape` declares. */
function dataLengthProblem(shape: number[], count: bigint, available: number): string {
  const needed = 8n * count;
  const repr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const declared = `the shape ${repr} declares ${count} float64 values (${needed} bytes)`;
  if (BigInt(available) < needed) return `truncated NPY file: ${declared} but only ${available} bytes follow the header`;
  return `${BigInt(available) - needed} unexpected bytes after the data: ${declared} but ${available} bytes follow the header`;
}

/** The row-major copy of a column-major rows × cols matrix stored in `columnMajor`. */
function transposed(columnMajor: Float64Array, cols: number, rows: number): Float64Array {
  // Moved as pairs of 32-bit words, not as numbers, so NaN payloads stay exactly as stored.
  const out = new Float64Array(columnMajor.length);
  const src = new Uint32Array(columnMajor.buffer), dst = new Uint32Array(out.buffer);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) {
      const from = 2 * (j * rows + i), to = 2 * (i * cols + j);
      dst[to] = src[from];
      dst[to + 1] = src[from + 1];
    }
  }
  return out;
}

/**
 * Reverses the byte order of each 8-byte group in place: little-endian float64 ⇄ big-endian.
 * Only big-endian hosts need it; exported so that the tests can check it on any host.
 */
export function reverseEachFloat64(bytes: Uint8Array): void {
  for (let k = 0; k + 8 <= bytes.length; k += 8) {
    for (let a = k, b = k + 7; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
