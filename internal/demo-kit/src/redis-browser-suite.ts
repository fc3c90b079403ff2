/**
 * @module
 * The demos with Redis, in Chromium: a real redis-server, `REDIS_URL` set before the app starts,
 * the storage switcher offering Redis, and the "message from a background job" button whose
 * message (sent by `notify` two seconds later, outside any request) appears on the next page.
 * Skipped like the other browser tests when Chromium or redis-server is missing (a failure under CI).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHROMIUM_PATH } from './browser-suite.js'
import { type DemoHarness, startWithLogs } from './harness.js'
import { BACKGROUND_MESSAGE, JOB_DELAY_MS, redisReady } from './redis-demo.js'

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
]

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Declare the Redis browser test for one demo app. */
export function runRedisBrowserSuite(harness: DemoHarness): void {
  const title = `demo with Redis in Chromium: ${harness.name}`
  const missing = !existsSync(CHROMIUM_PATH) ? 'Chromium' : !hasRedisServer() ? 'redis-server' : undefined
  if (missing) {
    if (process.env['CI'] === 'true') {
      test(`${title}: ${missing} is installed`, () => {
        throw new Error(`CI=true and ${missing} is missing`)
      })
    } else describe.skip(title, () => test(`(${missing} missing)`, () => {}))
    return
  }

  describe(title, () => {
    let redis: RedisServer
    let demo: Awaited<ReturnType<typeof startWithLogs>>
    let browser: Browser
    beforeAll(async () => {
      redis = await startRedis()
      process.env['REDIS_URL'] = redis.url
      ;[demo, browser] = await Promise.all([
        startWithLogs(harness),
        chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS }),
      ])
      await redisReady()
    })
    afterAll(async () => {
      await Promise.all([browser?.close(), demo?.close()])
      delete process.env['REDIS_URL']
      await redis?.stop()
    })

    test('switch to Redis, queue a background job: its message appears on the next page, once', async () => {
      const context = await browser.newContext({ baseURL: demo.url })
      try {
        const page = await context.newPage()
        await page.goto('/playground')
        expect(
          await page
            .locator('input[name="storage"]')
            .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
        ).toEqual(['fallback', 'cookie', 'session', 'redis'])
        await page.check('input[name="storage"][value="redis"]')
        await Promise.all([page.waitForNavigation(), page.click('#switch')])
        expect(await page.textContent('#storage-name')).toBe('redis')

        // A message added in a request goes through Redis too.
        await page.fill('#text', 'Stored in Redis')
        await Promise.all([page.waitForNavigation(), page.click('#add')])
        expect(await page.locator('ul.messages > li').allTextContents()).toEqual([
          expect.stringContaining('Stored in Redis'),
        ])

        await Promise.all([page.waitForNavigation(), page.click('#background-job')])
        expect(await page.locator('ul.messages > li').count()).toBe(0)
        await page.waitForTimeout(JOB_DELAY_MS + 500)
        await page.goto('/')
        expect(await page.locator('ul.messages > li').allTextContents()).toEqual([
          expect.stringContaining(BACKGROUND_MESSAGE),
        ])
        await page.reload()
        expect(await page.locator('ul.messages > li').count()).toBe(0)
        expect(demo.logs).toEqual([])
      } finally {
        await context.close()
      }
    })
  })
}
