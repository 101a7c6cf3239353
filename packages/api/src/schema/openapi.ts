// The OpenAPI definitions of the served kinds, generated once into
// definitions.json by packages/api/scripts/generate-schema.mjs (see docs/api.md).
// One schema serves strict decoding now and `explain` / OpenAPI documents later.
import generated from './definitions.json';

/** One OpenAPI v2 schema node, as far as the served kinds use the vocabulary. */
export interface SchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface SchemaDocument {
  /** Where the definitions come from (package and Kubernetes version). */
  source: string;
  generator: string;
  /** "apps/v1/Deployment" → the definition name ("Deployment"). */
  kinds: Record<string, string>;
  /** Keyed by Go type name, as Kubernetes' decoding errors name them. */
  definitions: Record<string, SchemaNode>;
}

export const OPENAPI: SchemaDocument = generated as unknown as SchemaDocument;

/** The definition name of a kind served at apiVersion, or undefined. */
export function definitionNameFor(apiVersion: string, kind: string): string | undefined {
  const name = OPENAPI.kinds[`${apiVersion}/${kind}`];
  return name !== undefined && Object.hasOwn(OPENAPI.definitions, name) ? name : undefined;
}

export function definition(name: string): SchemaNode | undefined {
  return Object.hasOwn(OPENAPI.definitions, name) ? OPENAPI.definitions[name] : undefined;
}
