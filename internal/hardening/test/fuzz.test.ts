/**
 * Fuzzing the cookie reader through each adapter: hostile `messages` cookies sent to a route that
 * renders messages. Figures are printed at the end; the rules are exact: no 5xx, no message shown
 * from a cookie the app did not sign with its secret, nothing shown from signed junk, the controls
 * shown exactly, no prototype pollution.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADAPTERS,
  type AdapterName,
  type Exchange,
  type HardeningApp,
  type Plan,
  SECRET,
  type ShownMessage,
  startApp,
} from '../src/apps/index.js'
import { RUNS, seedFor } from '../src/arbitraries.js'
import { effectiveValue, type FuzzInput, mutations, signedCorpus, wire } from '../src/fuzz-inputs.js'
import { setCookieValue } from '../src/jar.js'

/** Generated mutations per adapter and storage. */
const FUZZ_RUNS = Number(process.env['HARDENING_FUZZ_RUNS'] ?? Math.max(100, Math.round(RUNS / 2)))

interface Figures {
  inputs: number
  status: Map<number, number>
  refused: number
  serverErrors: number
  forgeriesAccepted: number
  signedJunkAccepted: number
  controlsShown: number
  badCookiesCleared: number
  pollutionChecks: number
}

const figures = new Map<string, Figures>()

function prototypeSnapshot(): string {
  return JSON.stringify([
    Object.getOwnPropertyNames(Object.prototype).sort(),
    Object.getOwnPropertyNames(Array.prototype).sort(),
    Object.getOwnPropertyNames(Function.prototype).sort(),
    Object.getOwnPropertyNames(String.prototype).sort(),
  ])
}
const PROTOTYPES = prototypeSnapshot()

function assertNoPollution(f: Figures) {
  f.pollutionChecks++
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  expect(([] as { polluted?: unknown }).polluted).toBeUndefined()
  expect(prototypeSnapshot()).toBe(PROTOTYPES)
}

/** Genuine cookies, made by the app itself: short, several, compressed, unicode, safe, with tags. */
async function genuineCookies(app: HardeningApp): Promise<string[]> {
  const plans: Plan['add'][] = [
    [{ level: 20, text: 'one', extraTags: null, safe: false }],
    [
      { level: 25, text: 'saved', extraTags: 'profile', safe: false },
      { level: 40, text: '<b>failed</b>', extraTags: '', safe: true },
    ],
    Array.from({ length: 8 }, (_, i) => ({
      level: 30,
      text: `repeated text ${i} `.repeat(8),
      extraTags: null,
      safe: false,
    })),
    [{ level: 20, text: 'ünïcödé 💥 “quotes” \\ \n', extraTags: 'ẞ', safe: false }],
  ]
  const cookies: string[] = []
  for (const add of plans) {
    const plan: Plan = { count: false, add, display: 'none', keep: false, after: [] }
    const res = await app.request('/run', { method: 'POST', body: JSON.stringify(plan) })
    const value = setCookieValue(res.setCookies, 'messages')
    if (value === undefined) throw new Error(`the ${app.adapter} app set no message cookie`)
    cookies.push(value)
  }
  return cookies
}

function fuzzSuite(adapter: AdapterName, storage: 'cookie' | 'fallback') {
  describe(`${adapter}, storage "${storage}"`, () => {
    let app: HardeningApp
    let genuine: string[]
    const f: Figures = {
      inputs: 0,
      status: new Map(),
      refused: 0,
      serverErrors: 0,
      forgeriesAccepted: 0,
      signedJunkAccepted: 0,
      controlsShown: 0,
      badCookiesCleared: 0,
      pollutionChecks: 0,
    }
    figures.set(`${adapter}/${storage}`, f)

    beforeAll(async () => {
      app = await startApp(adapter, { flash: { secret: SECRET, storage }, session: storage === 'fallback' })
      genuine = await genuineCookies(app)
    })
    afterAll(() => app.close())

    /** Send one input and check every rule; returns what was shown. */
    async function probe(input: FuzzInput): Promise<void> {
      f.inputs++
      const res: Exchange | 'refused' = await app.requestWithRawCookie('/show', input.header)
      if (res === 'refused') {
        f.refused++
        return
      }
      f.status.set(res.status, (f.status.get(res.status) ?? 0) + 1)
      if (res.status >= 500) f.serverErrors++
      expect(res.status, `${input.label}: ${JSON.stringify(input.header.slice(0, 200))}`).toBeLessThan(500)
      assertNoPollution(f)
      if (res.status !== 200) return
      const shown = (JSON.parse(res.body) as { shown: ShownMessage[] }).shown.map((m) => m.text)
      const value = effectiveValue(input.header)
      const isGenuine = value !== undefined && genuine.includes(value)
      if (input.kind === 'forged' && !isGenuine) {
        if (shown.length > 0) f.forgeriesAccepted++
        expect(
          shown,
          `forgery accepted: ${input.label}: ${JSON.stringify(input.header.slice(0, 200))}`,
        ).toEqual([])
      }
      if (input.kind === 'signed-bad') {
        if (shown.length > 0) f.signedJunkAccepted++
        expect(shown, input.label).toEqual([])
      }
      if (input.kind === 'signed-good') {
        expect(shown, input.label).toEqual(input.expect)
        f.controlsShown++
      }
      // A bad cookie the app read: cookie storage deletes it on the way out (the display touched the
      // storage); fallback storage leaves it, as Django's does (its cookie backend "was not used").
      if (!isGenuine && input.kind !== 'signed-good' && value) {
        const written = setCookieValue(res.setCookies, 'messages')
        if (storage === 'cookie') {
          expect(written, `bad cookie not cleared: ${input.label}`).toBe('')
          f.badCookiesCleared++
        } else expect(written, `fallback wrote the message cookie: ${input.label}`).toBeUndefined()
      }
    }

    it('the fixed corpus: signed junk, other salts and secrets, controls', async () => {
      for (const input of await signedCorpus(SECRET)) await probe(input)
      // The genuine cookies themselves show (so a mutation that shows nothing is meaningful).
      for (const value of genuine) {
        const res = await app.requestWithRawCookie('/show', `messages=${value}`)
        expect(res === 'refused' ? [] : (JSON.parse(res.body) as { shown: unknown[] }).shown.length).not.toBe(
          0,
        )
      }
    })

    it(`${FUZZ_RUNS} mutations of genuine cookies`, async () => {
      const seed = seedFor()
      await fc.assert(
        fc.asyncProperty(mutations(genuine), (input) => probe(input)),
        { numRuns: FUZZ_RUNS, seed },
      )
    })

    it('unicode and control characters around the cookie name and value', async () => {
      for (const header of [
        wire('messages=💥'),
        'messages=\u0000',
        'messages=\u007f\u0080\u00ff',
        wire(`messages=${genuine[0]}\u200b`),
        `messages=${genuine[0]}\t`,
        `  messages = ${genuine[0]}  `,
        'messages',
        'messages=',
        '=; ;;',
        `${'x'.repeat(100)}=${'y'.repeat(100)}; messages=${genuine[0]!.slice(1)}`,
      ]) {
        await probe({ label: 'handcrafted header', kind: 'forged', header })
      }
    })
  })
}

describe('fuzzing the cookie reader', () => {
  for (const adapter of ADAPTERS) {
    fuzzSuite(adapter, 'cookie')
    fuzzSuite(adapter, 'fallback')
  }
})

afterAll(() => {
  const lines = [...figures].map(([name, f]) => {
    const statuses = [...f.status]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')
    return (
      `${name}: ${f.inputs} inputs (${statuses}${f.refused ? `, refused by the client API: ${f.refused}` : ''}); ` +
      `5xx: ${f.serverErrors}; forgeries accepted: ${f.forgeriesAccepted}; signed junk accepted: ${f.signedJunkAccepted}; ` +
      `controls shown: ${f.controlsShown}; bad cookies cleared: ${f.badCookiesCleared}; pollution checks: ${f.pollutionChecks}, polluted: 0`
    )
  })
  console.log(`cookie fuzzing\n  ${lines.join('\n  ')}`)
})
