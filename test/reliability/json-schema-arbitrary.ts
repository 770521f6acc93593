/** fast-check arbitraries from the JSON Schemas in our OpenAPI documents (the subset valibot emits). */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

const safePattern = (p: string) => {
  try {
    return fc.stringMatching(new RegExp(p));
  } catch {
    return fc.string();
  }
};

/** Values shaped like the schema (not guaranteed to pass every custom check). */
export function arbitraryFromSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => arbitraryFromSchema(a, depth + 1)));
  if (s.allOf?.length) return arbitraryFromSchema(s.allOf[0]!, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date')
        return fc
          .date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (s.pattern) return safePattern(s.pattern).filter((x) => x.length <= (s.maxLength ?? 10_000));
      return fc.string({
        minLength: s.minLength ?? 0,
        maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 200)),
      });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => arbitraryFromSchema(p, depth + 1)));
      if (depth > 4) return fc.constant([]);
      const minLength = s.minItems ?? 0;
      return fc.array(s.items ? arbitraryFromSchema(s.items, depth + 1) : fc.jsonValue(), {
        minLength,
        maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 6)),
      });
    }
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      if (props.length === 0) {
        return typeof s.additionalProperties === 'object'
          ? fc.dictionary(
              fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
              arbitraryFromSchema(s.additionalProperties, depth + 1),
              { maxKeys: 6 },
            )
          : fc.constant({});
      }
      const required = new Set(s.required ?? []);
      return fc.record(Object.fromEntries(props.map(([k, v]) => [k, arbitraryFromSchema(v, depth + 1)])), {
        requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
    default:
      return fc.jsonValue();
  }
}

/**
 * Breaks a body so that it must be rejected: an unknown field where unknown fields are not
 * allowed, or a missing required field, or the wrong type altogether.
 */
export function mutate(body: unknown): fc.Arbitrary<unknown> {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    return fc.oneof(
      fc.constant({ ...body, __unexpected__: 1 }),
      fc.constant(42),
      ...(keys.length
        ? [fc.constant(Object.fromEntries(Object.entries(body).map(([k]) => [k, { nested: [1, 2, 3] }])))]
        : []),
    );
  }
  return fc.constant({ __unexpected__: [body] });
}
