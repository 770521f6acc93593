/**
 * The OpenAPI documents generated when a Lambda function is bundled (scripts/openapi-documents.ts,
 * resolved by the esbuild plugin in scripts/build-lambdas.ts). Only the Lambda handlers import it.
 */
declare module 'virtual:kmpj-openapi' {
  export const publicDocument: Record<string, unknown>;
  export const consoleDocument: Record<string, unknown>;
}
