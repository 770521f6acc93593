/**
 * A stand-in for the provincial 好差评 platform under `npm start` and in tests: an HTTP server on
 * 127.0.0.1 that checks each record's signature and keeps it once per idempotency key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PushMessage, verifyPush } from '../functions/domain/reach/push-record';

export interface PushReceiver {
  url: string;
  /** Records kept (ratings and withdrawals), once per key, in arrival order. */
  records: PushMessage[];
  /** Keys of the ratings a withdrawal took back. */
  withdrawn: Set<string>;
  /** Deliveries of a key already kept (answered 200, not kept again). */
  duplicates: number;
  /** Deliveries refused for a bad signature. */
  refused: number;
  stop(): Promise<void>;
}

/** Starts the receiver on `port` (0: any free port); `key` is the province's push signing key. */
export async function startPushReceiver(
  key: string,
  port = 0,
  onRecord?: (r: PushMessage) => void,
): Promise<PushReceiver> {
  const seen = new Set<string>();
  const state: Omit<PushReceiver, 'url' | 'stop'> = {
    records: [],
    withdrawn: new Set(),
    duplicates: 0,
    refused: 0,
  };
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/records') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          records: state.records,
          withdrawn: [...state.withdrawn],
          duplicates: state.duplicates,
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || !verifyPush(key, req.headers['x-kmpj-signature'] as string, body)) {
        state.refused++;
        res.writeHead(401).end();
        return;
      }
      const record = JSON.parse(body) as PushMessage;
      if (seen.has(record.idempotencyKey)) state.duplicates++;
      else {
        seen.add(record.idempotencyKey);
        state.records.push(record);
        if (record.type === 'withdrawal') state.withdrawn.add(record.withdraws);
        onRecord?.(record);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/records`;
  return Object.assign(state, {
    url,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  });
}
