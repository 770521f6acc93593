/**
 * Soak: a steady submission rate against `npm start`'s server (a child process),
 * sampling the server's RSS every second and each minute's p99. Passes when RSS stays within 10 %
 * of its post-warm-up level and the last minute's p99 is within 20 % of the first measured minute's.
 * A minute's RSS is the median of its 60 samples: one sample a minute lands anywhere on the
 * garbage collector's saw-tooth (a 15 % swing seen once, gone the next minute), while a leak moves
 * the median; the largest single sample is printed beside it.
 * The server runs with `npm start`'s own Node flags (local/server-command.ts); RSS follows
 * V8's committed heap, which those flags keep near the live size. SOAK_NODE_FLAGS adds flags after
 * them (e.g. `--max-old-space-size=4096` shows the heap V8 chooses without the cap).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DemoForm } from '../local/seed';
import { localServerArgs } from '../local/server-command';
import { newSubmission, percentile, post, REALISTIC_QUESTION_IDS, seeded } from '../test/reliability/client';

const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string; forms: DemoForm[] }> {
  // SOAK_HEAP_DIR=dir: the server writes a heap snapshot (after a full GC) there on SIGUSR2,
  // taken after the warm-up minute and after the last one, to tell retained objects from GC headroom.
  // (Writing a snapshot itself raises RSS by about 130 MB, so such a run's RSS ratio means nothing.)
  const heapDir = process.env.SOAK_HEAP_DIR;
  const diagnostics = heapDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : [];
  const extra = (process.env.SOAK_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, localServerArgs([...extra, ...diagnostics]), {
    env: {
      ...process.env,
      PORT: '0',
      IN_MEMORY: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((ok, fail) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (!out.includes('Press Ctrl-C')) return;
      const baseUrl = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const forms = out.split('\n').flatMap((l) => {
        const m = /^(http\S+\/f\/\?t=(\S+))\s+(.*)$/.exec(l);
        return m ? [{ url: m[1]!, token: m[2]!, name: m[3]!, servicePointId: '' }] : [];
      });
      ok({ child, baseUrl, forms });
    });
    child.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
}

/**
 * The forms whose questionnaire has every question the load client may answer (`realisticAnswers`):
 * `npm start` also prints the Ordos window's bilingual form, whose questionnaire is shorter, and
 * the answers sent there would be refused with 400 naming the unknown questions.
 */
async function formsAnswered(baseUrl: string, forms: DemoForm[]): Promise<DemoForm[]> {
  const kept = await Promise.all(
    forms.map(async (form) => {
      const res = await fetch(`${baseUrl}/api/v1/forms/${form.token}`);
      if (!res.ok) return false;
      const body = (await res.json()) as { questionnaire: { questions: { id: string }[] } };
      const ids = new Set(body.questionnaire.questions.map((q) => q.id));
      return REALISTIC_QUESTION_IDS.every((id) => ids.has(id));
    }),
  );
  const out = forms.filter((_, i) => kept[i]);
  if (out.length === 0) throw new Error('no demo form asks the questions the load client answers');
  return out;
}

export async function soak(minutes: number, ratePerSecond: number) {
  const started = await startServer();
  const { child, baseUrl } = started;
  const forms = await formsAnswered(baseUrl, started.forms).catch((err) => {
    child.kill('SIGINT');
    throw err;
  });
  const rnd = seeded(42);
  const windows: { p99: number; rssKb: number; rssMaxKb: number; n: number; errors: number }[] = [];
  try {
    for (let m = 0; m < minutes; m++) {
      const latencies: number[] = [];
      let errors = 0;
      const rssSamples: number[] = [];
      const sampler = setInterval(() => rssSamples.push(rssKb(child.pid!)), 1000);
      const end = Date.now() + 60_000;
      const inflight: Promise<void>[] = [];
      for (let tick = Date.now(); tick < end; tick += 1000 / ratePerSecond) {
        const wait = tick - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const s = newSubmission(forms[Math.floor(rnd() * forms.length)]!, rnd);
        inflight.push(
          post(baseUrl, s).then((o) => {
            latencies.push(o.ms);
            if (o.status !== 201) errors++;
          }),
        );
      }
      await Promise.all(inflight);
      clearInterval(sampler);
      windows.push({
        p99: percentile(latencies, 99),
        rssKb: percentile(rssSamples, 50),
        rssMaxKb: Math.max(...rssSamples),
        n: latencies.length,
        errors,
      });
      const w = windows[windows.length - 1]!;
      if (process.env.SOAK_HEAP_DIR && (m === 1 || m === minutes - 1)) child.kill('SIGUSR2');
      console.log(
        `  soak minute ${m + 1}: n=${w.n} errors=${w.errors} p99=${w.p99.toFixed(1)}ms rss median ${(w.rssKb / 1024).toFixed(0)}MB (max ${(w.rssMaxKb / 1024).toFixed(0)}MB)`,
      );
    }
  } finally {
    child.kill('SIGINT');
  }
  // Minute 1 is warm-up (JIT, caches, connection pools); compare the rest against minute 2.
  const base = windows[Math.min(1, windows.length - 1)]!;
  const last = windows[windows.length - 1]!;
  const maxRss = Math.max(...windows.slice(1).map((w) => w.rssKb));
  return {
    rssGrowth: maxRss / base.rssKb,
    p99Drift: last.p99 / base.p99,
    errors: windows.reduce((n, w) => n + w.errors, 0),
    errorsAfterWarmUp: windows.slice(1).reduce((n, w) => n + w.errors, 0),
  };
}
