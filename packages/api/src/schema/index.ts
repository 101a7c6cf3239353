export { decodeKind } from './decode';
export { OPENAPI, definition, definitionNameFor } from './openapi';
export type { SchemaNode, SchemaDocument } from './openapi';
export { checkJsonDepth, checkUntrustedValue, parseUntrustedJson, MAX_NESTING_DEPTH, FORBIDDEN_KEY } from './safe-json';
