/** Use case: staff download the responses of a node of their subtree as CSV or XLSX. */
import type { Principal } from '../../domain/access';
import { versionKey } from '../../domain/dashboard';
import { isSatisfactionLevel, SATISFACTION_LABELS } from '../../domain/satisfaction';
import type { CellValue } from '../../domain/spreadsheet-safety';
import type { ResponseFilterQuery } from '../../schemas/console/responses';
import type { Question, QuestionnaireContent } from '../../schemas/questionnaire';
import type { AnswerValue } from '../../schemas/submission';
import { storeFilters } from '../responses/list-responses';
import { MergedResponses } from '../responses/merged-responses';
import { checkPeriod, periodInstants } from '../responses/period';
import type { ReportingDeps, ResponseRecord } from '../responses/ports';
import { resolveReportScope } from '../responses/scope';
import { versionCache } from '../responses/versions';
import { type ExportFile, type ExportFormat, renderExport } from './render';
import { beijingTime, MAX_EXPORT_ROWS, type Sheet, truncatedNote } from './sheet';

const FIXED_HEADER = [
  '评价编号',
  '提交时间',
  '服务日',
  '服务窗口',
  '单位',
  '问卷',
  '版本',
  '最低满意等级',
  '有无留言',
];

/** One answer as a person reads it: level and option labels in Chinese, numbers as numbers. */
export function answerCell(q: Question, a: AnswerValue | undefined): CellValue {
  if (a === undefined) return null;
  switch (q.type) {
    case 'satisfaction':
      return isSatisfactionLevel(a) ? SATISFACTION_LABELS[a]['zh-CN'] : String(a);
    case 'scale':
      return typeof a === 'number' ? a : String(a);
    case 'single':
    case 'multiple': {
      const label = (id: string) => q.options.find((o) => o.id === id)?.text['zh-CN'] ?? id;
      return Array.isArray(a) ? a.map(label).join('；') : label(String(a));
    }
    case 'text':
      return String(a);
  }
}

interface Column {
  questionnaireId: string;
  question: Question;
  header: string;
}

/**
 * One column per question, across every version in the export: ordered by questionnaire, then
 * by the newest version's question order (older versions' removed questions come last).
 */
export function questionColumns(contents: ReadonlyMap<string, QuestionnaireContent>): Column[] {
  const byQuestionnaire = new Map<string, { version: number; content: QuestionnaireContent }[]>();
  for (const [key, content] of contents) {
    const at = key.lastIndexOf('@');
    const list = byQuestionnaire.get(key.slice(0, at)) ?? [];
    list.push({ version: Number(key.slice(at + 1)), content });
    byQuestionnaire.set(key.slice(0, at), list);
  }
  const many = byQuestionnaire.size > 1;
  const columns: Column[] = [];
  for (const qid of [...byQuestionnaire.keys()].sort()) {
    const versions = byQuestionnaire.get(qid)!.sort((a, b) => b.version - a.version);
    const title = versions[0]!.content.title['zh-CN'];
    const seen = new Set<string>();
    for (const { content } of versions) {
      for (const question of content.questions) {
        if (seen.has(question.id)) continue;
        seen.add(question.id);
        const text = question.text['zh-CN'];
        columns.push({ questionnaireId: qid, question, header: many ? `${title}·${text}` : text });
      }
    }
  }
  return columns;
}

/** The sheet of a list of responses, names from the scope's nodes. */
export function responsesSheet(
  responses: readonly ResponseRecord[],
  contents: ReadonlyMap<string, QuestionnaireContent>,
  nameOf: (id: string) => string,
): Sheet {
  const columns = questionColumns(contents);
  const rows = responses.map((r): CellValue[] => {
    const content = contents.get(versionKey(r.questionnaireId, r.version));
    return [
      r.responseId,
      beijingTime(r.submittedAt),
      r.day,
      nameOf(r.servicePointId),
      nameOf(r.unitId),
      content?.title['zh-CN'] ?? r.questionnaireId,
      r.version,
      r.lowestLevel ?? null,
      r.hasComment ? '有' : '无',
      ...columns.map((c) => {
        if (c.questionnaireId !== r.questionnaireId) return null;
        // Each answer is read with its own version's question (option labels may differ).
        const q = content?.questions.find((x) => x.id === c.question.id);
        return q ? answerCell(q, r.answers[q.id]) : null;
      }),
    ];
  });
  return { name: '评价明细', header: [...FIXED_HEADER, ...columns.map((c) => c.header)], rows };
}

/**
 * 1. Requires `export:read`; resolves the node (404 outside the caller's subtree) and its units.
 * 2. Checks the period (≤ 366 days).
 * 3. Reads the matching responses newest first, merged across units, up to the row cap.
 * 4. Loads the versions involved; one column per question with its zh-CN text.
 * 5. Renders CSV or XLSX, formula-safe; a truncated export says so in its last row and a header.
 */
export async function exportResponses(
  deps: ReportingDeps,
  p: Principal,
  q: ResponseFilterQuery,
  format: ExportFormat,
  maxRows = MAX_EXPORT_ROWS,
): Promise<ExportFile> {
  const scope = await resolveReportScope(deps.tree, p, 'export:read', q.nodeId);
  checkPeriod(q.from, q.to);
  const { since, until } = periodInstants(q.from, q.to);
  const merged = new MergedResponses(deps.responses, scope.unitIds, since, until, storeFilters(q, scope), {
    pageSize: 500,
    refillBudget: Math.ceil(maxRows / 50) + 200,
  });
  const { items, resume } = await merged.take(maxRows);
  const versions = versionCache(deps.versions);
  await Promise.all(items.map((r) => versions.get(r.questionnaireId, r.version)));
  const nameOf = (id: string) => scope.nodes.get(id)?.name['zh-CN'] ?? id;
  const sheet = responsesSheet(items, versions.loaded, nameOf);
  if (resume) sheet.note = truncatedNote(maxRows);
  return renderExport(
    sheet,
    format,
    {
      ascii: `responses-${scope.node.id}-${q.from}-${q.to}`,
      name: `评价明细-${scope.node.name['zh-CN']}-${q.from}至${q.to}`,
    },
    resume ? maxRows : undefined,
  );
}
