/**
 * A province's score-shaping settings, one record per province with numbered versions: the one
 * score mapping its questionnaires are published with, the integrity defaults (quiet limits,
 * ballot modes, unit networks, opening hours) under any questionnaire's own, and how far behind
 * the rated side sees its own figures. Only the province level (`settings:write`) writes a new
 * version; versions are never changed or deleted, so the version a figure was made under stays
 * traceable.
 */
import type { QuestionnaireContent, QuestionnaireSettings } from '../schemas/questionnaire';
import { DEFAULT_SCORE_MAPPING } from './score-settings';

export type ScoreMapping = [number, number, number, number, number];

export interface FiguresSettings {
  /**
   * Staff below the province see their own counts and scores up to the end of this many working
   * days back (1: the end of the previous working day).
   */
  unitCutoffWorkingDays: number;
}

export interface ProvinceSettings {
  provinceId: string;
  /** 0 for the built-in defaults nobody has saved yet; 1, 2, … for saved versions. */
  version: number;
  scoreMapping: ScoreMapping;
  integrity: QuestionnaireSettings;
  figures: FiguresSettings;
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_FIGURES_SETTINGS: FiguresSettings = { unitCutoffWorkingDays: 1 };

export const defaultProvinceSettings = (provinceId: string): ProvinceSettings => ({
  provinceId,
  version: 0,
  scoreMapping: [...DEFAULT_SCORE_MAPPING],
  integrity: {} as QuestionnaireSettings,
  figures: { ...DEFAULT_FIGURES_SETTINGS },
});

/**
 * A questionnaire's content as it is published in a province: the province's one score mapping,
 * whatever the draft said, and the province's integrity defaults under the questionnaire's own
 * settings (its quiet limits field by field; unit networks of both).
 */
export function publishedContent(
  content: QuestionnaireContent,
  province: ProvinceSettings,
): QuestionnaireContent {
  const d = province.integrity ?? {};
  const q = content.settings;
  const settings = { ...d, ...q } as QuestionnaireSettings;
  if (d.limits || q?.limits) settings.limits = { ...d.limits, ...q?.limits };
  if (d.unitNetworks || q?.unitNetworks) {
    settings.unitNetworks = [...new Set([...(d.unitNetworks ?? []), ...(q?.unitNetworks ?? [])])];
  }
  const hasSettings = Object.keys(settings).length > 0;
  const { settings: _own, ...rest } = content;
  return { ...rest, scoreMapping: [...province.scoreMapping], ...(hasSettings ? { settings } : {}) };
}
