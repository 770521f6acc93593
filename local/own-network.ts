import { randomInt } from 'node:crypto';
import type { ClientAddressResolver } from '../functions/http/client-address';

/**
 * A network of its own for each request (198.18.0.0/15, reserved for benchmarks and tests), as
 * citizens rating on their own phones. For load runs and `app.request()` tests, whose requests all
 * come from one address or none: deployed, those would share one capped network per window.
 */
export const ownNetworkPerRequest: ClientAddressResolver = () =>
  `198.${18 + randomInt(2)}.${randomInt(256)}.${1 + randomInt(254)}`;
