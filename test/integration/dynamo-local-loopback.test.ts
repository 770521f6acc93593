/** DynamoDB Local listens on 127.0.0.1 only (local/loopback-launcher.ts). */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoLocal, startDynamoLocal } from '../../local/dynamo-local';

/** 'open' when a TCP connection to host:port is accepted, 'refused' otherwise. */
const probe = (host: string, port: number) =>
  new Promise<'open' | 'refused'>((ok) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      ok('open');
    });
    socket.once('error', () => ok('refused'));
    socket.once('timeout', () => {
      socket.destroy();
      ok('refused');
    });
  });

/** This machine's own addresses on its other interfaces (Ethernet, Wi-Fi …). */
const otherAddresses = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .filter((a) => !a.internal && a.family === 'IPv4')
  .map((a) => a.address);

let db: DynamoLocal;
beforeAll(async () => {
  db = await startDynamoLocal({ dataDir: null });
});
afterAll(async () => {
  await db?.stop();
});

describe('DynamoDB Local', () => {
  it('runs through the loopback launcher (a JDK is present here)', async () => {
    expect(db.loopbackOnly).toBe(true);
    await expect(probe('127.0.0.1', db.port)).resolves.toBe('open');
  });

  it.skipIf(otherAddresses.length === 0)('refuses connections on the machine’s other addresses', async () => {
    for (const address of otherAddresses) {
      await expect(probe(address, db.port)).resolves.toBe('refused');
    }
  });
});
