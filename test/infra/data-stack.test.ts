import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { allTables, type KeySpec, type TableSpec } from '../../functions/db/tables';
import { type Stage, stageConfig } from '../../infra/config';
import { DataStack } from '../../infra/stacks/data-stack';

interface Synthesized {
  readonly stack: DataStack;
  readonly resources: Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string }>;
}

/** DataStack has no bundling, so each stage is synthesized on its own in a few milliseconds. */
function synth(stage: Stage): Synthesized {
  const config = stageConfig(stage);
  const stack = new DataStack(new App(), `${config.stackPrefix}data`, { config });
  return { stack, resources: Template.fromStack(stack).toJSON().Resources };
}

function tableResource({ stack, resources }: Synthesized, spec: TableSpec) {
  const logicalId = stack.getLogicalId(stack.table(spec).node.defaultChild as CfnElement);
  const resource = resources[logicalId];
  if (!resource) throw new Error(`no resource for ${spec.logicalName}`);
  return resource;
}

function keySchema(partitionKey: KeySpec, sortKey?: KeySpec) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' }] : []),
  ];
}

describe('DataStack', () => {
  let dev: Synthesized;
  let prod: Synthesized;

  beforeAll(() => {
    dev = synth('dev');
    prod = synth('prod');
  });

  it('rotates the data key yearly and keeps it in prod', () => {
    const keyOf = (s: Synthesized) =>
      s.resources[s.stack.getLogicalId(s.stack.key.node.defaultChild as CfnElement)];
    expect(keyOf(prod)?.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
    expect(keyOf(prod)?.DeletionPolicy).toBe('Retain');
    expect(keyOf(dev)?.Properties).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 7 });
  });

  it('has a separate, rotated contact key for phone numbers, kept in prod like the tables', () => {
    const keyOf = (s: Synthesized) =>
      s.resources[s.stack.getLogicalId(s.stack.contactKey.node.defaultChild as CfnElement)];
    expect(keyOf(prod)?.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
    expect(keyOf(prod)?.DeletionPolicy).toBe('Retain');
    expect(keyOf(dev)?.DeletionPolicy).toBe('Delete');
    expect(prod.stack.contactKey.node.id).not.toBe(prod.stack.key.node.id);
  });

  it('keeps every construct id equal to the logical name of its spec', () => {
    expect(dev.stack.tables.map((t) => t.node.id)).toEqual(allTables.map((s) => s.logicalName));
  });

  describe.each(allTables.map((spec) => [spec.logicalName, spec] as const))('the %s table', (_name, spec) => {
    it('uses the key schema of its spec with on-demand billing', () => {
      const props = tableResource(dev, spec).Properties;
      expect(props.KeySchema).toEqual(keySchema(spec.partitionKey, spec.sortKey));
      expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('creates the global secondary indexes of its spec', () => {
      const indexes = tableResource(dev, spec).Properties.GlobalSecondaryIndexes ?? [];
      expect(indexes).toEqual(
        spec.globalIndexes.map((index) =>
          expect.objectContaining({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
          }),
        ),
      );
    });

    it('streams changes only when its spec asks for a stream', () => {
      const stream = tableResource(dev, spec).Properties.StreamSpecification;
      if (spec.stream) expect(stream).toEqual({ StreamViewType: spec.stream });
      else expect(stream).toBeUndefined();
    });

    it('expires items only through the TTL attribute of its spec', () => {
      const ttl = tableResource(dev, spec).Properties.TimeToLiveSpecification;
      if (spec.timeToLiveAttribute)
        expect(ttl).toEqual({ AttributeName: spec.timeToLiveAttribute, Enabled: true });
      else expect(ttl).toBeUndefined();
    });

    it.each(['dev', 'prod'] as const)('has point-in-time recovery in %s', (stage) => {
      const resource = tableResource(stage === 'dev' ? dev : prod, spec);
      const [replica] = resource.Properties.Replicas as Array<Record<string, unknown>>;
      expect(replica?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    });

    it('is retained in prod and disposable in dev', () => {
      expect(tableResource(prod, spec).DeletionPolicy).toBe('Retain');
      expect(tableResource(dev, spec).DeletionPolicy).toBe('Delete');
    });

    it('is encrypted with the customer-managed data key', () => {
      const props = tableResource(prod, spec).Properties;
      expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      const [replica] = props.Replicas as Array<Record<string, unknown>>;
      const keyId = prod.stack.getLogicalId(prod.stack.key.node.defaultChild as CfnElement);
      expect(replica?.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    });

    it('is protected against deletion in prod only', () => {
      const protectionIn = (s: Synthesized) =>
        (tableResource(s, spec).Properties.Replicas as Array<Record<string, unknown>>)[0]
          ?.DeletionProtectionEnabled;
      expect(protectionIn(prod)).toBe(true);
      expect(protectionIn(dev)).not.toBe(true);
    });
  });
});
