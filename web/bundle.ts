/**
 * The one set of esbuild settings every page's script is built with (form, worker, console,
 * display, tracking page), and the content-hashed asset paths they are served under.
 */
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

/**
 * Citizens' phones, window displays (smart TVs, Android boxes, old PCs) and the tracking page:
 * devices that are years old.
 */
export const PHONE_TARGET = ['es2019', 'chrome64', 'safari12', 'firefox68'];

/** Staff desktops: current browsers of the last few years. */
export const CONSOLE_TARGET = ['es2020', 'chrome80', 'safari14', 'firefox78', 'edge88'];

/** Bundles one entry (absolute path) into a minified IIFE; `define` replaces global identifiers. */
export async function bundleJs(
  entry: string,
  target: string[],
  define: Record<string, string> = {},
): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target,
    charset: 'utf8',
    legalComments: 'none',
    // esbuild flags Safari < 14.1 for a destructuring edge-case bug and cannot lower destructuring;
    // Safari 12 runs the plain destructuring this code uses, so we accept it rather than drop iOS 12.
    supported: { destructuring: true },
    define,
    write: false,
  });
  return out.outputFiles[0]!.text.trim();
}

/** `/assets/<name>-<first 10 hex of sha256>.<ext>`: a new path whenever the content changes. */
export const hashedAssetPath = (name: string, text: string | Uint8Array, ext: string): string =>
  `/assets/${name}-${createHash('sha256').update(text).digest('hex').slice(0, 10)}.${ext}`;
