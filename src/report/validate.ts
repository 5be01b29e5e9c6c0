/** Validates vega-lite specs against vega-lite's own JSON schema (the one shipped in the package). */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { packageFile } from './pkgfile.js';

type Validator = ((x: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
let cached: Validator | undefined;

function validator(): Validator {
  if (cached) return cached;
  const path = packageFile('vega-lite', 'build/vega-lite-schema.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as object;
  const AjvCtor = Ajv as unknown as new (o: object) => { compile(s: object): Validator };
  cached = new AjvCtor({ allErrors: false, strict: false, allowUnionTypes: true, validateFormats: false }).compile(schema);
  return cached;
}

/** The result of {@link validateSpec}: ok, or the first schema errors with their JSON paths. */
export type SpecValidation = { ok: true } | { ok: false; errors: string[] };

/** Checks a spec against the vega-lite JSON schema. */
export function validateSpec(spec: unknown): SpecValidation {
  const v = validator();
  if (v(spec)) return { ok: true };
  return { ok: false, errors: (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`) };
}
