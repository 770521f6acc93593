import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

let stack: PublicStack;
beforeAll(async () => {
  stack = await createPublicStack();
});

describe('public OpenAPI document', () => {
  it('is OpenAPI 3.1 generated from the valibot schemas of every route', async () => {
    const res = await stack.app().request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/api/v1/forms/{token}/responses']?.post;
    expect(post?.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['submissionId', 'answers', 'startedAt', 'locale']),
      additionalProperties: false,
    });
    expect(doc.paths['/api/v1/forms/{token}']?.get).toBeDefined();
  });
});
