import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildAggregateUpdate, buildImportBatchInput } from '../../../functions/db/scoring-repository';
import type { Interview } from '../../../functions/domain/campaign';
import { answerSums } from '../../../functions/domain/scoring/aggregate';
import { decodeText } from '../../../functions/services/campaigns/import/decode';
import { batches } from '../../../functions/services/campaigns/import/run-import';
import { readHeader, readRow } from '../../../functions/services/campaigns/import/validate-row';
import { campaignOf } from '../../fixtures/campaign';

const c = campaignOf();
const iv = (id: string, countyId: string): Interview => ({
  interviewId: id,
  countyId,
  day: '2026-10-02',
  mode: 'phone',
  weight: 1,
  answers: { q_overall: 5 },
  uploadId: 'u',
  line: 2,
});

describe('import batches', () => {
  it('never exceed the 100-item transaction limit', () => {
    const ivs = Array.from({ length: 1000 }, (_, i) =>
      iv(`I${i}`, `1301${String(i % 7).padStart(2, '0')}`),
    ).sort((a, b) => (a.countyId < b.countyId ? -1 : 1));
    const bs = batches(ivs, 5);
    expect(bs.flat()).toHaveLength(1000);
    for (const b of bs) {
      expect(buildImportBatchInput('T', c, 'u', b).TransactItems!.length).toBeLessThanOrEqual(100);
    }
  });

  it('puts each interview conditionally on its (campaign, id) key', () => {
    const input = buildImportBatchInput('T', c, 'u', [iv('A', '130628')]);
    const put = input.TransactItems![2]!.Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.Item!.pk).toEqual({ S: `IV#${c.id}#A` });
    expect(input.TransactItems![0]!.ConditionCheck!.ConditionExpression).toBe('#s = :open');
  });

  it('subtracts when withdrawing', () => {
    const u = buildAggregateUpdate('T', 'c', '130628', 'overall', answerSums(80, 2, 4, true), -1).Update!;
    expect(u.ExpressionAttributeValues![':swx']).toEqual({ N: '-160' });
    expect(u.ExpressionAttributeValues![':l4']).toEqual({ N: '-1' });
  });
});

describe('reading agency files', () => {
  it('reads UTF-8 as is and converts GBK with a note', () => {
    expect(decodeText(new TextEncoder().encode('区县代码'))).toEqual({ text: '区县代码' });
    const gbk = decodeText(iconv.encode('区县代码,访问方式', 'gbk'))!;
    expect(gbk.text).toBe('区县代码,访问方式');
    expect(gbk.note?.messageEn).toContain('GBK');
  });

  it('decodes GBK and GB18030 exactly as iconv-lite did: every CJK ideograph, punctuation and four-byte characters', () => {
    const chars: string[] = [];
    for (let cp = 0x4e00; cp <= 0x9fa5; cp++) chars.push(String.fromCodePoint(cp));
    const text = `区县代码,访问方式,权重\r\n${chars.join('')}，。、“”《》【】！？：；（）·—…￥ABC123\r\n`;
    for (const encoding of ['gbk', 'gb18030']) {
      const bytes = iconv.encode(text, encoding);
      expect(decodeText(bytes)?.text).toBe(iconv.decode(bytes, 'gb18030'));
      expect(decodeText(bytes)?.text).toBe(text);
    }
    // Outside the BMP and outside GBK: four-byte GB18030 sequences.
    const rare = '𠀀𪚥€';
    expect(decodeText(iconv.encode(rare, 'gb18030'))?.text).toBe(rare);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    expect(decodeText(Uint8Array.from([0x81, 0x20, 0xff, 0x30]))).toBeUndefined();
  });

  it('accepts the Chinese headers and level words', () => {
    const h = readHeader(
      ['访问编号', '区县代码', '访问日期', '访问方式', '权重', ...c.questions.map((q) => q.id)],
      c.questions,
    );
    if (!('header' in h)) throw new Error('header refused');
    const r = readRow(
      h.header,
      2,
      ['A-1', '130628', '2026/10/2', '面访', '', '非常满意', '基本满意', '', '拒答', '2'],
      {
        settings: c,
        counties: new Set(['130628']),
        uploadId: 'u',
      },
    );
    expect(r).toEqual({
      interview: {
        interviewId: 'A-1',
        countyId: '130628',
        day: '2026-10-02',
        mode: 'face_to_face',
        weight: 1,
        answers: { q_overall: 5, q_window: 3, q_antigang: 2 },
        uploadId: 'u',
        line: 2,
      },
    });
  });
});

describe('weight cells', () => {
  const h = readHeader(
    ['访问编号', '区县代码', '访问日期', '访问方式', '权重', ...c.questions.map((q) => q.id)],
    c.questions,
  );
  if (!('header' in h)) throw new Error('header refused');
  const read = (weight: string) =>
    readRow(h.header, 2, ['A-1', '130628', '2026-10-02', '电话', weight, ...c.questions.map(() => '5')], {
      settings: c,
      counties: new Set(['130628']),
      uploadId: 'u',
    });

  it('take plain decimals', () => {
    for (const [raw, w] of [
      ['2', 2],
      ['0.75', 0.75],
      ['.5', 0.5],
      ['1000', 1000],
    ] as const) {
      expect(read(raw)).toMatchObject({ interview: { weight: w } });
    }
  });

  it('refuse hex, exponents, signs and separators as a row error naming the weight', () => {
    for (const raw of ['0x10', '1e2', '+2', '-1', '1,000', 'Infinity', '0', '1001']) {
      const r = read(raw);
      expect(r, raw).not.toHaveProperty('interview');
      expect(JSON.stringify(r), raw).toContain('weight');
    }
  });
});

describe('weight trimming', () => {
  const h = readHeader(
    ['访问编号', '区县代码', '访问日期', '访问方式', '权重', ...c.questions.map((q) => q.id)],
    c.questions,
  );
  if (!('header' in h)) throw new Error('header refused');
  const read = (weight: string, weightCap?: number) =>
    readRow(h.header, 2, ['A-1', '130628', '2026-10-02', '电话', weight, ...c.questions.map(() => '5')], {
      settings: { ...c, weightCap },
      counties: new Set(['130628']),
      uploadId: 'u',
    });

  it("counts a weight above the campaign's cap at the cap and keeps the filed one beside", () => {
    expect(read('12', 5)).toMatchObject({ interview: { weight: 5, weightAsFiled: 12 } });
    const under = read('4.5', 5);
    expect(under).toMatchObject({ interview: { weight: 4.5 } });
    expect(under).not.toHaveProperty('interview.weightAsFiled');
  });

  it('leaves weights alone without a cap', () => {
    expect(read('12')).toMatchObject({ interview: { weight: 12 } });
  });
});
