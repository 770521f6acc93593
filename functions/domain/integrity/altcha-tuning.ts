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
 * ~1 s on average and ≤ 2 s at worst on such a phone, a few hundred ms on a current one.
 * The price for a stuffer is small (10 000 hashes a ballot); ALTCHA only slows scripted mass
 * submission, and the quiet limits and signals do the rest.
 */
export const ALTCHA_MAX_NUMBER = 20_000;

/** A challenge must be solved and submitted within this time (the form solves on submit). */
export const ALTCHA_TTL_SECONDS = 20 * 60;
