/** Builds the tracking page into `<outDir>/t/index.html` with its hashed script under assets/. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleJs, hashedAssetPath, PHONE_TARGET } from '../bundle';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Writes the page; `pageCssPath` is the shared stylesheet's hashed path, `mnFontPath` the Mongolian
 * font subset's (web/form/build.ts). Returns the files written.
 */
export async function buildTrackPage(
  outDir: string,
  pageCssPath: string,
  mnFontPath: string,
): Promise<string[]> {
  const js = `${await bundleJs(join(here, 'main.ts'), PHONE_TARGET, { MN_FONT_URL: JSON.stringify(mnFontPath) })}
`;
  const jsPath = hashedAssetPath('track', js, 'js');
  const tpl = await readFile(join(here, 'index.html'), 'utf8');
  const html = `${tpl
    .replace(/>\s+</g, '><')
    .trim()
    .split('/*PAGE_CSS*/')
    .join(pageCssPath)
    .split('/*TRACK_JS*/')
    .join(jsPath)}\n`;
  await mkdir(join(outDir, 't'), { recursive: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await writeFile(join(outDir, 't/index.html'), html);
  await writeFile(join(outDir, jsPath.slice(1)), js);
  return ['t/index.html', jsPath.slice(1)];
}
