/**
 * Use case: in a demo deployment, the province admin runs the ballot-stuffing simulation from the
 * console and then reads its result in the integrity report of today.
 *
 * The simulation writes real ballots into the deployment's own tables, so it exists only where
 * the local stack wires it (it is the demo): anywhere else the
 * route answers 404, as if it did not exist.
 */
import { ForbiddenError, type Principal, requireAction } from '../functions/domain/access';
import { ConflictError, NotFoundError } from '../functions/domain/errors';
import { isWithin, type OrgNode } from '../functions/domain/org';
import { signQrToken } from '../functions/domain/qr-token';
import { serviceDay } from '../functions/domain/service-day';
import {
  canSimulate,
  type DemoSimulations,
  type SimulationReport,
  type SimulationRequest,
} from '../functions/services/integrity/simulation-port';
import type { Clock, QrTokenRecord } from '../functions/services/ports';
import { cst, runStuffingSimulation, type SimForm, type SimTarget } from './stuffing-simulation';

export interface SimulationDeps {
  /** True in a demo deployment only. */
  enabled: boolean;
  clock: Clock;
  qrKey: Buffer;
  /** The seeded demo windows, in the seed's order (the simulation assigns its patterns by position). */
  demoServicePoints: readonly string[];
  /** The questionnaire the demo windows' codes are bound to (the simulated answers fit it). */
  questionnaireId: string;
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  tokensOf(servicePointId: string): Promise<QrTokenRecord[]>;
  /** Where the simulation plays: the deployment's own tables, on a clock starting at `start`. */
  target(forms: SimForm[], start: Date): SimTarget;
  /** One simulation at a time per process: the second of two clicks is refused, not run twice. */
  gate: { running: boolean };
}

/** A fresh gate for {@link SimulationDeps.gate}. */
export const simulationGate = (): SimulationDeps['gate'] => ({ running: false });

/** The console's port onto {@link runDemoSimulation}. */
export const demoSimulations = (deps: SimulationDeps): DemoSimulations => ({
  enabled: deps.enabled,
  run: (p, req) => runDemoSimulation(deps, p, req),
});

/**
 * 1. Answers 404 unless the deployment is a demo.
 * 2. Requires the province admin: the report is the province's (`integrity:read`), and the
 *    auditor, who may read it, changes nothing.
 * 3. Refuses a second run while one is under way (409).
 * 4. Collects the demo forms inside the admin's scope: for each seeded window, an active static
 *    code of the demo questionnaire, signed as its QR code would be.
 * 5. Plays the stuffing patterns, then the genuine set, on today's service day (Beijing) against
 *    the public API wired to the same tables, with the stream work settled after each set. Both on
 *    one day, so that today's report shows the stuffed windows beside clean ones.
 * 6. Returns the per-pattern report; the report page shows the rest for today.
 */
export async function runDemoSimulation(
  deps: SimulationDeps,
  p: Principal,
  req: SimulationRequest = {},
): Promise<SimulationReport> {
  if (!deps.enabled) {
    throw new NotFoundError('刷票模拟（仅演示环境提供）', 'Stuffing simulation (demo deployments only)');
  }
  requireAction(p, 'integrity:read');
  if (!canSimulate(deps, p)) throw new ForbiddenError();
  if (deps.gate.running) {
    throw new ConflictError(
      'SIMULATION_RUNNING',
      '已有一次刷票模拟正在运行，请等待其完成',
      'A stuffing simulation is already running; wait for it to finish',
    );
  }
  deps.gate.running = true;
  try {
    const forms = await demoForms(deps, p);
    if (forms.length === 0) {
      throw new NotFoundError('可用于模拟的演示二维码', 'Demo QR codes to simulate on');
    }
    const day = serviceDay(deps.clock.now());
    return await runStuffingSimulation(deps.target(forms, cst(day, '08:00')), {
      day,
      genuineDay: day,
      genuine: req.genuine,
      patterns: req.patterns,
    });
  } finally {
    deps.gate.running = false;
  }
}

/** The demo windows in the principal's scope with an active static code of the demo questionnaire. */
async function demoForms(deps: SimulationDeps, p: Principal): Promise<SimForm[]> {
  const nodes = await deps.getNodes(deps.demoServicePoints);
  const points = deps.demoServicePoints.filter((id) => {
    const n = nodes.get(id);
    return n?.active && isWithin(n, p.scopeId);
  });
  const tokens = await Promise.all(points.map((id) => deps.tokensOf(id)));
  const forms: SimForm[] = [];
  points.forEach((servicePointId, i) => {
    const t = tokens[i]!.find(
      (r) =>
        r.status === 'active' &&
        r.questionnaireId === deps.questionnaireId &&
        r.visitId === undefined &&
        r.expiresAt === undefined,
    );
    if (t) {
      const binding = { tokenId: t.tokenId, servicePointId, questionnaireId: t.questionnaireId };
      forms.push({ servicePointId, token: signQrToken(deps.qrKey, binding) });
    }
  });
  return forms;
}
