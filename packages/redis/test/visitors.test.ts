/**
 * One browser, several anonymous visitor mailboxes: each has a cookie of its own name, so two
 * requests that create one each in parallel (two tabs submitting, two fetch POSTs) both reach the
 * browser, which keeps one cookie per name, and the next page reads both. Through each adapter
 * and each client, over real HTTP with a cookie jar.
 */
import { parseSetCookie, type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { CLIENTS, commandsRunDuring, connect, mailboxKeys, type TestClient } from './clients.js'

let redis: RedisServer
let observer: TestClient
beforeAll(async () => {
  redis = await startRedis()
  observer = await connect('ioredis', redis.url)
})
afterAll(async () => {
  await observer.close()
  await redis.stop()
})

/** A visitor cookie's name: the default name, a dot, the first 12 hex digits of the visitor id. */
const VISITOR_COOKIE = /^messages_visitor\.[0-9a-f]{12}$/

/** The names of the visitor cookies in `browser`'s jar. */
function visitorCookies(browser: Visitor): string[] {
  const header = browser.jar.header() ?? ''
  return header
    .split('; ')
    .map((pair) => pair.slice(0, pair.indexOf('=')))
    .filter((name) => name.startsWith('messages_visitor'))
}

/** `[name, deletes]` of each `Set-Cookie`, sorted by name. */
function cookieChanges(setCookies: readonly string[]): [string, boolean][] {
  return byName(setCookies.map(parseSetCookie).map((c) => [c.name, c.deletes]))
}

function byName(changes: [string, boolean][]): [string, boolean][] {
  return changes.sort(([a], [b]) => a.localeCompare(b))
}

/** Commands the server ran during `action`, counted by the observer connection. */
const commandsDuring = (action: () => Promise<unknown>) => commandsRunDuring(observer, action)

for (const clientName of CLIENTS) {
  for (const framework of FRAMEWORKS) {
    describe(`${framework} with ${clientName}: parallel first messages of a visitor`, () => {
      const prefix = `visitors-${framework}-${clientName}:`
      let client: TestClient
      let app: RunningApp
      beforeAll(async () => {
        client = await connect(clientName, redis.url)
        app = await startApp(framework, { client: client.client, prefix })
      })
      afterAll(async () => {
        await app.close()
        await client.close()
      })

      const keys = () => mailboxKeys(client, `${prefix}*`)

      /** Two parallel adds from `browser`, then the pages that show them: both, exactly once. */
      async function bothArrive(browser: Visitor, texts: [string, string]): Promise<void> {
        await Promise.all(texts.map((text) => browser.add(text)))
        // Each request created a mailbox of its own, under a cookie of its own name.
        const cookies = visitorCookies(browser)
        expect(cookies).toHaveLength(2)
        for (const name of cookies) expect(name).toMatch(VISITOR_COOKIE)
        const shown = await browser.request('/show')
        expect((JSON.parse(shown.body) as string[]).sort()).toEqual([...texts].sort())
        expect(cookieChanges(shown.setCookies)).toEqual(byName(cookies.map((name) => [name, true])))
        expect(await browser.show()).toEqual([])
        expect(visitorCookies(browser)).toEqual([])
        expect(await keys()).toEqual([])
      }

      it('two parallel adds without a visitor cookie: the next page shows both, once', async () => {
        for (let round = 0; round < 5; round++) {
          await bothArrive(new Visitor(app.url), [`A${round}`, `B${round}`])
        }
      })

      it('again after the list empties and its cookie is deleted', async () => {
        const browser = new Visitor(app.url)
        await browser.add('First.')
        expect(await browser.show()).toEqual(['First.'])
        expect(visitorCookies(browser)).toEqual([])
        for (let round = 0; round < 3; round++) await bothArrive(browser, [`C${round}`, `D${round}`])
      })

      it('a later add goes to the first mailbox, merging the second into it, moved messages first', async () => {
        const browser = new Visitor(app.url)
        await Promise.all([browser.add('One.'), browser.add('Two.')])
        const [first, second] = visitorCookies(browser)
        const added = await browser.request('/add?text=Three.', 'POST')
        // The first mailbox receives (its cookie refreshed); the second emptied (its cookie deleted).
        expect(cookieChanges(added.setCookies)).toEqual(
          byName([
            [first!, false],
            [second!, true],
          ]),
        )
        expect(visitorCookies(browser)).toEqual([first])
        const shown = await browser.show()
        expect(shown).toHaveLength(3)
        expect(shown.slice(0, 2).sort()).toEqual(['One.', 'Two.'])
        expect(shown[2]).toBe('Three.')
        expect(visitorCookies(browser)).toEqual([])
        expect(await keys()).toEqual([])
      })

      it('logging in moves every visitor mailbox into the account, and deletes every visitor cookie', async () => {
        const browser = new Visitor(app.url)
        await Promise.all([browser.add('Cart saved.'), browser.add('Coupon applied.')])
        const cookies = visitorCookies(browser)
        expect(cookies).toHaveLength(2)
        const login = await browser.request('/login?as=visitors-login&text=Welcome', 'POST')
        expect(cookieChanges(login.setCookies)).toEqual(
          byName([
            [cookies[0]!, true],
            [cookies[1]!, true],
            ['uid', false],
          ]),
        )
        expect(await keys()).toEqual([`${prefix}{user:visitors-login}`])
        const shown = await browser.show()
        expect(shown.slice(0, 2).sort()).toEqual(['Cart saved.', 'Coupon applied.'])
        expect(shown[2]).toBe('Welcome')
        expect(await keys()).toEqual([])
      })
    })
  }
}

for (const framework of FRAMEWORKS) {
  describe(`${framework}: many visitor cookies, and the cookie of before`, () => {
    const prefix = `visitors-${framework}:`
    let client: TestClient
    let app: RunningApp
    beforeAll(async () => {
      client = await connect('node-redis', redis.url)
      app = await startApp(framework, { client: client.client, prefix })
      // Load the scripts once, so EVALSHA finds them (a fresh server answers NOSCRIPT once).
      const warm = new Visitor(app.url, 'warm-up')
      await warm.add('x')
      await warm.show()
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    const keys = () => mailboxKeys(client, `${prefix}*`)

    it('a request reads at most 4 visitor cookies; the next one reads the others', async () => {
      const browser = new Visitor(app.url)
      const texts = Array.from({ length: 6 }, (_, i) => `Visitor ${i}.`)
      // Six mailboxes, each made by a browser of its own, their cookies then carried by one.
      for (const text of texts) {
        const maker = new Visitor(app.url)
        const added = await maker.request(`/add?text=${encodeURIComponent(text)}`, 'POST')
        const cookie = parseSetCookie(added.setCookies[0]!)
        browser.jar.set(cookie.name, cookie.value)
      }
      const cookies = visitorCookies(browser)
      expect(cookies).toHaveLength(6)
      let first: { status: number; body: string; setCookies: string[] } | undefined
      // Each claim script runs one LRANGE (a settle never does): one per mailbox read.
      const firstCounts = await commandsDuring(async () => {
        first = await browser.request('/show')
      })
      expect(firstCounts['lrange']).toBe(4)
      expect(JSON.parse(first!.body)).toEqual(texts.slice(0, 4))
      expect(cookieChanges(first!.setCookies)).toEqual(
        byName(cookies.slice(0, 4).map((name) => [name, true])),
      )
      let second: string[] = []
      const secondCounts = await commandsDuring(async () => {
        second = await browser.show()
      })
      expect(secondCounts['lrange']).toBe(2)
      expect(second).toEqual(texts.slice(4))
      expect(visitorCookies(browser)).toEqual([])
      expect(await commandsDuring(() => browser.show())).toEqual({})
      expect(await keys()).toEqual([])
    })

    it('a visitor cookie of before (named messages_visitor) is still read, refreshed and deleted when emptied', async () => {
      const browser = new Visitor(app.url)
      await browser.add('From before.')
      // The value is the same as before this change (the signed `visitor:<id>`): only the name moved.
      const [name] = visitorCookies(browser)
      const value = browser.jar.get(name!)!
      browser.jar.delete(name!)
      browser.jar.set('messages_visitor', value)
      const added = await browser.request('/add?text=And%20now.', 'POST')
      expect(cookieChanges(added.setCookies)).toEqual([['messages_visitor', false]])
      expect(visitorCookies(browser)).toEqual(['messages_visitor'])
      const shown = await browser.request('/show')
      expect(JSON.parse(shown.body)).toEqual(['From before.', 'And now.'])
      expect(cookieChanges(shown.setCookies)).toEqual([['messages_visitor', true]])
      expect(await keys()).toEqual([])
    })

    it('a tampered visitor cookie of either name is deleted, and costs no command', async () => {
      const browser = new Visitor(app.url)
      const forged = `visitor:${'0'.repeat(32)}:forged:signature`
      browser.jar.set('messages_visitor', forged)
      browser.jar.set('messages_visitor.000000000000', forged)
      let shown: { status: number; body: string; setCookies: string[] } | undefined
      expect(
        await commandsDuring(async () => {
          shown = await browser.request('/show')
        }),
      ).toEqual({})
      expect(shown!.body).toBe('[]')
      expect(cookieChanges(shown!.setCookies)).toEqual([
        ['messages_visitor', true],
        ['messages_visitor.000000000000', true],
      ])
    })

    it("a genuine visitor value under another visitor's name is not read", async () => {
      const browser = new Visitor(app.url)
      await browser.add('Mine.')
      const [name] = visitorCookies(browser)
      const value = browser.jar.get(name!)!
      browser.jar.delete(name!)
      browser.jar.set('messages_visitor.000000000000', value)
      const shown = await browser.request('/show')
      expect(shown.body).toBe('[]')
      expect(cookieChanges(shown.setCookies)).toEqual([['messages_visitor.000000000000', true]])
    })
  })
}
