import { describe, expect, it } from 'vitest';
import { REALISTIC_QUESTION_IDS, realisticAnswers, seeded } from '../../reliability/client';

describe('the load client (reliability tests and the soak)', () => {
  it('lists every question its realistic answers may answer, and no other', () => {
    const rnd = seeded(7);
    const answered = new Set<string>();
    for (let i = 0; i < 500; i++) for (const id of Object.keys(realisticAnswers(rnd))) answered.add(id);
    expect([...answered].sort()).toEqual([...REALISTIC_QUESTION_IDS].sort());
  });
});
