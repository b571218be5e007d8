'use strict';

// Avro single-object encoding (C3 01, CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form,
// little-endian, then the Avro binary body) with the avsc library, written from
// contracts/wire-format.md and the Avro specification only. The canonical form and the fingerprint are
// computed here rather than taken from avsc, whose own fingerprint is an MD5 and so not the one on the wire.
//
// Values are avsc's: long and timestamp-millis are plain numbers of milliseconds (avsc ignores logical
// types it has no hook for), enums are their symbol strings, maps are plain objects, and a union of
// null with one other type is the value or null.

const fs = require('fs');
const path = require('path');
const avro = require('avsc');

const SCHEMAS_DIR = path.join(__dirname, '..', '..', 'schemas');
const MARKER = Buffer.from([0xc3, 0x01]);
const HEADER_LENGTH = MARKER.length + 8;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

// CRC-64-AVRO: reflected, EMPTY is both the polynomial and the initial value, no final XOR.
const EMPTY = 0xc15d213aa4d7a795n;
const FP_TABLE = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) {
    fp = (fp >> 1n) ^ ((fp & 1n) === 1n ? EMPTY : 0n);
  }
  return fp;
});

/** CRC-64-AVRO of the bytes, as an unsigned 64-bit BigInt. */
function crc64Avro(bytes) {
  let fp = EMPTY;
  for (const b of bytes) {
    fp = (fp >> 8n) ^ FP_TABLE[Number((fp ^ BigInt(b)) & 0xffn)];
  }
  return fp;
}

// The specification's test vectors: a wrong table would otherwise only show as a rejected record.
for (const [input, expected] of [['', 0xc15d213aa4d7a795n], ['"int"', 0x7275d51a3f395c8fn],
  ['"string"', 0x8f014872634503c7n]]) {
  const actual = crc64Avro(Buffer.from(input, 'utf8'));
  if (actual !== expected) {
    throw new Error(`CRC-64-AVRO of ${JSON.stringify(input)} is 0x${actual.toString(16)}, expected 0x${expected.toString(16)}`);
  }
}

function fullName(name, namespace) {
  if (name.includes('.') || !namespace) {
    return name;
  }
  return `${namespace}.${name}`;
}

function namespaceOf(full) {
  const dot = full.lastIndexOf('.');
  return dot < 0 ? '' : full.slice(0, dot);
}

/**
 * Parsing Canonical Form of a schema given as parsed JSON (Avro specification, "Parsing Canonical Form
 * for Schemas"): primitives as bare strings, full names, only name/type/fields/symbols/items/values/size
 * in that order, a named type written out the first time and by name after that, no whitespace.
 */
function parsingCanonicalForm(schema) {
  const defined = new Set();

  function reference(name, namespace) {
    const full = fullName(name, namespace);
    if (defined.has(full)) {
      return JSON.stringify(full);
    }
    if (defined.has(name)) { // a short name that is not in the enclosing namespace falls back to no namespace
      return JSON.stringify(name);
    }
    throw new Error(`schema refers to ${JSON.stringify(name)}, which is not defined before it`);
  }

  function canonical(s, namespace) {
    if (typeof s === 'string') {
      return PRIMITIVES.has(s) ? JSON.stringify(s) : reference(s, namespace);
    }
    if (Array.isArray(s)) {
      return `[${s.map((branch) => canonical(branch, namespace)).join(',')}]`;
    }
    if (s === null || typeof s !== 'object') {
      throw new Error(`not a schema: ${JSON.stringify(s)}`);
    }
    const type = s.type;
    if (typeof type !== 'string') {
      return canonical(type, namespace);
    }
    switch (type) {
      case 'record':
      case 'error':
      case 'enum':
      case 'fixed': {
        if (typeof s.name !== 'string') {
          throw new Error(`${type} without a name: ${JSON.stringify(s)}`);
        }
        const full = fullName(s.name, typeof s.namespace === 'string' ? s.namespace : namespace);
        if (defined.has(full)) {
          return JSON.stringify(full);
        }
        defined.add(full);
        const head = `{"name":${JSON.stringify(full)},"type":${JSON.stringify(type)}`;
        if (type === 'enum') {
          return `${head},"symbols":[${s.symbols.map((symbol) => JSON.stringify(symbol)).join(',')}]}`;
        }
        if (type === 'fixed') {
          return `${head},"size":${Number(s.size)}}`;
        }
        const inner = namespaceOf(full);
        const fields = s.fields.map((field) =>
          `{"name":${JSON.stringify(field.name)},"type":${canonical(field.type, inner)}}`);
        return `${head},"fields":[${fields.join(',')}]}`;
      }
      case 'array':
        return `{"type":"array","items":${canonical(s.items, namespace)}}`;
      case 'map':
        return `{"type":"map","values":${canonical(s.values, namespace)}}`;
      default:
        return PRIMITIVES.has(type) ? JSON.stringify(type) : reference(type, namespace);
    }
  }

  return canonical(schema, '');
}

/** The eight wire bytes of a fingerprint: the 64-bit CRC, least significant byte first. */
function fingerprintBytes(pcf) {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(crc64Avro(Buffer.from(pcf, 'utf8')));
  return out;
}

const FINGERPRINTS = new WeakMap();

function register(type, schemaJson) {
  const pcf = parsingCanonicalForm(schemaJson);
  FINGERPRINTS.set(type, { pcf, fingerprint: fingerprintBytes(pcf) });
  return type;
}

/** Parses an Avro schema given as JSON (object or text) into an avsc type with its fingerprint. */
function typeFromSchema(schema) {
  const json = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return register(avro.Type.forSchema(json), json);
}

/** Loads schemas/<name>.avsc of this repository (for example 'OnboardingRequest'). */
function loadType(name) {
  const file = path.join(SCHEMAS_DIR, `${name}.avsc`);
  return typeFromSchema(fs.readFileSync(file, 'utf8'));
}

function describe(type) {
  const info = FINGERPRINTS.get(type);
  if (!info) {
    throw new Error('type was not made by loadType or typeFromSchema, so its fingerprint is unknown');
  }
  return info;
}

/** The Parsing Canonical Form of a type from loadType or typeFromSchema. */
function canonicalForm(type) {
  return describe(type).pcf;
}

/** The eight fingerprint bytes (bytes 2-9 of every value) of a type from loadType or typeFromSchema. */
function fingerprint(type) {
  return Buffer.from(describe(type).fingerprint);
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}

// Fills absent (undefined) record fields with their schema defaults, through nested records, arrays,
// maps and null-unions, so a caller may leave out what the schema defaults, as Avro's Java builders allow.
function withDefaults(type, value) {
  switch (type.typeName) {
    case 'record':
    case 'error': {
      if (!isPlainObject(value)) {
        return value;
      }
      const out = { ...value };
      for (const field of type.fields) {
        const given = out[field.name];
        const fallback = field.defaultValue();
        out[field.name] = given === undefined && fallback !== undefined ? fallback : withDefaults(field.type, given);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => withDefaults(type.itemsType, item)) : value;
    case 'map':
      return isPlainObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDefaults(type.valuesType, v)]))
        : value;
    case 'union:unwrapped': {
      const branches = type.types.filter((branch) => branch.typeName !== 'null');
      return value !== null && branches.length === 1 ? withDefaults(branches[0], value) : value;
    }
    default:
      return value;
  }
}

// Paths of object keys that the schema does not declare: avsc would drop them silently, which turns a
// misspelt optional field ("dealine") into its default.
function undeclaredFields(type, value, at, out) {
  switch (type.typeName) {
    case 'record':
    case 'error':
      if (isPlainObject(value)) {
        for (const key of Object.keys(value)) {
          const field = type.field(key);
          if (!field) {
            out.push(at.concat(key).join('.'));
          } else {
            undeclaredFields(field.type, value[key], at.concat(key), out);
          }
        }
      }
      break;
    case 'array':
      if (Array.isArray(value)) {
        value.forEach((item, i) => undeclaredFields(type.itemsType, item, at.concat(String(i)), out));
      }
      break;
    case 'map':
      if (isPlainObject(value)) {
        Object.entries(value).forEach(([k, v]) => undeclaredFields(type.valuesType, v, at.concat(k), out));
      }
      break;
    case 'union:unwrapped': {
      const branches = type.types.filter((branch) => branch.typeName !== 'null');
      if (value !== null && branches.length === 1) {
        undeclaredFields(branches[0], value, at, out);
      }
      break;
    }
    default:
  }
  return out;
}

/** Avro single-object encoding of a value: C3 01, the 8 fingerprint bytes, the Avro binary body. */
function encode(type, value) {
  const { fingerprint: fp } = describe(type);
  const complete = withDefaults(type, value);
  const problems = undeclaredFields(type, complete, [], []).map((where) => `${where}: not in the schema`);
  type.isValid(complete, {
    errorHook: (pathParts, any, branch) => {
      const where = pathParts.length ? pathParts.join('.') : '(the value)';
      const what = branch.name || branch.typeName;
      problems.push(any === undefined
        ? `${where}: missing (${what}, no default)`
        : `${where}: ${JSON.stringify(any)} is not a valid ${what}`);
    },
  });
  if (problems.length) {
    throw new Error(`not a valid ${type.name || type.typeName}: ${problems.join('; ')}`);
  }
  return Buffer.concat([MARKER, fp, type.toBuffer(complete)]);
}

/**
 * Decodes a single-object encoded value written with the schema of {@code type}, or with one of
 * {@code writerTypes} (older versions, resolved to {@code type} by Avro's schema resolution).
 * Throws when the marker is not C3 01 or the fingerprint is not one of those schemas'.
 */
function decode(type, buffer, writerTypes = []) {
  if (!Buffer.isBuffer(buffer)) {
    buffer = Buffer.from(buffer);
  }
  if (buffer.length < HEADER_LENGTH) {
    throw new Error(`not Avro single-object encoding: ${buffer.length} bytes, fewer than the ${HEADER_LENGTH}-byte header`);
  }
  const marker = buffer.subarray(0, 2);
  if (!marker.equals(MARKER)) {
    throw new Error(`not Avro single-object encoding: starts with ${marker.toString('hex')}, expected c301`);
  }
  const found = buffer.subarray(2, HEADER_LENGTH);
  const writer = [type, ...writerTypes].find((candidate) => describe(candidate).fingerprint.equals(found));
  if (!writer) {
    const known = [type, ...writerTypes].map((candidate) => describe(candidate).fingerprint.toString('hex'));
    throw new Error(`unknown schema fingerprint ${found.toString('hex')} for ${type.name || type.typeName}; known: ${known.join(', ')}`);
  }
  const body = buffer.subarray(HEADER_LENGTH);
  try {
    return writer === type ? type.fromBuffer(body) : type.fromBuffer(body, type.createResolver(writer));
  } catch (e) {
    throw new Error(`undecodable ${type.name || type.typeName} body: ${e.message}`);
  }
}

/** A decoded value as plain JSON data: BigInt and Date as numbers, Buffer as base64, records as objects. */
function toPlain(value) {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return Buffer.from(value).toString('base64');
  }
  if (value !== null && typeof value === 'object' && typeof value.toNumber === 'function') {
    return value.toNumber(); // a Long from a long-type hook
  }
  if (Array.isArray(value)) {
    return value.map(toPlain);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Resolves to all of standard input as one Buffer. */
function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

module.exports = {
  MARKER,
  SCHEMAS_DIR,
  crc64Avro,
  parsingCanonicalForm,
  fingerprintBytes,
  typeFromSchema,
  loadType,
  canonicalForm,
  fingerprint,
  encode,
  decode,
  toPlain,
  readStdin,
};
