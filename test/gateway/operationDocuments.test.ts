import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationDocuments } from '../../gateway/operationDocuments.ts';
import { fetchClassifier } from '../../gateway/sharing/fetchSharing.ts';

describe("a fetch's operation document", () => {
  it('is parsed once per text, so the sharing classification (cached by document) is reused', () => {
    const documentOf = operationDocuments();
    const text = '{ provinces { code name } }';
    const first = documentOf(text);
    expect(print(first)).toBe(print(documentOf(`${text}`)));
    expect(documentOf(text.slice(0))).toBe(first);
    const classify = fetchClassifier('population');
    expect(classify(documentOf(text))).toBe('public');
    expect(documentOf('{ citizen(personalId: "001") { fullName } }')).not.toBe(first);
  });

  it('keeps at most as many texts as its bound, dropping the oldest first', () => {
    const documentOf = operationDocuments(2);
    const a = documentOf('{ a }');
    const b = documentOf('{ b }');
    documentOf('{ c }');
    expect(documentOf('{ b }')).toBe(b);
    expect(documentOf('{ a }')).not.toBe(a);
  });
});
