/**
 * The console's demo stuffing simulation as the console API sees it: the request, the report, and
 * the port the local stack plugs in (local/run-simulation.ts plays the patterns against the
 * deployment's own tables). Nothing here plays a ballot, so no simulator code is in a Lambda bundle;
 * deployed, the port is absent and the route answers 404.
 */
import type { Principal } from '../../domain/access';

/** What happened to one set of ballots. */
export interface PatternResult {
  sent: number;
  accepted: number;
  quarantined: number;
  /** Flags seen, with how many ballots carried each. */
  flags: Record<string, number>;
  /** Console requests of a unit-played pattern the API refused, by status and error code. */
  refused?: Record<string, number>;
}

export interface SimulationReport {
  day: string;
  patterns: Record<string, PatternResult>;
  genuine: PatternResult;
  /** Share of the genuine set quarantined; 0 when no genuine ballot was played. */
  falsePositiveRate: number;
}

/** The stuffing patterns the simulation plays (local/stuffing-simulation.ts), in order. */
export const PATTERN_NAMES = [
  'mass',
  'burst',
  'night',
  'unitNet',
  'reuse',
  'straight',
  'fast',
  'drip',
  'coached',
  'lambdaHeaders',
  'ownSettings',
  'appealQuarantined',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

/** What the console may ask for (the defaults make the full demo, about 1000 ballots). */
export interface SimulationRequest {
  /** A subset of the stuffing patterns; all by default. */
  patterns?: PatternName[];
  /** Genuine ballots played after the patterns; 300 by default. */
  genuine?: number;
}

/** The demo simulation the local stack wires into the console; absent in Lambda. */
export interface DemoSimulations {
  /** True in a demo deployment only. */
  enabled: boolean;
  /** Runs the simulation for `p` (404 unless enabled, 403 unless province admin, 409 while one runs). */
  run(p: Principal, req: SimulationRequest): Promise<SimulationReport>;
}

/** The simulation may be run by this principal, here: a demo deployment and a province admin. */
export const canSimulate = (deps: Pick<DemoSimulations, 'enabled'> | undefined, p: Principal): boolean =>
  deps?.enabled === true && p.role === 'province_admin';
