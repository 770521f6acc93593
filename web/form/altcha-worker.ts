/**
 * The proof-of-work worker: altcha's own SHA solver (`altcha/workers/sha`), built into a separate,
 * content-hashed file that the form loads only when its questionnaire asks for ALTCHA. It is
 * bundled rather than copied so esbuild lowers its class fields for Safari 12 and Chrome 64.
 * Protocol: `{ type: 'work', challenge, counterMode, counterStart, counterStep, timeout }` in,
 * `{ counter, derivedKey, time }` (or null on timeout, `{ error }` on failure) out.
 */
import 'altcha/workers/sha';
