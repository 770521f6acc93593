/** 五级评价: the five satisfaction levels and what counts as satisfied or as a bad review. */

export type SatisfactionLevel = 1 | 2 | 3 | 4 | 5;

export const SATISFACTION_LEVELS: readonly SatisfactionLevel[] = [5, 4, 3, 2, 1];

export const SATISFACTION_LABELS: Record<SatisfactionLevel, { 'zh-CN': string; en: string }> = {
  5: { 'zh-CN': '非常满意', en: 'Very satisfied' },
  4: { 'zh-CN': '满意', en: 'Satisfied' },
  3: { 'zh-CN': '基本满意', en: 'Fairly satisfied' },
  2: { 'zh-CN': '不满意', en: 'Dissatisfied' },
  1: { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
};

export const isSatisfactionLevel = (x: unknown): x is SatisfactionLevel =>
  x === 1 || x === 2 || x === 3 || x === 4 || x === 5;

/** 满意率 counts 非常满意 + 满意 + 基本满意 as satisfied (the default rule). */
export const isSatisfied = (level: SatisfactionLevel): boolean => level >= 3;

/** 差评: one of the bottom two levels. */
export const isBadLevel = (level: SatisfactionLevel): boolean => level <= 2;

/** Maps a level to its 0–100 score with a mapping indexed from level 1 to level 5. */
export const levelScore = (level: SatisfactionLevel, mapping: readonly number[]): number =>
  mapping[level - 1]!;
