/**
 * A request that logs in or out: its messages end up where the browser looks next, on every
 * adapter, with real logins (the test app's own `uid` cookie, which its `user` option reads
 * through the carrier, changed by the login and logout handlers mid-request, as a session is).
 */
import { parseSetCookie, type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier } from '../src/index.js'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { connect, mailboxKeys, type TestClient } from './clients.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

/** Which of this response's cookies it set (`true`: deleted). */
function cookiesOf(setCookies: readonly string[]): Record<string, boolean> {
  return Object.fromEntries(setCookies.map(parseSetCookie).map((c) => [c.name, c.deletes]))
}

/** The name of the one visitor cookie in `browser`'s jar: `messages_visitor.<first 12 hex of its id>`. */
function visitorCookieOf(browser: Visitor): string {
  const names = (browser.jar.header() ?? '')
    .split('; ')
    .map((pair) => pair.slice(0, pair.indexOf('=')))
    .filter((name) => name.startsWith('messages_visitor'))
  expect(names).toHaveLength(1)
  expect(names[0]).toMatch(/^messages_visitor\.[0-9a-f]{12}$/)
  return names[0]!
}

for (const framework of FRAMEWORKS) {
  describe(`${framework}: logging in and out`, () => {
    const prefix = `identity-${framework}:`
    let client: TestClient
    let app: RunningApp
    beforeAll(async () => {
      client = await connect('node-redis', redis.url)
      app = await startApp(framework, { client: client.client, prefix })
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    const keys = () => mailboxKeys(client, `${prefix}*`)

    it('a message added by the login request is shown on the first page of the account', async () => {
      const browser = new Visitor(app.url)
      const login = await browser.request('/login?as=ada&text=Welcome%20back', 'POST')
      expect(login.status).toBe(302)
      // In the account's mailbox, not in a visitor's: no visitor cookie, no visitor key.
      expect(cookiesOf(login.setCookies)).toEqual({ uid: false })
      expect(await keys()).toEqual([`${prefix}{user:ada}`])
      expect(await browser.show()).toEqual(['Welcome back'])
      expect(await browser.show()).toEqual([])
      expect(await keys()).toEqual([])
    })

    it('a message added by the logout request is shown on the first anonymous page, not at the next login', async () => {
      const browser = new Visitor(app.url)
      await browser.request('/login?as=bob', 'POST')
      const logout = await browser.request('/logout?text=Signed%20out', 'POST')
      expect(logout.status).toBe(302)
      expect(cookiesOf(logout.setCookies)).toEqual({ uid: true, [visitorCookieOf(browser)]: false })
      expect(await browser.show()).toEqual(['Signed out'])
      await browser.request('/login?as=bob', 'POST')
      expect(await browser.show()).toEqual([])
      expect(await keys()).toEqual([])
    })

    it("the anonymous visitor's waiting messages follow them into the account, and the visitor cookie goes", async () => {
      const browser = new Visitor(app.url)
      await browser.add('Cart saved.')
      await browser.add('Coupon applied.')
      const visitorCookie = visitorCookieOf(browser)
      const login = await browser.request('/login?as=cy&text=Welcome', 'POST')
      expect(cookiesOf(login.setCookies)).toEqual({ [visitorCookie]: true, uid: false })
      expect(await keys()).toEqual([`${prefix}{user:cy}`])
      expect(await browser.show()).toEqual(['Cart saved.', 'Coupon applied.', 'Welcome'])
      expect(await keys()).toEqual([])
    })

    it("a user's messages stay theirs: the next person to log in on the browser does not see them", async () => {
      const browser = new Visitor(app.url)
      await browser.request('/login?as=dan', 'POST')
      await browser.add('For dan only.')
      // The logout claims dan's message and does not display it (a redirect): it stays dan's.
      await browser.request('/logout?text=Signed%20out', 'POST')
      await browser.request('/login?as=eve&text=Hello%20eve', 'POST')
      // The anonymous page never displayed "Signed out": it follows the browser into eve's account.
      expect(await browser.show()).toEqual(['Signed out', 'Hello eve'])
      await browser.request('/logout', 'POST')
      await browser.request('/login?as=dan', 'POST')
      expect(await browser.show()).toEqual(['For dan only.'])
      expect(await keys()).toEqual([])
    })

    it("logged in elsewhere with the visitor cookie still set: the visitor's messages are shown, the cookie deleted", async () => {
      const browser = new Visitor(app.url)
      await browser.add('Before you signed in.')
      const visitorCookie = visitorCookieOf(browser)
      browser.user = 'fay'
      const shown = await browser.request('/show')
      expect(JSON.parse(shown.body)).toEqual(['Before you signed in.'])
      expect(cookiesOf(shown.setCookies)).toEqual({ [visitorCookie]: true })
      expect(await keys()).toEqual([])
    })

    it("parallel pages right after logging in show each of the visitor's messages exactly once", async () => {
      const browser = new Visitor(app.url)
      const texts = Array.from({ length: 5 }, (_, i) => `Waiting ${i}.`)
      for (const text of texts) await browser.add(text)
      const cookie = browser.jar.header()!
      // Ten tabs of the logged-in browser, all still sending the visitor cookie.
      const pages = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${app.url}/show`, { headers: { cookie, 'x-user': 'hal' } }).then(
            async (r) => JSON.parse(await r.text()) as string[],
          ),
        ),
      )
      expect(pages.flat().sort()).toEqual(texts)
      expect(await keys()).toEqual([])
    })

    it("a logged-in page that displays nothing moves the visitor's messages in front of the account's", async () => {
      const browser = new Visitor(app.url)
      await browser.add('Anonymous one.')
      // A background job writes to the account meanwhile.
      await createNotifier({ client: client.client, prefix })('gus', 20, 'Account one.')
      const visitorCookie = visitorCookieOf(browser)
      browser.user = 'gus'
      // Claimed from both (the visitor's first) and not displayed: both lists become the account's, in that order.
      const untouched = await browser.request('/untouched')
      expect(untouched.body).toBe('ok')
      expect(cookiesOf(untouched.setCookies)).toEqual({ [visitorCookie]: true })
      expect(await keys()).toEqual([`${prefix}{user:gus}`])
      expect(await browser.show()).toEqual(['Anonymous one.', 'Account one.'])
      expect(await keys()).toEqual([])
    })
  })
}
