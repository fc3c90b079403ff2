/**
 * @module
 * koa-flash 1.0.0 is a Koa 1 generator middleware. Koa 3 accepts it without complaint but never
 * runs it (koa-compose resolves the generator object and moves on), so every request would see
 * no flash at all. koa-convert is how its users run it today; it is not a dependency of the
 * bench, so this is the same idea in a few lines: drive the generator, awaiting what it yields.
 */
import type { Context, Middleware, Next } from 'koa'

type LegacyMiddleware = (this: Context, next: Generator) => Generator

export function convert(legacy: LegacyMiddleware): Middleware {
  return async (ctx: Context, next: Next) => {
    // `yield* next` in the legacy code delegates to this: it yields the downstream promise.
    const downstream = (function* (): Generator<Promise<void>, unknown, unknown> {
      return yield next()
    })()
    const steps = legacy.call(ctx, downstream)
    let step = steps.next()
    while (!step.done) {
      let value: unknown
      try {
        value = await step.value
      } catch (error) {
        step = steps.throw(error)
        continue
      }
      step = steps.next(value)
    }
  }
}
