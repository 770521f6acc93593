/**
 * The agency's upload form, with progress.
 *
 * Primary course:
 * 1. The analyst picks a CSV/XLSX file; the page announces it (`POST …/uploads/presign`) and the
 *    server answers with a ticket: a presigned S3 PUT (in AWS, for large files) or the direct route.
 * 2. The bytes go out by XMLHttpRequest, whose upload events drive the "sending" bar.
 * 3. Meanwhile the page polls the ticket's upload (`GET …/uploads/:uploadId`): rows read while the
 *    file is validated, then rows written of the valid ones, with counted / refused / duplicate counts.
 * 4. When the import settles, the summary shows the final counts and the per-row error report.
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { busy, field, saveBlob, statusLine, table } from '../ui';
import { L, W } from './labels';
import { toBase64 } from './model';
import { postToConsole, putToBucket, type Sent } from './transfer';
import {
  contentTypeFor,
  fmtBytes,
  type ImportPhase,
  importProgress,
  isSettled,
  type UploadTicket,
  type UploadView,
} from './upload-model';

const enc = encodeURIComponent;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PHASE: Record<ImportPhase, [string, string]> = {
  waiting: ['等待文件到达…', 'Waiting for the file…'],
  reading: ['正在校验', 'Validating'],
  writing: ['正在写入', 'Writing'],
  done: ['导入完成', 'Import done'],
  failed: ['文件被拒收', 'File refused'],
  withdrawn: ['已撤回', 'Withdrawn'],
};

/** The error-report download (the token-carrying API call, then a saved file). */
export function reportButton(ctx: Ctx, campaignId: string, uploadId: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'btn', 'data-k': 'report' }, L(W.errors));
  b.addEventListener('click', async () => {
    const { blob, filename } = await ctx.api.blob(
      `/campaigns/${enc(campaignId)}/uploads/${enc(uploadId)}/errors`,
    );
    saveBlob(blob, filename ?? `upload-${uploadId}-errors.csv`);
  });
  return b;
}

/** Final counts of an upload, its file-level problem or encoding note, and its error report. */
export function uploadSummary(ctx: Ctx, campaignId: string, u: UploadView): HTMLElement {
  return h(
    'div',
    { class: 'stack', 'data-k': 'summary' },
    u.fileError ? h('p', { class: 'error' }, L([u.fileError.message, u.fileError.messageEn])) : null,
    u.encodingNote ? h('p', { class: 'tag' }, L([u.encodingNote.message, u.encodingNote.messageEn])) : null,
    table(
      [L(W.rows), L(W.accepted), L(W.duplicates), L(W.rejected)],
      [[String(u.totalRows), String(u.accepted), String(u.duplicates), String(u.rejectedRows)]],
    ),
    u.rejectedRows > 0 || u.duplicates > 0 || u.fileError ? reportButton(ctx, campaignId, u.uploadId) : null,
  );
}

/** The two bars and their captions. */
function progressPanel() {
  const bytes = h('progress', { max: 1, value: 0, 'data-k': 'bytes', 'aria-label': L(W.sending) });
  const bytesPct = h('span', { class: 'bar-num' });
  const bytesText = h('p', { class: 'muted small', 'data-k': 'bytes-text' });
  const rows = h('progress', { max: 1, value: 0, 'data-k': 'import', 'aria-label': L(W.importing) });
  const rowsPct = h('span', { class: 'bar-num' });
  const phase = h('span', { 'data-k': 'phase' });
  const counts = h('span', { class: 'muted', 'data-k': 'counts' });
  const el = h(
    'section',
    { class: 'stack hidden', 'aria-label': L(W.progress) },
    h('div', { class: 'bar-row' }, h('span', {}, L(W.sending)), bytes, bytesPct),
    bytesText,
    h('div', { class: 'bar-row' }, h('span', {}, L(W.importing)), rows, rowsPct),
    h('p', { class: 'small' }, phase, counts),
  );
  // Full width of the grid cell (CSSOM, which the CSP allows, unlike style attributes).
  bytes.style.width = '100%';
  rows.style.width = '100%';
  const setBar = (bar: HTMLProgressElement, pct: HTMLElement, f: number | null) => {
    if (f === null) bar.removeAttribute('value');
    else bar.value = f;
    replaceChildren(pct, f === null ? '…' : `${Math.round(f * 100)}%`);
  };
  return {
    el,
    reset() {
      el.classList.remove('hidden');
      setBar(bytes, bytesPct, 0);
      setBar(rows, rowsPct, 0);
      replaceChildren(bytesText, '');
      replaceChildren(phase, '');
      replaceChildren(counts, '');
    },
    sent(p: Sent, path: string) {
      setBar(bytes, bytesPct, p.total > 0 ? p.loaded / p.total : null);
      replaceChildren(bytesText, `${fmtBytes(p.loaded)} / ${fmtBytes(p.total)} · ${path}`);
    },
    imported(u: UploadView) {
      const p = importProgress(u);
      setBar(rows, rowsPct, p.fraction);
      const what =
        p.phase === 'reading'
          ? `${L(PHASE.reading)} · ${L(W.rowsRead)} ${p.rowsRead}`
          : p.phase === 'writing'
            ? `${L(PHASE.writing)} · ${p.written} / ${p.valid}`
            : L(PHASE[p.phase]);
      replaceChildren(phase, what);
      phase.setAttribute('data-phase', p.phase);
      replaceChildren(
        counts,
        p.phase === 'waiting'
          ? ''
          : ` · ${L(W.accepted)} ${p.accepted} · ${L(W.rejected)} ${p.rejected} · ${L(W.duplicates)} ${p.duplicates}`,
      );
    },
  };
}

/** `#/campaigns/:id` for an agency analyst: the form, its progress and the result. */
export function uploadForm(ctx: Ctx, campaignId: string, done: () => void): HTMLElement {
  const status = statusLine();
  const file = h('input', {
    type: 'file',
    accept: '.csv,.xlsx,text/csv',
    required: true,
  }) as HTMLInputElement;
  const progress = progressPanel();
  const result = h('div', {});
  const submit = h('button', { type: 'submit', class: 'btn primary' }, L(W.send));
  const form = h(
    'form',
    { class: 'box' },
    h('h2', {}, L(W.upload)),
    h('p', { class: 'muted' }, L(W.uploadHint)),
    field(L(W.chooseFile), file),
    submit,
    progress.el,
    status.el,
    result,
  );

  /** Polls the upload until it settles, the page goes away, or `stop()` says so. */
  const watch = async (uploadId: string, stop: () => boolean): Promise<UploadView | undefined> => {
    let wait = 400;
    for (;;) {
      const u = await ctx.api.get<UploadView>(`/campaigns/${enc(campaignId)}/uploads/${enc(uploadId)}`);
      if (stop()) return u;
      progress.imported(u);
      if (isSettled(u.status) || !form.isConnected) return u;
      await sleep(wait);
      wait = Math.min(2000, wait * 1.5);
    }
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = file.files?.[0];
    if (!f) return;
    void busy(submit, status, async () => {
      replaceChildren(result);
      status.say('');
      progress.reset();
      const ticket = await ctx.api.post<UploadTicket>(`/campaigns/${enc(campaignId)}/uploads/presign`, {
        fileName: f.name,
        sizeBytes: f.size,
        contentType: contentTypeFor(f.name),
      });
      let final: UploadView | undefined;
      if (ticket.via === 's3') {
        // 2–3. Straight to the bucket; the import job starts when S3 has the object.
        progress.sent({ loaded: 0, total: f.size }, L(W.viaS3));
        await putToBucket(ticket.url, ticket.headers, f, (p) => progress.sent(p, L(W.viaS3)));
        progress.sent({ loaded: f.size, total: f.size }, L(W.viaS3));
        final = await watch(ticket.uploadId, () => false);
      } else {
        // 2–3. Through the console, which imports before it answers: poll while the request runs.
        status.say(L([ticket.message, ticket.messageEn]));
        const json = JSON.stringify({
          fileName: f.name,
          contentBase64: toBase64(new Uint8Array(await f.arrayBuffer())),
        });
        let answered = false;
        const watching = watch(ticket.uploadId, () => answered);
        try {
          final = await postToConsole<UploadView>(ticket.path, json, (p) =>
            progress.sent(p, L(W.viaConsole)),
          );
        } finally {
          answered = true;
          await watching.catch(() => undefined);
        }
        progress.sent({ loaded: json.length, total: json.length }, L(W.viaConsole));
        progress.imported(final);
      }
      if (!final) return;
      status.say('');
      replaceChildren(result, uploadSummary(ctx, campaignId, final));
      done();
    });
  });
  return form;
}
