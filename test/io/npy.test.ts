// toNpy and fromNpy against files NumPy wrote (test/fixtures/npy.json, from
// test/fixtures/generate_npy.py), bit for bit, and every way fromNpy refuses a file. Runs in Node
// and in Chromium: the fixture is JSON with base64 bytes, decoded with atob.

import { describe, expect, it } from 'vitest';
import { Matrix, fromNpy, toNpy } from '../../src/index';
import { reverseEachFloat64 } from '../../src/io/npy';
import fixture from '../fixtures/npy.json';

interface AcceptedCase { name: string; base64: string; shape: number[]; bits: string[]; writtenBySave: boolean }
interface RefusedCase { name: string; base64: string; error: string }

const accepted = fixture.cases.filter((c): c is typeof c & AcceptedCase => 'bits' in c);
const refused = fixture.cases.filter((c): c is typeof c & RefusedCase => 'error' in c);

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A Float64Array with exactly these bit patterns (16 hex digits each), NaN payloads included. */
function fromBits(bits: string[]): Float64Array {
  const words = BigUint64Array.from(bits, (b) => BigInt(`0x${b}`));
  return new Float64Array(words.buffer);
}

function bitsOf(values: Float64Array): string[] {
  return Array.from(new BigUint64Array(values.buffer, values.byteOffset, values.length), (w) => w.toString(16).padStart(16, '0'));
}

/** The array a case describes, as toNpy takes it: a Matrix for 2-D shapes, else a Float64Array. */
function arrayOf(c: AcceptedCase): Matrix | Float64Array {
  const values = fromBits(c.bits);
  return c.shape.length === 2 ? new Matrix(c.shape[0], c.shape[1], values) : values;
}

function shapeOf(a: Matrix | Float64Array): number[] {
  return a instanceof Matrix ? [a.rows, a.cols] : [a.length];
}

function valuesOf(a: Matrix | Float64Array): Float64Array {
  return a instanceof Matrix ? a.data : a;
}

/** Index of the first byte where a and b differ, or -1 when they are equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** An .npy file with this header text (padded as given) and data, in the given format version. */
function npyFile(header: string | Uint8Array, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const head = typeof header === 'string' ? latin1(header) : header;
  const lengthSize = major === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lengthSize + head.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, head.length, true);
  else view.setUint32(8, head.length, true);
  out.set(head, 8 + lengthSize);
  out.set(data, 8 + lengthSize + head.length);
  return out;
}

/** Little-endian bytes of float64 values. */
function le(...values: number[]): Uint8Array {
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat64(8 * i, v, true));
  return out;
}

const dict = (shape: string, descr = "'<f8'", order = 'False') => `{'descr': ${descr}, 'fortran_order': ${order}, 'shape': ${shape}, }\n`;

function expectError(f: () => unknown, kind: typeof TypeError | typeof RangeError, ...fragments: (string | RegExp)[]): void {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a throw').toBeInstanceOf(kind);
  // The class itself, not a subclass of it, and no other built-in error class.
  expect((caught as Error).constructor).toBe(kind);
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect((caught as Error).message).toContain(fragment);
    else expect((caught as Error).message).toMatch(fragment);
  }
}

describe('fromNpy reads what NumPy wrote', () => {
  it('has the cases it should', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(19);
    expect(refused.length).toBeGreaterThanOrEqual(9);
  });

  for (const c of accepted) {
    it(`${c.name}: shape and every bit as NumPy has them`, () => {
      const a = fromNpy(decodeBase64(c.base64));
      const shape = c.shape.length === 0 ? [1] : c.shape; // 0-d comes back as a length-1 vector
      expect(a).toBeInstanceOf(shape.length === 2 ? Matrix : Float64Array);
      expect(shapeOf(a)).toEqual(shape);
      expect(bitsOf(valuesOf(a))).toEqual(c.bits);
    });
  }

  it('keeps -0, subnormals, infinities and NaN payloads', () => {
    const a = fromNpy(decodeBase64(accepted.find((c) => c.name === 'special-values')!.base64)) as Float64Array;
    expect(Object.is(a[0], -0)).toBe(true);
    expect(a[2]).toBe(5e-324);
    expect(a[7]).toBe(Infinity);
    expect(a[8]).toBe(-Infinity);
    expect(bitsOf(a.subarray(10, 13))).toEqual(['7ff8000000000123', 'fff80000deadbeef', '7ff0000000000001']);
  });

  it('copies: the result owns new memory and the input bytes are unchanged', () => {
    const bytes = decodeBase64(accepted.find((c) => c.name === 'matrix-3x4')!.base64);
    const before = bytes.slice();
    const m = fromNpy(bytes) as Matrix;
    m.data.fill(7);
    expect(m.data.buffer).not.toBe(bytes.buffer);
    expect(firstDifference(bytes, before)).toBe(-1);
  });

  it('reads a file inside a larger buffer, at an offset that is not a multiple of 8', () => {
    const file = toNpy(Matrix.from([[1, 2, 3], [4, 5, 6]]));
    const big = new Uint8Array(file.length + 5);
    big.set(file, 3);
    const m = fromNpy(big.subarray(3, 3 + file.length)) as Matrix;
    expect(m.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
});

describe('toNpy writes what NumPy writes', () => {
  const bySave = accepted.filter((c) => c.writtenBySave);

  it('has C-ordered cases to compare', () => expect(bySave.length).toBeGreaterThanOrEqual(14));

  for (const c of bySave) {
    it(`${c.name}: byte for byte np.save's file`, () => {
      const numpy = decodeBase64(c.base64);
      const ours = toNpy(arrayOf(c));
      expect(ours).toBeInstanceOf(Uint8Array);
      expect(ours.length).toBe(numpy.length);
      expect(firstDifference(ours, numpy)).toBe(-1);
    });
  }

  it('starts the data at byte 128 (a multiple of 64) after a version 1.0 header ending in a newline, for every digit count', () => {
    const shapes: [number, number][] = [];
    for (let digits = 1; digits <= 16; digits++) {
      const n = Math.min(Number.MAX_SAFE_INTEGER, 10 ** digits - 1);
      shapes.push([0, n], [n, 0]);
    }
    const arrays: (Matrix | Float64Array)[] = [...shapes.map(([r, c]) => new Matrix(r, c)), new Float64Array(0), new Float64Array(9)];
    for (const a of arrays) {
      const bytes = toNpy(a);
      const headerLength = bytes[8] | (bytes[9] << 8);
      const dataStart = 10 + headerLength;
      expect([bytes[6], bytes[7]]).toEqual([1, 0]);
      expect(dataStart).toBe(128);
      expect(bytes[dataStart - 1]).toBe(0x0a);
      expect(bytes.length - dataStart).toBe(8 * valuesOf(a).length);
      expect(shapeOf(fromNpy(bytes))).toEqual(shapeOf(a));
    }
  });

  it('writes little-endian data, and leaves its input unchanged', () => {
    const v = new Float64Array([1, -2.5]);
    const bytes = toNpy(v);
    expect(Array.from(bytes.subarray(bytes.length - 16))).toEqual(Array.from(le(1, -2.5)));
    expect(Array.from(v)).toEqual([1, -2.5]);
  });
});

describe('round trips', () => {
  it('toNpy then fromNpy returns every fixture array bit for bit', () => {
    for (const c of accepted) {
      const a = arrayOf(c);
      const back = fromNpy(toNpy(a));
      expect(shapeOf(back), c.name).toEqual(shapeOf(a));
      expect(back.constructor, c.name).toBe(a.constructor);
      expect(bitsOf(valuesOf(back)), c.name).toEqual(bitsOf(valuesOf(a)));
    }
  });

  it('every shape from 0×0 to 9×9 and every length to 70, with arbitrary bit patterns', () => {
    let seed = 12345;
    const word = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
    const randomBits = (n: number) => {
      const u = new Uint32Array(2 * n);
      for (let i = 0; i < u.length; i++) u[i] = word();
      return new Float64Array(u.buffer); // includes NaNs with random payloads
    };
    for (let r = 0; r <= 9; r++) {
      for (let c = 0; c <= 9; c++) {
        const m = new Matrix(r, c, randomBits(r * c));
        const back = fromNpy(toNpy(m)) as Matrix;
        expect([back.rows, back.cols]).toEqual([r, c]);
        expect(bitsOf(back.data)).toEqual(bitsOf(m.data));
      }
    }
    for (let n = 0; n <= 70; n++) {
      const v = randomBits(n);
      expect(bitsOf(fromNpy(toNpy(v)) as Float64Array)).toEqual(bitsOf(v));
    }
  });

  it('writes only the viewed part of a Float64Array or Matrix that views a larger buffer', () => {
    const backing = new Float64Array([9, 1, 2, 3, 4, 5, 6, 9]);
    const v = backing.subarray(1, 7);
    expect(Array.from(fromNpy(toNpy(v)) as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((fromNpy(toNpy(new Matrix(2, 3, v))) as Matrix).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('transposes a Fortran-ordered file into the row-major matrix NumPy means', () => {
    const file = npyFile(dict('(2, 3)', "'<f8'", 'True'), le(1, 4, 2, 5, 3, 6));
    expect((fromNpy(file) as Matrix).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const vector = npyFile(dict('(3,)', "'<f8'", 'True'), le(1, 2, 3));
    expect(Array.from(fromNpy(vector) as Float64Array)).toEqual([1, 2, 3]);
  });
});

describe('fromNpy accepts what NumPy accepts', () => {
  it('keys in any order, double quotes, no trailing comma, no spaces, no padding', () => {
    const data = le(1, 2, 3, 4, 5, 6);
    for (const header of [
      "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}\n",
      '{"descr": "<f8", "fortran_order": False, "shape": (2,3)}',
      "{'descr':'<f8','fortran_order':False,'shape':(2,3,),}     \n",
      "{ 'descr' : '<f8' ,\n 'fortran_order' : False ,\t'shape' : ( 2 , 3 ) }\n",
    ]) {
      expect((fromNpy(npyFile(header, data)) as Matrix).toArray(), header).toEqual([[1, 2, 3], [4, 5, 6]]);
    }
  });

  it("Python 2's long integers (3L) in versions 1.0 and 2.0, as NumPy reads them", () => {
    expect(shapeOf(fromNpy(npyFile(dict('(2L, 1L)'), le(1, 2))))).toEqual([2, 1]);
    expect(shapeOf(fromNpy(npyFile(dict('(2L,)'), le(1, 2), 2)))).toEqual([2]);
    expectError(() => fromNpy(npyFile(dict('(2L,)'), le(1, 2), 3)), RangeError, "the shape (2L,) has an entry 2L that is not an integer");
  });

  it('a version 3.0 header is decoded as UTF-8', () => {
    const header = new TextEncoder().encode("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n");
    expect(Array.from(fromNpy(npyFile(header, le(7), 3)) as Float64Array)).toEqual([7]);
    // Non-ASCII text can only stand in field names, which are refused, but named correctly.
    const named = new TextEncoder().encode(dict('(1,)', "[('σ²', '<f8')]"));
    expectError(() => fromNpy(npyFile(named, le(7), 3)), RangeError, "descr is [('σ²', '<f8')], a structured dtype");
    // The same bytes in a 1.0 header are latin-1, as NumPy reads them.
    expectError(() => fromNpy(npyFile(named, le(7), 1)), RangeError, "descr is [('\u00cf\u0083\u00c2\u00b2', '<f8')]");
  });

  it('a 0-d array is a Float64Array of length 1', () => {
    const a = fromNpy(npyFile(dict('()'), le(-0)));
    expect(a).toBeInstanceOf(Float64Array);
    expect(Object.is((a as Float64Array)[0], -0)).toBe(true);
  });
});

describe('fromNpy refuses', () => {
  for (const c of refused) {
    it(`${c.name}: NumPy's file, with a message naming ${c.error}`, () => {
      const bytes = decodeBase64(c.base64);
      const before = bytes.slice();
      expectError(() => fromNpy(bytes), RangeError, c.error);
      expect(firstDifference(bytes, before)).toBe(-1);
    });
  }

  it('dtype messages say what is supported and how to convert', () => {
    const big = refused.find((c) => c.name === 'big-endian')!;
    expectError(() => fromNpy(decodeBase64(big.base64)), RangeError,
      "fromNpy: the array's dtype is '>f8' (big-endian float64); only little-endian float64 ('<f8') is supported; convert in NumPy with a.astype('<f8')");
    expectError(() => fromNpy(npyFile(dict('(1,)', "'=f8'"), le(1))), RangeError, "dtype is '=f8' (float64)");
    expectError(() => fromNpy(npyFile(dict('(1,)', "'|f8'"), le(1))), RangeError, "dtype is '|f8' (float64)");
    expectError(() => fromNpy(npyFile(dict('(1,)', "'float64'"), le(1))), RangeError, "dtype is 'float64';");
    expectError(() => fromNpy(npyFile(dict('(1,)', "'<d'"), le(1))), RangeError, "dtype is '<d';");
    expectError(() => fromNpy(npyFile(dict('(1,)', '8'), le(1))), RangeError, "descr is 8, not a dtype string");
    expectError(() => fromNpy(npyFile(dict('(1,)', "[('a', '<f8')]"), le(1))), RangeError, "descr is [('a', '<f8')], a structured dtype");
  });

  it('anything but a Uint8Array, with a TypeError', () => {
    const file = toNpy(new Float64Array([1]));
    for (const [value, name] of [
      [file.buffer, 'ArrayBuffer'], [Array.from(file), 'an array'], [new Uint8ClampedArray(file), 'Uint8ClampedArray'],
      [new Int8Array(file.buffer), 'Int8Array'], [new DataView(file.buffer), 'DataView'], [null, 'null'],
      [undefined, 'undefined'], ['a.npy', "the string 'a.npy'"],
    ] as [unknown, string][]) {
      expectError(() => fromNpy(value as Uint8Array), TypeError, `fromNpy: expected the file's bytes as a Uint8Array (got ${name})`, 'new Uint8Array(buffer)');
    }
  });

  it('bytes without the magic string', () => {
    const file = toNpy(new Float64Array([1]));
    file[1] = 0x4f;
    expectError(() => fromNpy(file), RangeError, 'not an NPY file: the bytes do not start with the magic string "\\x93NUMPY"');
    expectError(() => fromNpy(latin1('{"a": 1}')), RangeError, 'not an NPY file');
    expectError(() => fromNpy(latin1('PK\x03\x04\x14\x00')), RangeError, 'not an NPY file', 'zip archive (.npz)');
  });

  it('unsupported format versions', () => {
    for (const [major, minor] of [[0, 0], [1, 1], [2, 1], [4, 0], [255, 0]]) {
      const file = toNpy(new Float64Array([1]));
      file[6] = major;
      file[7] = minor;
      expectError(() => fromNpy(file), RangeError, `unsupported NPY format version ${major}.${minor} (this reader knows 1.0, 2.0 and 3.0)`);
    }
  });

  it('files cut short anywhere, and bytes after the data', () => {
    const file = toNpy(Matrix.from([[1, 2], [3, 4]])); // 128 header bytes, 32 data bytes
    expectError(() => fromNpy(new Uint8Array(0)), RangeError, 'truncated NPY file: 0 bytes end before the format version');
    expectError(() => fromNpy(file.subarray(0, 4)), RangeError, 'truncated NPY file: 4 bytes end before the format version');
    expectError(() => fromNpy(file.subarray(0, 9)), RangeError, 'truncated NPY file: 9 bytes end inside the header length');
    expectError(() => fromNpy(npyFile(dict('(1,)'), le(1), 2).subarray(0, 11)), RangeError, '11 bytes end inside the header length');
    expectError(() => fromNpy(file.subarray(0, 100)), RangeError, 'truncated NPY file: the header declares 118 bytes but only 90 follow');
    expectError(() => fromNpy(file.subarray(0, 159)), RangeError,
      'truncated NPY file: the shape (2, 2) declares 4 float64 values (32 bytes) but only 31 bytes follow the header');
    expectError(() => fromNpy(file.subarray(0, 128)), RangeError, 'but only 0 bytes follow the header');
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    expectError(() => fromNpy(longer), RangeError, 'fromNpy: 3 unexpected bytes after the data: the shape (2, 2) declares 4 float64 values (32 bytes) but 35 bytes follow the header');
    expectError(() => fromNpy(npyFile(dict('(0,)'), le(0))), RangeError, '8 unexpected bytes after the data: the shape (0,) declares 0 float64 values');
    expectError(() => fromNpy(npyFile(dict('()'))), RangeError, 'the shape () declares 1 float64 values (8 bytes) but only 0 bytes');
  });

  it('a version 2.0 header length beyond the end of the file', () => {
    const file = npyFile(dict('(1,)'), le(1), 2);
    new DataView(file.buffer).setUint32(8, 0xffffffff, true);
    expectError(() => fromNpy(file), RangeError, 'truncated NPY file: the header declares 4294967295 bytes but only');
  });

  it('a version 3.0 header that is not UTF-8', () => {
    const header = latin1(dict('(1,)'));
    header[header.length - 2] = 0xff;
    expectError(() => fromNpy(npyFile(header, le(1), 3)), RangeError, 'the header of a version 3.0 file is not valid UTF-8');
  });

  it('headers that are not a dict literal of the supported kind, without evaluating anything', () => {
    const cases: [string, string][] = [
      ['', "expected '{' but the header ends at character 0"],
      ["{'descr': ", 'unexpected end of the header'],
      ['\n', "expected '{' but the header ends at character 1"],
      ["['descr', '<f8']\n", "expected '{' at character 0"],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,)\n", "expected ',' or '}' but the header ends at character 55"],
      ["{'descr': '<f8' 'fortran_order': False, 'shape': (1,)}", "expected ',' or '}' at character 16"],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (1 2)}", "expected ',' or ')' at character 53"],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}}", 'unexpected text after the closing }'],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} # comment\n", 'unexpected text after the closing }'],
      ["{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}", "expected ',' or '}' at character 17"],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 'a\n'}", 'unterminated string'],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 'abc", 'unterminated string'],
      ["{'descr': '\\x3cf8', 'fortran_order': False, 'shape': (1,)}", 'escape sequences in strings are not supported'],
      ["{'descr': '<f8', 'fortran_order': __import__('os').system('x'), 'shape': (1,)}", "unexpected name '__import__'"],
      ["{'descr': '<f8', 'fortran_order': false, 'shape': (1,)}", "unexpected name 'false'"],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': {1: 2}}", 'unexpected character "{"'],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (-,)}", 'unexpected character "-"'],
      [`{'descr': '<f8', 'fortran_order': False, 'shape': ${'('.repeat(40)}1,${')'.repeat(40)}}`, 'nesting deeper than 32 levels'],
      ["{'descr': '<f8', 3: False, 'shape': (1,)}", 'a key must be a string, not 3 at character 17'],
      ["{'descr': '<f8', 'fortran_order': False, 'descr': '<f8', 'shape': (1,)}", "the key 'descr' appears twice at character 41"],
    ];
    for (const [header, problem] of cases) {
      expectError(() => fromNpy(npyFile(header, le(1))), RangeError, 'fromNpy: malformed header: ', problem);
    }
    // The message quotes the header so the reader can see it.
    expectError(() => fromNpy(npyFile("{'descr' '<f8'}   \n", le(1))), RangeError, `expected ':' at character 9 of "{'descr' '<f8'}"`);
  });

  it('header dicts with unknown or missing keys', () => {
    expectError(() => fromNpy(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'dtype': 'x'}\n", le(1))), RangeError,
      "malformed header: unknown key 'dtype' (the keys are 'descr', 'fortran_order' and 'shape')");
    expectError(() => fromNpy(npyFile("{'descr': '<f8', 'shape': (1,)}\n", le(1))), RangeError, "malformed header: the key 'fortran_order' is missing");
    expectError(() => fromNpy(npyFile('{}\n', le(1))), RangeError, "the key 'descr' is missing");
  });

  it('fortran_order that is not True or False', () => {
    for (const value of ['0', "'False'", 'None', '(False,)']) {
      expectError(() => fromNpy(npyFile(dict('(1,)', "'<f8'", value), le(1))), RangeError, `malformed header: fortran_order is ${value}, not True or False`);
    }
  });

  it('shapes that are not tuples of non-negative integers', () => {
    const cases: [string, string][] = [
      ['[1]', 'shape is [1], not a tuple'],
      ['(1)', 'shape is 1, not a tuple'],
      ['1', 'shape is 1, not a tuple'],
      ["'1'", "shape is '1', not a tuple"],
      ['None', 'shape is None, not a tuple'],
      ['(1.0,)', 'the shape (1.0,) has an entry 1.0 that is not an integer'],
      ['(1e0,)', 'the shape (1e0,) has an entry 1e0 that is not an integer'],
      ['(0x1,)', 'the shape (0x1,) has an entry 0x1 that is not an integer'],
      ['(01,)', 'the shape (01,) has an entry 01 that is not an integer'],
      ['(+1,)', 'the shape (+1,) has an entry +1 that is not an integer'],
      ["('1',)", "the shape ('1',) has an entry '1' that is not an integer"],
      ['(True,)', 'the shape (True,) has an entry True that is not an integer'],
      ['((1,),)', 'the shape ((1,),) has an entry (1,) that is not an integer'],
      ['(-1,)', 'the shape (-1,) has a negative dimension'],
      ['(1, -3)', 'the shape (1, -3) has a negative dimension'],
    ];
    for (const [shape, problem] of cases) {
      expectError(() => fromNpy(npyFile(dict(shape), le(1))), RangeError, `fromNpy: malformed header: ${problem}`);
    }
  });

  it('more than two dimensions', () => {
    expectError(() => fromNpy(npyFile(dict('(1, 1, 1)'), le(1))), RangeError,
      'fromNpy: the array has 3 dimensions (shape (1, 1, 1)); only 0-, 1- and 2-dimensional arrays are supported');
    expectError(() => fromNpy(npyFile(dict('(1, 1, 1, 1, 1)'), le(1))), RangeError, 'has 5 dimensions');
  });

  it('huge dimensions, whose product must still match the data exactly', () => {
    expectError(() => fromNpy(npyFile(dict('(9007199254740992,)'), le(1))), RangeError,
      'fromNpy: the shape (9007199254740992,) has a dimension larger than 2^53 − 1');
    expectError(() => fromNpy(npyFile(dict('(18446744073709551617, 0)'))), RangeError, 'larger than 2^53 − 1');
    // 2^32 · 2^32 = 2^64 values would wrap to 0 in 64-bit arithmetic; here it must not match 0 bytes.
    expectError(() => fromNpy(npyFile(dict('(4294967296, 4294967296)'))), RangeError,
      'truncated NPY file: the shape (4294967296, 4294967296) declares 18446744073709551616 float64 values (147573952589676412928 bytes) but only 0 bytes follow');
    // 2^61 values are 2^64 bytes: also 0 modulo 2^64.
    expectError(() => fromNpy(npyFile(dict('(2305843009213693952,)'))), RangeError, 'larger than 2^53 − 1');
    expectError(() => fromNpy(npyFile(dict('(536870912, 4294967296)'))), RangeError, 'declares 2305843009213693952 float64 values');
    expect(shapeOf(fromNpy(npyFile(dict('(9007199254740991, 0)'))))).toEqual([9007199254740991, 0]);
  });
});

describe('toNpy refuses', () => {
  it('anything but a Matrix or a Float64Array, with a TypeError', () => {
    for (const [value, name] of [
      [[1, 2], 'an array'], [[[1, 2]], 'an array'], [new Float32Array(2), 'Float32Array'], [null, 'null'],
      [undefined, 'undefined'], [{ rows: 1, cols: 1, data: new Float64Array(1) }, 'Object'], [3, '3'],
    ] as [unknown, string][]) {
      expectError(() => toNpy(value as Float64Array), TypeError, `toNpy: expected a Matrix or a Float64Array (got ${name})`, 'Matrix.from(rows)');
    }
  });

  it('a Matrix whose data can no longer be replaced, nor its shape faked on the instance', () => {
    const m = Matrix.zeros(2, 2);
    expect(() => {
      (m as { data: Float64Array }).data = new Float64Array(3);
    }).toThrow(TypeError);
    Object.defineProperty(m, 'rows', { value: 1 });
    const back = fromNpy(toNpy(m)) as Matrix;
    expect([back.rows, back.cols]).toEqual([2, 2]);
    expect(back.toArray()).toEqual([[0, 0], [0, 0]]);
  });
});

describe('reverseEachFloat64, the big-endian host path', () => {
  it('reverses each group of 8 bytes in place and is its own inverse', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
    reverseEachFloat64(bytes);
    expect(Array.from(bytes)).toEqual([7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8]);
    reverseEachFloat64(bytes);
    expect(Array.from(bytes)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('turns the little-endian data of a file into the big-endian bytes of the same values', () => {
    const values = [1.5, -0, Infinity, 5e-324];
    const bytes = le(...values);
    reverseEachFloat64(bytes);
    const view = new DataView(bytes.buffer);
    expect(values.map((_, i) => view.getFloat64(8 * i, false))).toEqual(values);
  });
});
