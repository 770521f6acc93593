/** Questionnaire contents by version, read once per request however many responses refer to them. */
import { versionKey } from '../../domain/dashboard';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { VersionReader } from './ports';

export interface VersionCache {
  /** The content of a version, or undefined when it is gone. */
  get(questionnaireId: string, version: number): Promise<QuestionnaireContent | undefined>;
  /** Every content read so far, keyed by `versionKey`. */
  readonly loaded: ReadonlyMap<string, QuestionnaireContent>;
}

export function versionCache(reader: VersionReader): VersionCache {
  const pending = new Map<string, Promise<QuestionnaireContent | undefined>>();
  const loaded = new Map<string, QuestionnaireContent>();
  return {
    loaded,
    get(questionnaireId, version) {
      const key = versionKey(questionnaireId, version);
      let p = pending.get(key);
      if (!p) {
        p = reader.getVersion(questionnaireId, version).then((v) => {
          if (v) loaded.set(key, v.content);
          return v?.content;
        });
        pending.set(key, p);
      }
      return p;
    },
  };
}
