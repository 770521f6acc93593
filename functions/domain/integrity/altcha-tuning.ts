/**
 * ALTCHA proof-of-work difficulty (SHA-256, v1 protocol: find n ≤ maxnumber with
 * SHA-256(salt + n) = challenge). The secret number is uniform in [0, maxnumber], so a solver
 * tries maxnumber / 2 hashes on average and maxnumber at worst.
 *
 * Budget: a low-end phone must solve within 2 s. Measured on this machine (bench/altcha-solve
 * figures in the issue report): the form's solver, a plain SHA-256 loop in a Web Worker, does
 * about 1.1 M hashes/s on one x86 core under Node. Low-end Android phones (Cortex-A53 class, the
 * floor of phones still in use) run JavaScript about 8–10 times slower than a desktop core, so
 * ~110 k hashes/s. With maxnumber = 100 000 the mean solve is ~0.45 s and the worst case ~0.9 s
 * there, leaving a factor of two for thermal throttling and WebView overhead within 2 s.
 * For a stuffer the cost is the point: 500 ballots cost 500 × 50 000 hashes, trivial for a PC,
 * so ALTCHA only raises the price of scripted stuffing from phones; the quiet limits do the rest.
 */
export const ALTCHA_MAX_NUMBER = 100_000;

/** A challenge must be solved and submitted within this time (the form solves on submit). */
export const ALTCHA_TTL_SECONDS = 20 * 60;
