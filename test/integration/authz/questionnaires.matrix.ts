import { randomUUID } from 'node:crypto';
import type { Place } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { aQuestionnaire } from '../../fixtures/factories';
import { windowSurvey } from '../../unit/domain/surveyjs-fixtures';
import { type AuthzCase, V1 } from './case';

/** A questionnaire owned by the place's unit, written directly (no audit, no authz); published if asked. */
async function questionnaireIn(p: Place, s: ConsoleStack, publish = false): Promise<string> {
  const id = `authz-${randomUUID().slice(0, 8)}`;
  await s.questionnaires.create(
    { questionnaireId: id, ownerId: p.unitId, createdAt: new Date().toISOString() },
    aQuestionnaire(),
  );
  if (publish) await s.questionnaires.publish(id, 1, new Date().toISOString());
  return id;
}

export const questionnaireCases: AuthzCase[] = [
  {
    route: `GET ${V1}/questionnaires`,
    action: 'questionnaire:read',
    request: async (p) => ({ path: `${V1}/questionnaires?ownerId=${p.unitId}` }),
  },
  {
    route: `POST ${V1}/questionnaires`,
    action: 'questionnaire:write',
    request: async (p) => ({
      path: `${V1}/questionnaires`,
      body: { ownerId: p.unitId, content: aQuestionnaire() },
    }),
  },
  {
    route: `POST ${V1}/questionnaires/import/surveyjs`,
    action: 'questionnaire:write',
    request: async (p) => ({
      path: `${V1}/questionnaires/import/surveyjs`,
      body: { ownerId: p.unitId, survey: windowSurvey },
    }),
  },
  {
    route: `GET ${V1}/questionnaires/:id`,
    action: 'questionnaire:read',
    request: async (p, s) => ({ path: `${V1}/questionnaires/${await questionnaireIn(p, s)}` }),
  },
  {
    route: `GET ${V1}/questionnaires/:id/versions/:version`,
    action: 'questionnaire:read',
    request: async (p, s) => ({ path: `${V1}/questionnaires/${await questionnaireIn(p, s)}/versions/1` }),
  },
  {
    route: `PUT ${V1}/questionnaires/:id/versions/:version`,
    action: 'questionnaire:write',
    request: async (p, s) => ({
      path: `${V1}/questionnaires/${await questionnaireIn(p, s)}/versions/1`,
      body: { content: aQuestionnaire() },
    }),
  },
  {
    route: `POST ${V1}/questionnaires/:id/versions`,
    action: 'questionnaire:write',
    request: async (p, s) => ({ path: `${V1}/questionnaires/${await questionnaireIn(p, s, true)}/versions` }),
  },
  {
    route: `POST ${V1}/questionnaires/:id/versions/:version/publish`,
    action: 'questionnaire:write',
    request: async (p, s) => ({
      path: `${V1}/questionnaires/${await questionnaireIn(p, s)}/versions/1/publish`,
    }),
  },
  {
    route: `POST ${V1}/questionnaires/:id/archive`,
    action: 'questionnaire:write',
    request: async (p, s) => ({ path: `${V1}/questionnaires/${await questionnaireIn(p, s, true)}/archive` }),
  },
];
