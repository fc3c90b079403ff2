/**
 * Model-based property tests: random sequences of requests against each storage through each
 * adapter, compared request by request with the reference model of Django's semantics
 * (src/model.ts). A failure prints fast-check's seed and path; replay it with
 * `HARDENING_SEED=<seed> npx vitest run --project hardening`.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADAPTERS,
  type AdapterName,
  type HardeningApp,
  type Plan,
  type PlanMessage,
  type PlanResult,
  SECRET,
  type ShownMessage,
  startApp,
} from '../src/apps/index.js'
import { message, plan, RUNS, seedFor } from '../src/arbitraries.js'
import { CookieJar, setCookieValue } from '../src/jar.js'
import { cookieJsonLength, runModel, signedCookieBound, tagsOf } from '../src/model.js'

const MAX_COOKIE_SIZE = 2048
type StorageName = 'cookie' | 'session' | 'fallback'
const STORAGES: readonly { storage: StorageName; session: boolean }[] = [
  { storage: 'cookie', session: false },
  { storage: 'session', session: true },
  { storage: 'fallback', session: true },
]

interface Model {
  stored: PlanMessage[]
}
interface Real {
  readonly app: HardeningApp
  readonly storage: StorageName
  readonly jar: CookieJar
}

/** Figures printed at the end. */
const figures: string[] = []

/** What every response must respect, whatever the request did. */
function checkResponse(real: Real, setCookies: readonly string[]) {
  const value = setCookieValue(setCookies, 'messages')
  if (value !== undefined) expect(value.length).toBeLessThanOrEqual(MAX_COOKIE_SIZE)
  if (real.storage === 'session') expect(value).toBeUndefined()
}

/** The jar holds a message cookie exactly when the model holds messages (the cookie goes first). */
function checkJar(model: Model, real: Real) {
  const has = real.jar.get('messages') !== undefined
  expect(has).toBe(real.storage !== 'session' && model.stored.length > 0)
}

class RequestCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly plan: Plan) {}

  check(): boolean {
    return true
  }

  async run(model: Model, real: Real): Promise<void> {
    const expected = runModel(model.stored, this.plan)
    const sessionWrites = real.app.sessionWrites()
    const warnings = real.app.warnings().length
    const res = await real.app.request('/run', {
      method: 'POST',
      headers: real.jar.headers(),
      body: JSON.stringify(this.plan),
    })
    expect(res.status).toBe(200)
    const body = JSON.parse(res.body) as PlanResult
    expect(body.shown).toEqual(expected.shown)
    expect(body.count).toBe(expected.count)
    checkResponse(real, res.setCookies)
    if (!expected.writes) {
      expect(res.setCookies).toEqual([])
      expect(real.app.sessionWrites()).toBe(sessionWrites)
    }
    // Nothing reported as lost: sequences of cookie storage stay under the limit, the others never drop.
    expect(real.app.warnings().slice(warnings)).toEqual([])
    real.jar.store(res.setCookies)
    model.stored = expected.stored
    checkJar(model, real)
  }

  toString(): string {
    return `request(${JSON.stringify(this.plan)})`
  }
}

class UntouchedCommand implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true
  }

  async run(model: Model, real: Real): Promise<void> {
    const sessionWrites = real.app.sessionWrites()
    const res = await real.app.request('/untouched', { headers: real.jar.headers() })
    expect(res.status).toBe(200)
    expect(res.body).toBe('ok')
    expect(res.setCookies).toEqual([])
    expect(real.app.sessionWrites()).toBe(sessionWrites)
    checkJar(model, real)
  }

  toString(): string {
    return 'untouched'
  }
}

/** Keeps cookie-storage sequences under the cookie limit, so the model needs no compression. */
function fitsCookie(storage: StorageName) {
  return (command: RequestCommand) =>
    storage !== 'cookie' ||
    // Every prefix of the sequence is checked again in run(); here the plan alone must fit.
    signedCookieBound(cookieJsonLength([...command.plan.add, ...command.plan.after])) <= MAX_COOKIE_SIZE
}

function commands(storage: StorageName) {
  const request = plan(storage !== 'cookie')
    .map((p) => new RequestCommand(p))
    .filter(fitsCookie(storage))
  return fc.commands<Model, Real, false>([request, fc.constant(new UntouchedCommand())], { maxCommands: 5 })
}

/** After a sequence, everything the model still holds is shown, once, in order. */
async function finalRead(model: Model, real: Real) {
  const res = await real.app.request('/show', { headers: real.jar.headers() })
  expect(res.status).toBe(200)
  const expected: ShownMessage[] = model.stored.map((m) => ({ ...m, tags: tagsOf(m) }))
  expect((JSON.parse(res.body) as { shown: ShownMessage[] }).shown).toEqual(expected)
  real.jar.store(res.setCookies)
  expect(real.jar.get('messages')).toBeUndefined()
}

function modelSuite(adapter: AdapterName) {
  describe(`model-based: ${adapter}`, () => {
    for (const { storage, session } of STORAGES) {
      describe(`storage "${storage}"`, () => {
        let app: HardeningApp
        beforeAll(async () => {
          app = await startApp(adapter, { flash: { secret: SECRET, storage }, session })
        })
        afterAll(() => app.close())

        it(`${RUNS} random request sequences match the reference model`, async () => {
          const seed = seedFor()
          let sequences = 0
          let requests = 0
          let rejectedByCookieBudget = 0
          await fc.assert(
            fc.asyncProperty(commands(storage), async (cmds) => {
              sequences++
              const model: Model = { stored: [] }
              const real: Real = { app, storage, jar: new CookieJar() }
              // Cookie storage: a request whose outcome would overflow the cookie is skipped.
              const guarded = [...cmds].map(budget(storage, () => rejectedByCookieBudget++))
              await fc.asyncModelRun(() => ({ model, real }), guarded)
              requests += guarded.length + 1
              await finalRead(model, real)
            }),
            { numRuns: RUNS, seed },
          )
          figures.push(
            `${adapter}/${storage}: ${sequences} sequences, ${requests} requests, seed ${seed}` +
              (storage === 'cookie'
                ? `, ${rejectedByCookieBudget} commands skipped by the cookie budget`
                : ''),
          )
        })
      })
    }
  })
}

/**
 * For cookie storage, wrap a request so it is skipped (check() false) when the model's stored
 * list after it would not fit the cookie uncompressed: then the model never has to drop.
 */
function budget(storage: StorageName, onSkip: () => void) {
  return (command: fc.AsyncCommand<Model, Real>): fc.AsyncCommand<Model, Real> => {
    if (storage !== 'cookie' || !(command instanceof RequestCommand)) return command
    return {
      check: (model) => {
        const fits =
          signedCookieBound(cookieJsonLength(runModel(model.stored, command.plan).stored)) <= MAX_COOKIE_SIZE
        if (!fits) onSkip()
        return fits
      },
      run: (model, real) => command.run(model, real),
      toString: () => command.toString(),
    }
  }
}

/**
 * Cookie storage when full: Django drops the oldest. Exact: what is shown next is the newest part
 * of what was added, in order, and what is missing is exactly the oldest part, reported by name.
 */
function overflowSuite(adapter: AdapterName) {
  describe(`cookie overflow: ${adapter}`, () => {
    let app: HardeningApp
    beforeAll(async () => {
      app = await startApp(adapter, { flash: { secret: SECRET, storage: 'cookie' }, session: false })
    })
    afterAll(() => app.close())

    it('drops exactly the oldest, reports each of them, and keeps the cookie under 2048', async () => {
      const seed = seedFor()
      let dropped = 0
      const runs = Math.max(50, Math.round(RUNS / 5))
      const adds = fc.array(
        message(true).filter((m) => m.text !== ''),
        { minLength: 1, maxLength: 12 },
      )
      await fc.assert(
        fc.asyncProperty(adds, async (added) => {
          const jar = new CookieJar()
          const warnings = app.warnings().length
          const plan: Plan = { level: 1, count: false, add: added, display: 'none', keep: false, after: [] }
          const res = await app.request('/run', { method: 'POST', body: JSON.stringify(plan) })
          expect(res.status).toBe(200)
          const cookie = setCookieValue(res.setCookies, 'messages')
          expect(cookie).toBeDefined()
          expect(cookie!.length).toBeLessThanOrEqual(MAX_COOKIE_SIZE)
          jar.store(res.setCookies)
          const shown = (
            JSON.parse((await app.request('/show', { headers: jar.headers() })).body) as {
              shown: ShownMessage[]
            }
          ).shown
          const lost = added.length - shown.length
          expect(shown).toEqual(added.slice(lost).map((m) => ({ ...m, tags: tagsOf(m) })))
          if (signedCookieBound(cookieJsonLength(added)) <= MAX_COOKIE_SIZE) expect(lost).toBe(0)
          const reported = app.warnings().slice(warnings)
          if (lost === 0) expect(reported).toEqual([])
          else {
            dropped += lost
            const texts = added
              .slice(0, lost)
              .map((m) => JSON.stringify(m.text.slice(0, 80)))
              .join(', ')
            expect(reported).toEqual([
              `@flash/${adapter}: ${lost === 1 ? '1 message' : `${lost} messages`} could not be stored and will ` +
                `not be shown (the message cookie is limited to 2048 characters and cookie storage drops the ` +
                `oldest): ${texts}`,
            ])
          }
        }),
        { numRuns: runs, seed },
      )
      figures.push(
        `${adapter}/cookie overflow: ${runs} runs, ${dropped} oldest messages dropped and reported, seed ${seed}`,
      )
    })
  })
}

for (const adapter of ADAPTERS) {
  modelSuite(adapter)
  overflowSuite(adapter)
}

afterAll(() => {
  console.log(`model-based property tests\n  ${figures.join('\n  ')}`)
})
