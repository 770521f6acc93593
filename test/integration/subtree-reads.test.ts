/**
 * The org tree read as real DynamoDB wants it: a node's subtree is one paged Query of the tree
 * index (gsi2), however many levels it spans, and listing every unit sends no Scan. Requests are
 * recorded through the SDK's middleware on DynamoDB Local.
 */
import { CreateTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCreateTableInput, ensureTables } from '../../functions/db/create-tables';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { toItem } from '../../functions/db/item';
import { directoryKeys } from '../../functions/db/keys/directory';
import { OrgRepository } from '../../functions/db/org-repository';
import { directoryTable } from '../../functions/db/tables';
import type { OrgNode } from '../../functions/domain/org';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { recordingClient as recordRequests } from '../fixtures/recording-client';

let stack: ConsoleStack;

const recordingClient = () => recordRequests(stack.db);

/** The subtree the slow way, one Query per node: what the tree index must agree with. */
async function walk(org: OrgRepository, id: string): Promise<OrgNode[]> {
  const kids = await org.children(id);
  return [...kids, ...(await Promise.all(kids.map((k) => walk(org, k.id)))).flat()];
}

beforeAll(async () => {
  stack = await createConsoleStack();
}, 120_000);

describe('subtree reads', () => {
  it("reads the province's whole tree in one paged Query of the tree index", async () => {
    const { client, sent } = recordingClient();
    const nodes = await new OrgRepository(client, stack.db.tables).descendants('130000');
    const expected = await walk(new OrgRepository(stack.db.client, stack.db.tables), '130000');
    expect(nodes.length).toBeGreaterThan(180);
    expect(nodes.map((n) => n.id).sort()).toEqual(expected.map((n) => n.id).sort());
    expect(new Set(nodes.map((n) => n.kind))).toEqual(new Set(['city', 'county', 'unit', 'servicePoint']));
    // One request per 1 MB page: the demo province fits in one.
    expect(sent.map((s) => s.command)).toEqual(['QueryCommand']);
    expect(sent[0]!.input).toMatchObject({ IndexName: 'gsi2' });
  });

  it("reads a county's subtree, and nothing outside it, in one request", async () => {
    const { client, sent } = recordingClient();
    const nodes = await new OrgRepository(client, stack.db.tables).descendants('130000/130600/130628');
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.path.startsWith('130000/130600/130628/')).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('lists every unit for the monitor without a Scan', async () => {
    const { client, sent } = recordingClient();
    const units = await new DirectoryRepository(client, stack.db.tables.directory).listNodesOfKind('unit');
    // Every province's tree, walked one Query per node.
    const org = new OrgRepository(stack.db.client, stack.db.tables);
    const provinces = await new DirectoryRepository(
      stack.db.client,
      stack.db.tables.directory,
    ).listNodesOfKind('province');
    expect(provinces.length).toBeGreaterThan(0);
    const all = (await Promise.all(provinces.map((p) => walk(org, p.id)))).flat();
    expect(units.map((u) => u.id).sort()).toEqual(
      all
        .filter((n) => n.kind === 'unit')
        .map((n) => n.id)
        .sort(),
    );
    expect(sent.map((s) => s.command)).not.toContain('ScanCommand');
    expect(sent.every((s) => s.command === 'QueryCommand')).toBe(true);
  });

  it('gives nodes stored before the index existed their index keys, once', async () => {
    const node: OrgNode = {
      id: '130628999',
      kind: 'unit',
      parentId: '130628',
      path: '130000/130600/130628/130628999',
      name: { 'zh-CN': '旧数据派出所', en: 'Legacy station' },
      unitType: 'police_station',
      active: true,
    };
    await stack.db.client.send(
      new PutItemCommand({
        TableName: stack.db.tables.directory,
        Item: toItem({
          ...directoryKeys.node(node.id),
          ...directoryKeys.childOf(node.parentId!, node.kind, node.id),
          entity: 'OrgNode',
          ...node,
        }),
      }),
    );
    const org = new OrgRepository(stack.db.client, stack.db.tables);
    expect((await org.descendants('130000/130600/130628')).map((n) => n.id)).not.toContain(node.id);
    const directory = new DirectoryRepository(stack.db.client, stack.db.tables.directory);
    expect(await directory.backfillTreeIndex()).toBe(1);
    expect(await directory.backfillTreeIndex()).toBe(0);
    expect((await org.descendants('130000/130600/130628')).map((n) => n.id)).toContain(node.id);
  });

  it('adds the tree index to a Directory table created without it', async () => {
    const prefix = `old${Date.now()}-`;
    const name = prefix + directoryTable.logicalName;
    const old = buildCreateTableInput(
      { ...directoryTable, globalIndexes: directoryTable.globalIndexes.slice(0, 1) },
      name,
    );
    await stack.db.client.send(new CreateTableCommand(old));
    await ensureTables(stack.db.client, prefix);
    const { Table } = await stack.db.client.send(new DescribeTableCommand({ TableName: name }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort()).toEqual(['gsi1', 'gsi2']);
  });
});
