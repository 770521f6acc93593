/** DynamoDB Local needs Java 17 or later; say so in one line rather than with a stack trace. */
import { spawnSync } from 'node:child_process';

export const JAVA_HINT =
  'DynamoDB Local needs Java 17 or later: install it (Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless; macOS: brew install openjdk@17) and make sure `java` is on PATH.';

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(`${JAVA_HINT} (${detail})`);
  }
}

/** Returns the Java major version, or throws `JavaMissingError`. */
export function checkJava(): number {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error) throw new JavaMissingError('java not found');
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : Number.NaN;
  if (!(major >= 17)) throw new JavaMissingError(`found ${match ? match[0] : 'an unknown Java'}`);
  return major;
}
