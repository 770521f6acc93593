/**
 * ALTCHA proof-of-work difficulty (SHA-256, v1 protocol of altcha-lib: find n ≤ maxnumber with
 * SHA-256(salt + n) = challenge). The secret number is uniform in [0, maxnumber], so a solver
 * tries maxnumber / 2 hashes on average and maxnumber at worst.
 *
 * Budget: a low-end phone must solve within 2 s, worst case. Browsers solve with WebCrypto's
 * `subtle.digest`, which is asynchronous: its per-call overhead, not SHA-256 itself, sets the rate.
 * Measured on the development machine (2 cores at a load average of ~19, i.e. heavily starved):
 * altcha-lib's own solver managed ~14 000 hashes/s, a bare `subtle.digest` loop ~12 000/s (a
 * synchronous node:crypto loop 76 000/s). We take ~10 000 hashes/s as the floor of a low-end
 * Android phone (Cortex-A53 class): no better than that starved core. Hence maxnumber = 20 000:
 * ~1 s on average and ≤ 2 s at worst on such a phone with one solver, a few hundred ms on a
 * current one. The form runs up to four of altcha's workers (one per spare core), which should
 * shorten that on the many-core phones low-end models are; the budget does not count on it.
 *
 * Checked in a browser by `npm run bench` (bench/altcha-solve.ts): the form's own solver (altcha's
 * SHA worker code) in Chromium at a 4× CPU throttle solves the worst case (secret = maxnumber)
 * in 0.8–1.1 s on this machine under load (~20 000 hashes/s), about half the budget. CDP
 * throttles the page's JavaScript but not WebCrypto's hashing thread, so that figure flatters a
 * slow phone; the 10 000 hashes/s floor above stays the planning figure. No real phone was measured.
 *
 * The price for a stuffer is small (10 000 hashes a ballot); ALTCHA only slows scripted mass
 * submission, and the quiet limits and signals do the rest.
 */
export const ALTCHA_MAX_NUMBER = 20_000;

/**
 * A challenge must be solved and submitted within this time. The form fetches and solves one as
 * soon as it renders and, when a queued submission waited longer (offline), solves a new one
 * before sending (web/form/pow.ts); 20 minutes cover a slow citizen without a second solve.
 */
export const ALTCHA_TTL_SECONDS = 20 * 60;
