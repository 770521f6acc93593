/**
 * Plays the demo history (plan.ts) through the system's own apps and handlers on a clock it
 * moves: ballots through the public API, cases, visits, appeals and campaigns through the console
 * API as the staff who would act, the Responses-stream handler after each ballot (cases,
 * retroactive quarantine) and the escalation job twice a working day. Nothing is written around
 * the services, so every count, aggregate, deadline and audit entry is what the system made of it.
 *
 * Idempotent: submissions carry ids derived from the plan (a replay returns the first receipt),
 * a case step already in the case's timeline is not taken again, and visits and campaigns are
 * found again by what the plan names them. Running it twice changes nothing.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import type { TableNames } from '../../functions/db/table-names';
import { CASE_ACTION_TYPES } from '../../functions/domain/cases/state-machine';
import { integrityKeysFrom } from '../../functions/domain/integrity/device';
import { signOpenTime } from '../../functions/domain/integrity/open-time';
import { parseQrToken } from '../../functions/domain/qr-token';
import { serviceDay } from '../../functions/domain/service-day';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices } from '../../functions/handlers/case-wiring';
import { consoleServices } from '../../functions/handlers/console-deps';
import { defaultContactCipher } from '../../functions/handlers/contact-cipher';
import { createEscalationHandler } from '../../functions/handlers/escalation-handler';
import { publicServices } from '../../functions/handlers/public-deps';
import { retroQuarantineServices } from '../../functions/handlers/retro-quarantine-deps';
import type { VerifyToken } from '../../functions/http/console/auth';
import { createConsoleApp } from '../../functions/http/console-app';
import { createPublicApp } from '../../functions/http/public-app';
import type { ContactCipher } from '../../functions/services/contact/cipher-port';
import type { Clock } from '../../functions/services/ports';
import { mapLimited } from '../../functions/services/responses/scope';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import type { DemoUser } from '../../local/seed/demo-users';
import {
  type BallotEvent,
  type CampaignEvent,
  type CaseStepEvent,
  type HistoryEvent,
  type HistoryOptions,
  planHistory,
  submissionIdOf,
  type VisitCaseEvent,
  type VisitEvent,
} from './plan';
import { PROVINCE_ADMIN } from './staff';

export interface HistoryDeps {
  client: DynamoDBClient;
  tables: TableNames;
  qrKey: Buffer;
  contactCipher?: ContactCipher;
  /** The static QR token of each demo window (from the demo seed). */
  forms: readonly { servicePointId: string; token: string }[];
  /** Signs a console token for a member of staff (the local development sign-in). */
  sign(user: DemoUser): Promise<string>;
  /** Verifies those tokens, as the console does. */
  verify: VerifyToken;
  publicBaseUrl?: string;
}

export interface HistoryProgress {
  done: number;
  total: number;
  /** The service day the history has reached. */
  day: string;
}

export interface HistoryReport {
  firstDay: string;
  today: string;
  ballots: number;
  caseSteps: number;
  visits: number;
  campaigns: number;
  escalationRuns: number;
  /** Steps the plan had but the system refused (a replay that finds them done is not one). */
  refused: string[];
  milliseconds: number;
}

/**
 * Windows played side by side: DynamoDB Local on two cores gains little beyond this, and more
 * only queue behind each other.
 */
const WINDOWS_AT_ONCE = 3;

/** The header through which the history's own public app learns each citizen's address. */
const ADDRESS_HEADER = 'x-demo-client-address';

/** The timeline entries a planned case step leaves (escalations and reminders are the job's). */
const STEP_TYPES = new Set<string>([
  ...CASE_ACTION_TYPES,
  'appeal_filed',
  'appeal_upheld',
  'appeal_rejected',
]);

class MovableClock implements Clock {
  private t = 0;
  now = () => new Date(this.t);
  set(at: Date) {
    this.t = at.getTime();
  }
}

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field where used
  body: any;
}

/** Plays the plan of `opts` against the system; see the module comment. */
export async function seedHistory(
  deps: HistoryDeps,
  opts: HistoryOptions & { onProgress?: (p: HistoryProgress) => void; signal?: AbortSignal },
): Promise<HistoryReport> {
  const started = Date.now();
  const plan = planHistory(opts);
  const logger = new Logger({ serviceName: 'demo-history', logLevel: 'CRITICAL' });
  const noContext = {} as never;
  /**
   * The apps and handlers on a clock of their own: the main course of events has one, each window
   * one for its day's ballots (windows are played side by side), each campaign upload one.
   */
  // The same cipher on every side, as the console's wiring chooses it when none is given.
  const wiring = { ...deps, contactCipher: deps.contactCipher ?? defaultContactCipher(deps.qrKey) };
  const system = (clock: MovableClock) => {
    const caseDeps = caseServices({ ...wiring, clock });
    const onStream = createCaseStreamHandler(caseDeps, logger, retroQuarantineServices({ ...wiring, clock }));
    const escalate = createEscalationHandler(caseDeps, logger);
    return {
      clock,
      publicApp: createPublicApp({
        logger,
        ...publicServices({ ...wiring, clock, clientAddress: (c) => c.req.header(ADDRESS_HEADER) }),
      }),
      consoleApp: createConsoleApp({
        logger,
        ...consoleServices({ ...wiring, publicBaseUrl: deps.publicBaseUrl ?? '', clock }),
      }),
      stream: (image: Record<string, AttributeValue>) =>
        onStream({ Records: [{ eventName: 'INSERT', dynamodb: { NewImage: image } }] }, noContext),
      escalate: () => escalate({} as never, noContext),
    };
  };
  type System = ReturnType<typeof system>;
  const main = system(new MovableClock());
  const windows = new Map<string, System>();
  const windowSystem = (servicePointId: string) => {
    let w = windows.get(servicePointId);
    if (!w) {
      w = system(new MovableClock());
      windows.set(servicePointId, w);
    }
    return w;
  };

  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (u: DemoUser) => {
    let t = tokens.get(u.id);
    if (!t) {
      t = deps.sign(u);
      tokens.set(u.id, t);
    }
    return t;
  };
  const call = async (
    u: DemoUser,
    method: string,
    path: string,
    body?: unknown,
    on: System = main,
  ): Promise<Reply> => {
    const res = await on.consoleApp.request(`/api/console/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenOf(u)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() };
  };
  const report: HistoryReport = {
    firstDay: plan.firstDay,
    today: plan.today,
    ballots: 0,
    caseSteps: 0,
    visits: 0,
    campaigns: 0,
    escalationRuns: 0,
    refused: [],
    milliseconds: 0,
  };
  const refuse = (what: string, r: Reply) =>
    report.refused.push(
      `${what}: ${r.status} ${JSON.stringify(r.body?.error?.code ?? r.body).slice(0, 200)}`,
    );

  const windowTokens = new Map(deps.forms.map((f) => [f.servicePointId, f.token]));
  const visitTokens = new Map<string, string>();
  const responseIds = new Map<string, string>();
  const visitIds = new Map<string, string>();
  const manualCaseIds = new Map<string, string>();
  const campaignIds = new Map<string, string>();

  const openKey = integrityKeysFrom(deps.qrKey).openKey;
  const openStamp = (token: string, at: Date) => {
    const parsed = parseQrToken(token);
    return parsed && signOpenTime(openKey, parsed.tokenId, at);
  };

  /** A citizen's ballot, then the stream work that follows it in AWS. */
  async function ballot(e: BallotEvent, on: System) {
    const token = e.visitKey ? visitTokens.get(e.visitKey) : windowTokens.get(e.servicePointId);
    if (!token) return;
    // The signed open time the form's GET would have served when the citizen opened it (signed
    // here rather than fetched: one request less per ballot over the whole history).
    const opened = openStamp(token, new Date(e.at.getTime() - e.seconds * 1000));
    on.clock.set(e.at);
    const res = await on.publicApp.request(`/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ADDRESS_HEADER]: e.address },
      body: JSON.stringify({
        submissionId: submissionIdOf(e.key),
        answers: e.answers,
        startedAt: new Date(e.at.getTime() - e.seconds * 1000).toISOString(),
        opened,
        locale: 'zh-CN',
        version: 1,
        ...(e.deviceId ? { deviceId: e.deviceId } : {}),
        ...(e.contact ? { contact: e.contact } : {}),
      }),
    });
    if (res.status !== 201) return refuse(`ballot ${e.key}`, { status: res.status, body: await res.json() });
    const { responseId } = (await res.json()) as { responseId: string };
    responseIds.set(e.key, responseId);
    report.ballots++;
    const item = await deps.client.send(
      new GetItemCommand({
        TableName: deps.tables.responses,
        Key: toItem(responseKeys.response(responseId)),
        ConsistentRead: true,
      }),
    );
    // As Lambda retries a record the handler reports failed (a timeout on a loaded machine).
    for (let attempt = 1; item.Item && attempt <= 5; attempt++) {
      const out = await on.stream(item.Item);
      if (out.batchItemFailures.length === 0) break;
      await new Promise((ok) => setTimeout(ok, 200 * attempt));
    }
  }

  /**
   * A day's ballots at the windows (those through a visit's code wait for the visit): each window
   * plays its own in order, the windows side by side, as they happen in reality. Nothing else of
   * the day depends on the order between windows.
   */
  async function windowsDay(ballots: BallotEvent[]) {
    const byWindow = new Map<string, BallotEvent[]>();
    for (const b of ballots) byWindow.set(b.servicePointId, [...(byWindow.get(b.servicePointId) ?? []), b]);
    await mapLimited([...byWindow], WINDOWS_AT_ONCE, async ([id, list]) => {
      const on = windowSystem(id);
      for (const b of list) await ballot(b, on);
    });
  }

  const caseIdOf = (e: CaseStepEvent): string | undefined => {
    if ('manual' in e.ref) return manualCaseIds.get(e.ref.manual);
    const responseId = responseIds.get(e.ref.ballot);
    return responseId && `r-${responseId}`;
  };

  /** What the history knows of each case it acted on: the version to expect, the steps taken. */
  const known = new Map<string, { version: number; steps: number }>();

  /** One planned step of a case, unless its timeline shows it (or an earlier one) is not due. */
  async function caseStep(e: CaseStepEvent) {
    const id = caseIdOf(e);
    if (!id) return;
    let state = known.get(id);
    if (!state) {
      const current = await call(e.as, 'GET', `/cases/${id}`);
      if (current.status !== 200) return refuse(`case ${id} read`, current);
      const steps = (current.body.timeline as { type: string }[]).filter((t) =>
        STEP_TYPES.has(t.type),
      ).length;
      state = { version: current.body.case.version as number, steps };
      known.set(id, state);
    }
    if (state.steps !== e.index) return;
    const expectedVersion = state.version;
    const b = e.body;
    let r: Reply;
    if (b.type === 'appeal') {
      r = await call(e.as, 'POST', `/cases/${id}/appeal`, {
        reason: b.reason,
        evidence: b.evidence,
        expectedVersion,
      });
    } else if (b.type === 'decide') {
      r = await call(e.as, 'POST', `/appeals/${id}/decision`, { upheld: b.upheld, note: b.note });
    } else {
      r = await call(e.as, 'POST', `/cases/${id}/actions`, { ...b, expectedVersion });
    }
    // A refused step leaves the case as it was: read it again before its next step.
    if (r.status >= 300) {
      known.delete(id);
      return refuse(`case ${id} ${b.type}`, r);
    }
    // The escalation job may have written the case since: its next step reads it again.
    known.set(id, {
      version: b.type === 'appeal' || b.type === 'decide' ? state.version + 1 : r.body.version,
      steps: state.steps + 1,
    });
    report.caseSteps++;
  }

  async function visit(e: VisitEvent) {
    const date = serviceDay(e.at);
    const listed = await call(e.as, 'GET', `/visits?unitId=${e.unitId}&from=${date}&to=${date}`);
    let id = (listed.body.items as { id: string; partyName: string }[] | undefined)?.find(
      (v) => v.partyName === e.partyName,
    )?.id;
    if (!id) {
      const made = await call(e.as, 'POST', '/visits', {
        unitId: e.unitId,
        date,
        partyType: e.partyType,
        partyName: e.partyName,
        staff: e.staff,
        notes: e.notes,
      });
      if (made.status !== 201) return refuse(`visit ${e.key}`, made);
      id = made.body.id as string;
      report.visits++;
    }
    visitIds.set(e.key, id);
    if (!e.qr) return;
    const detail = await call(e.as, 'GET', `/visits/${id}`);
    let url: string | undefined = detail.body.qr?.url;
    if (!url) {
      const issued = await call(e.as, 'POST', `/visits/${id}/qr`, {
        questionnaireId: DEMO_QUESTIONNAIRE_ID,
        servicePointId: '130628001-02',
      });
      if (issued.status !== 201 && issued.status !== 200) return refuse(`visit qr ${e.key}`, issued);
      url = issued.body.url;
    }
    const t = url && new URL(url, 'http://x').searchParams.get('t');
    if (t) visitTokens.set(e.key, t);
  }

  async function visitCase(e: VisitCaseEvent) {
    const visitId = visitIds.get(e.visitKey);
    if (!visitId) return;
    const index = Number(e.key.split('#')[1]);
    const detail = await call(e.as, 'GET', `/visits/${visitId}`);
    const manual = ((detail.body.cases ?? []) as { id: string; source: string }[]).filter(
      (c) => c.source !== 'response',
    );
    const existing = manual[index];
    if (existing) {
      manualCaseIds.set(e.key, existing.id);
      return;
    }
    const made = await call(e.as, 'POST', '/cases', {
      unitId: detail.body.unitId,
      source: 'visit',
      visitId,
      visitedParty: e.visitedParty,
      problem: e.problem,
      ...(e.neededDepartment ? { neededDepartment: e.neededDepartment } : {}),
    });
    if (made.status !== 201) return refuse(`visit case ${e.key}`, made);
    manualCaseIds.set(e.key, made.body.id);
    report.caseSteps++;
  }

  /** Agency imports run beside the rest, each on its own clock; a publication waits for its import. */
  const imports = new Map<string, Promise<void>>();

  async function campaign(e: CampaignEvent) {
    const c = e.campaign;
    let id = campaignIds.get(c.key);
    if (!id) {
      const list = await call(PROVINCE_ADMIN, 'GET', '/campaigns');
      id = (Array.isArray(list.body) ? (list.body as { id: string; name: { 'zh-CN': string } }[]) : []).find(
        (x) => x.name['zh-CN'] === c.body.name['zh-CN'],
      )?.id;
    }
    if (e.step === 'create') {
      if (!id) {
        const made = await call(e.as, 'POST', '/campaigns', c.body);
        if (made.status !== 201) return refuse(`campaign ${c.key}`, made);
        id = made.body.id as string;
        report.campaigns++;
      }
      campaignIds.set(c.key, id!);
      return;
    }
    if (!id) return;
    if (e.step === 'upload') {
      const uploads = await call(PROVINCE_ADMIN, 'GET', `/campaigns/${id}/uploads`);
      const done =
        Array.isArray(uploads.body) && uploads.body.some((u: { status: string }) => u.status === 'done');
      if (done) return;
      const own = system(new MovableClock());
      own.clock.set(e.at);
      const campaignId = id;
      imports.set(
        c.key,
        call(
          e.as,
          'POST',
          `/campaigns/${campaignId}/uploads`,
          { fileName: `${c.key}-interviews.csv`, contentBase64: Buffer.from(c.csv()).toString('base64') },
          own,
        ).then((sent) => {
          if (sent.status !== 201) refuse(`campaign ${c.key} upload`, sent);
        }),
      );
      return;
    }
    await imports.get(c.key);
    const current = await call(e.as, 'GET', `/campaigns/${id}`);
    if (current.body.status === 'published') return;
    const published = await call(e.as, 'POST', `/campaigns/${id}/publish`, { note: '首次发布' });
    if (published.status >= 300) refuse(`campaign ${c.key} publish`, published);
  }

  const run = async (e: HistoryEvent) => {
    main.clock.set(e.at);
    switch (e.kind) {
      case 'ballot':
        return ballot(e, main);
      case 'case-step':
        return caseStep(e);
      case 'visit':
        return visit(e);
      case 'visit-case':
        return visitCase(e);
      case 'campaign':
        return campaign(e);
      case 'escalation':
        report.escalationRuns++;
        await main.escalate();
        // Escalations write the cases they raise: versions known before are stale.
        known.clear();
    }
  };

  // Day by day: first the day's window ballots, side by side, then everything else in order.
  const total = plan.events.length;
  let done = 0;
  let lastTold = 0;
  const days = new Map<string, HistoryEvent[]>();
  for (const e of plan.events) {
    const day = serviceDay(e.at);
    days.set(day, [...(days.get(day) ?? []), e]);
  }
  for (const [day, events] of days) {
    if (opts.signal?.aborted) break;
    const atWindows = events.filter((e): e is BallotEvent => e.kind === 'ballot' && !e.visitKey);
    await windowsDay(atWindows);
    for (const e of events) if (!(e.kind === 'ballot' && !e.visitKey)) await run(e);
    done += events.length;
    if (opts.onProgress && (Date.now() - lastTold > 2000 || done === total)) {
      lastTold = Date.now();
      opts.onProgress({ done, total, day });
    }
  }
  await Promise.all(imports.values());
  report.milliseconds = Date.now() - started;
  return report;
}
