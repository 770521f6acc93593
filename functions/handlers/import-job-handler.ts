/**
 * The agency-file import's handler (S3 ObjectCreated → the same import code the local console
 * route runs), around injected ports. Object keys are `uploads/{campaignId}/{uploadId}/{analystId}/{fileName}`,
 * written through a presigned URL whose issuer checked that the analyst's agency is the campaign's
 * and recorded the upload as `pending` under that uploadId first (services/campaigns/presign-upload.ts).
 * Tests invoke it with a fake S3 event; import-job.ts wires it to AWS.
 */
import type { S3Event } from 'aws-lambda';
import type { Upload } from '../domain/campaign';
import { type ImportOptions, importFile } from '../services/campaigns/import/run-import';
import type { CampaignOrgReader, CampaignStore } from '../services/campaigns/ports';
import { countiesOf } from '../services/campaigns/scope';
import { parseUploadKey } from '../services/campaigns/upload-key';
import type { Clock } from '../services/ports';

/** Reads an uploaded object's bytes (S3 in AWS; a local file or memory in tests). */
export interface FileReader {
  read(bucket: string, key: string): Promise<Uint8Array>;
}

export interface ImportJobDeps {
  files: FileReader;
  store: CampaignStore;
  org: CampaignOrgReader;
  clock: Clock;
  limits?: ImportOptions['limits'];
}

/** Statuses after which an upload is never imported again (S3 may deliver one event twice). */
const SETTLED: ReadonlySet<Upload['status']> = new Set(['done', 'failed', 'withdrawn']);

/**
 * Why an object is not imported, or undefined when its upload record is the console's ticket for
 * it: issued for the bucket path to the analyst the key names, and not settled yet. `validating`
 * and `importing` are taken up again: that is Lambda retrying an attempt that died half-way (the
 * import is idempotent per interview id).
 */
function refusal(u: Upload | undefined, uploadedBy: string): string | undefined {
  if (!u) return 'no upload ticket';
  if (u.via !== 's3' || u.uploadedBy !== uploadedBy) return 'object does not match its upload ticket';
  if (SETTLED.has(u.status)) return `upload already ${u.status}`;
  return undefined;
}

/**
 * 1. For each record, parses the key; unknown keys and campaigns are skipped and logged.
 * 2. Takes up the `pending` upload the console recorded under the key's uploadId; objects without
 *    such a ticket, and uploads already done, failed or withdrawn, are skipped and logged.
 * 3. Reads the object and runs the shared import with the campaign's county scope, writing
 *    progress as it goes (rows read, then rows written) for the console page to poll.
 * 4. Returns the uploads' final states.
 */
export function createImportJobHandler(
  deps: ImportJobDeps,
  log: (msg: string, extra?: object) => void = () => {},
) {
  return async (event: S3Event): Promise<Upload[]> => {
    const out: Upload[] = [];
    for (const record of event.Records) {
      const parsed = parseUploadKey(record.s3.object.key);
      if (!parsed) {
        log('ignored object', { key: record.s3.object.key });
        continue;
      }
      const campaign = await deps.store.getCampaign(parsed.campaignId);
      if (!campaign) {
        log('unknown campaign', { campaignId: parsed.campaignId });
        continue;
      }
      const pending = await deps.store.getUpload(parsed.campaignId, parsed.uploadId);
      const refused = refusal(pending, parsed.uploadedBy);
      if (refused) {
        log('skipped object', { key: record.s3.object.key, reason: refused });
        continue;
      }
      const bytes = await deps.files.read(record.s3.bucket.name, record.s3.object.key);
      const counties = new Set((await countiesOf(deps.org, campaign.provinceId)).map((c) => c.id));
      out.push(
        await importFile(
          deps.store,
          campaign,
          { fileName: parsed.fileName, bytes },
          {
            uploadId: parsed.uploadId,
            uploadedBy: parsed.uploadedBy,
            pending,
            now: () => deps.clock.now(),
            counties,
            limits: deps.limits,
          },
        ),
      );
    }
    return out;
  };
}
