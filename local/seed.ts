/**
 * Demo data: Hebei's real division tree (11 cities, 167 counties), a few units with service
 * windows, the demo questionnaire (published) and one QR token per window.
 * Every write is create-only and token ids are derived from the key, so seeding twice changes nothing.
 */
import type { DirectoryRepository } from '../functions/db/directory-repository';
import type { QuestionnaireRepository } from '../functions/db/questionnaire-repository';
import { childPath, type OrgNode } from '../functions/domain/org';
import { deterministicTokenId, formUrl, signQrToken } from '../functions/domain/qr-token';
import type { Locale } from '../functions/schemas/locales';
import type { LocalizedText, QuestionnaireContent } from '../functions/schemas/questionnaire';
import { ORDOS_QUESTIONNAIRE_ID, ordosNodes, ordosQuestionnaire } from './seed/demo-ordos';
import { DEMO_QUESTIONNAIRE_ID, demoQuestionnaire } from './seed/demo-questionnaire';
import { demoUnits } from './seed/demo-units';
import divisions from './seed/hebei-divisions.json' with { type: 'json' };

export interface DemoForm {
  servicePointId: string;
  /** "unit · window", zh-CN. */
  name: string;
  token: string;
  url: string;
}

export interface SeedDeps {
  directory: DirectoryRepository;
  questionnaires: QuestionnaireRepository;
  qrKey: Buffer;
  publicBaseUrl: string;
  now: Date;
}

export interface SeedResult {
  nodesCreated: number;
  /** The Hebei demo windows (the ones the demo history, load tests and benches play). */
  demoForms: DemoForm[];
  /** The Ordos window, whose code opens the bilingual questionnaire in traditional Mongolian. */
  bilingualForms: DemoForm[];
}

/** The organisation nodes of the demo tree, parents before children. */
export function demoOrgNodes(): OrgNode[] {
  const nodes: OrgNode[] = [];
  const add = (n: Omit<OrgNode, 'path' | 'active'>, parent?: OrgNode) => {
    const node: OrgNode = { ...n, path: parent ? childPath(parent, n.id) : n.id, active: true };
    nodes.push(node);
    return node;
  };
  const name = (n: LocalizedText) => n;
  const province = add({
    id: divisions.province.code,
    kind: 'province',
    name: name(divisions.province.name),
  });
  const counties = new Map<string, OrgNode>();
  for (const c of divisions.cities) {
    const city = add({ id: c.code, kind: 'city', parentId: province.id, name: c.name }, province);
    for (const k of c.counties) {
      counties.set(k.code, add({ id: k.code, kind: 'county', parentId: city.id, name: k.name }, city));
    }
  }
  for (const u of demoUnits) {
    const county = counties.get(u.countyCode);
    if (!county) throw new Error(`demo unit in unknown county ${u.countyCode}`);
    const unitId = `${u.countyCode}${String(u.seq).padStart(3, '0')}`;
    const unit = add(
      { id: unitId, kind: 'unit', parentId: county.id, unitType: u.unitType, name: u.name },
      county,
    );
    u.windows.forEach((w, i) => {
      add(
        {
          id: `${unitId}-${String(i + 1).padStart(2, '0')}`,
          kind: 'servicePoint',
          parentId: unit.id,
          name: w,
        },
        unit,
      );
    });
  }
  return nodes;
}

/** The Ordos demo's nodes (Inner Mongolia down to one window), parents first. */
export function ordosOrgNodes(): OrgNode[] {
  const byId = new Map<string, OrgNode>();
  for (const n of ordosNodes) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    byId.set(n.id, { ...n, path: parent ? childPath(parent, n.id) : n.id, active: true });
  }
  return [...byId.values()];
}

/** Creates and publishes a demo questionnaire unless it exists. */
async function seedQuestionnaire(deps: SeedDeps, id: string, ownerId: string, content: QuestionnaireContent) {
  const at = deps.now.toISOString();
  await deps.questionnaires.create({ questionnaireId: id, ownerId, createdAt: at }, content);
  const head = await deps.questionnaires.getHead(id);
  if (!head?.latestPublished) await deps.questionnaires.publish(id, 1, at);
}

/** One QR code per window of `nodes` for `questionnaireId` (ids derived from the key: seeding twice adds none). */
async function seedForms(
  deps: SeedDeps,
  nodes: OrgNode[],
  questionnaireId: string,
  locale?: Locale,
): Promise<DemoForm[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const forms: DemoForm[] = [];
  for (const sp of nodes.filter((n) => n.kind === 'servicePoint')) {
    const binding = {
      tokenId: deterministicTokenId(deps.qrKey, sp.id),
      servicePointId: sp.id,
      questionnaireId,
    };
    await deps.directory.putQrTokenIfAbsent({
      ...binding,
      unitId: sp.parentId!,
      status: 'active',
      createdAt: deps.now.toISOString(),
      ...(locale ? { locale } : {}),
    });
    const token = signQrToken(deps.qrKey, binding);
    const unit = byId.get(sp.parentId!)!;
    forms.push({
      servicePointId: sp.id,
      name: `${unit.name['zh-CN']} · ${sp.name['zh-CN']}`,
      token,
      url: formUrl(deps.publicBaseUrl, token),
    });
  }
  return forms;
}

/** Creates whatever of the demo data is missing and returns the demo form URLs. */
export async function seedDemo(deps: SeedDeps): Promise<SeedResult> {
  const hebei = demoOrgNodes();
  const ordos = ordosOrgNodes();
  const nodes = [...hebei, ...ordos];
  let nodesCreated = 0;
  // In small batches: hundreds of parallel puts would queue past the client's connection timeout.
  for (let i = 0; i < nodes.length; i += 16) {
    const batch = await Promise.all(nodes.slice(i, i + 16).map((n) => deps.directory.putNodeIfAbsent(n)));
    nodesCreated += batch.filter(Boolean).length;
  }
  await seedQuestionnaire(deps, DEMO_QUESTIONNAIRE_ID, divisions.province.code, demoQuestionnaire);
  await seedQuestionnaire(deps, ORDOS_QUESTIONNAIRE_ID, ordos[0]!.id, ordosQuestionnaire);
  const demoForms = await seedForms(deps, hebei, DEMO_QUESTIONNAIRE_ID);
  const bilingualForms = await seedForms(deps, ordos, ORDOS_QUESTIONNAIRE_ID, 'mn-Mong');
  return { nodesCreated, demoForms, bilingualForms };
}
