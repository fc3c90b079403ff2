/**
 * @module
 * A known amount of handler code, for the calibration row (`s3-django-work`): what N µs of work
 * in a handler costs in this harness's server CPU per request. A ratio target of 0.97 leaves a
 * library a few µs per request only if one µs of its code reads as one µs here, which the row
 * checks rather than assumes.
 *
 * The work is an integer loop with no memory traffic and no allocation, so its cost does not
 * depend on caches or on the garbage collector: timed at startup (best of several runs, after
 * the JIT has compiled it), it takes the same time inside a busy server.
 */

/**
 * The µs of work the calibration row adds to the handler of "S3 in Django's format by hand": well
 * above the noise between two processes (2-10% of a request here), so the rate it gives is read
 * from a difference the run can see.
 */
export const CALIBRATION_WORK_MICROS = 10

/** Read after each run, so the loop cannot be removed as dead code. */
let sink = 0

function spin(iterations: number): number {
  let x = sink | 1
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1103515245) + 12345) | 0
  return x
}

/** How many iterations of the loop take `micros` µs on this machine. */
function iterationsFor(micros: number): number {
  const probe = 2_000_000
  for (let i = 0; i < 3; i++) sink = spin(probe)
  let best = Number.POSITIVE_INFINITY
  for (let run = 0; run < 7; run++) {
    const start = process.hrtime.bigint()
    sink = spin(probe)
    best = Math.min(best, Number(process.hrtime.bigint() - start))
  }
  return Math.max(1, Math.round((probe / best) * micros * 1000))
}

/** A function that does `micros` µs of CPU work per call, calibrated once, now. */
export function calibratedWork(micros: number): () => void {
  const iterations = iterationsFor(micros)
  return () => {
    sink = spin(iterations)
  }
}

/** The work the handler of `scenario` adds: the calibrated µs for the calibration row, none otherwise. */
export function addedWork(scenario: string): () => void {
  return scenario === 's3-django-work' ? calibratedWork(CALIBRATION_WORK_MICROS) : () => {}
}
