// A supergraph's names are held as one-byte strings, so that property keys made from two-byte
// copies of them (as @apollo/federation-internals makes) and the JSON written with them stay
// one-byte, which node encodes to UTF-8 by copying.
import { randomUUID } from 'node:crypto';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { holdNamesOneByte } from '../../gateway/execution/oneByteNames.ts';

/** How V8 holds the string: its serialisation tags a one-byte string with `"`. */
const isOneByte = (text: string) => serialize(text)[2] === '"'.charCodeAt(0);

describe('supergraph names held one-byte', () => {
  it('makes property keys and JSON one-byte even where the name was sliced from two-byte text', () => {
    const name = `field${randomUUID().replaceAll('-', '')}`;
    const sdl = `"""Prices in € — beyond Latin-1"""\ntype Query { ${name}: Int }`;
    const at = sdl.indexOf(name);
    const sliced = sdl.slice(at, at + name.length);
    expect(isOneByte(sliced)).toBe(false);
    holdNamesOneByte(sdl);
    const record: Record<string, number> = {};
    record[sliced] = 1;
    expect(isOneByte(Object.keys(record)[0] as string)).toBe(true);
    expect(isOneByte(JSON.stringify(record))).toBe(true);
  });
});
