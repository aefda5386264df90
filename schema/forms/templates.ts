import { readdirSync, readFileSync } from 'node:fs';
import { isPurpose } from '../../kernel/access/purpose.ts';
import { type DataScope, isDataScope } from '../../kernel/access/scopes.ts';

/**
 * A public-service form the one-stop-shop fills from the graph: one JSON file per form in this
 * folder. `fields` maps the form's own field names to dot paths in the operation's result
 * (`citizen.driverLicences.0.class`; a number picks a list item).
 */
export interface FormTemplate {
  code: string;
  title: string;
  /** The purpose code every read for this form is declared and consented under. */
  purpose: string;
  legalBasis: string;
  /** The consent scopes the form's fields need: exactly those the fields' rules name. */
  scopes: DataScope[];
  /** A trusted GraphQL operation with one variable, `$personalId: ID!`. */
  operation: string;
  fields: Record<string, string>;
}

const FORMS_DIR = new URL('./', import.meta.url);
const CODE = /^[a-z0-9][a-z0-9-]{1,63}$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$/;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Checks a parsed file's shape, naming the first problem. */
export function parseTemplate(value: unknown, file: string): FormTemplate {
  const t = value as Partial<FormTemplate>;
  const problem = (message: string) => new Error(`form template ${file}: ${message}`);
  if (!isText(t.code) || !CODE.test(t.code)) throw problem('code must be a lower-case slug');
  if (file !== `${t.code}.json`) throw problem(`the file must be named ${t.code}.json`);
  if (!isText(t.title)) throw problem('title is required');
  if (!isText(t.purpose) || !isPurpose(t.purpose)) throw problem('purpose must be a purpose code');
  if (!isText(t.legalBasis)) throw problem('legalBasis is required');
  if (!isText(t.operation)) throw problem('operation is required');
  if (!Array.isArray(t.scopes) || !t.scopes.every((s) => isDataScope(s)))
    throw problem('scopes must be a list of data scopes');
  const fields = t.fields;
  if (typeof fields !== 'object' || fields === null || Object.keys(fields).length === 0)
    throw problem('fields must map form field names to result paths');
  for (const [name, path] of Object.entries(fields)) {
    if (!isText(path) || !PATH.test(path)) throw problem(`field ${name}: "${path}" is not a path`);
  }
  return t as FormTemplate;
}

/** Every template in schema/forms, by code. */
export function loadFormTemplates(dir: URL = FORMS_DIR): Map<string, FormTemplate> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return new Map(
    files.map((file) => {
      const template = parseTemplate(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
      return [template.code, template] as const;
    }),
  );
}
