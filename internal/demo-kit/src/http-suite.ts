/**
 * @module
 * The demos' behaviour over plain HTTP (no browser), written once: the 422 path, `/api/messages`,
 * deleting, the playground's validation and the storage switch. Runs where Chromium does not.
 */
import { escapeHtml } from '@flash/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DemoHarness, startWithLogs } from './harness.js'
import { cookiesNamed, HttpClient, messagesIn } from './http-client.js'
import { NOTE_MISSING } from './notes.js'
import { NOTES_LINK } from './playground.js'
import { DEMO_USER_COOKIE, redisOffered } from './redis-demo.js'

/** Strip tags and decode the entities the demos' escapers write. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e: string) =>
      e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'amp' ? '&' : "'",
    )
}

const texts = (html: string) => messagesIn(html).map((m) => textOf(m.html))

/** Declare the HTTP tests for one demo app. */
export function runHttpSuite(harness: DemoHarness): void {
  describe(`demo over HTTP: ${harness.name}`, () => {
    let demo: Awaited<ReturnType<typeof startWithLogs>>
    beforeAll(async () => {
      demo = await startWithLogs(harness)
    })
    afterAll(async () => {
      await demo?.close()
    })
    const client = () => new HttpClient(demo.url)

    test('a valid note redirects (303) and the success message is shown once', async () => {
      const http = client()
      const post = await http.submit('/notes', { title: '  Groceries ' })
      expect([post.status, post.location]).toEqual([303, '/'])
      expect(cookiesNamed(post, 'messages')).toHaveLength(1)
      const page = await http.get('/')
      expect(page.status).toBe(200)
      expect(messagesIn(page.body)).toEqual([
        { tags: 'success', role: 'status', html: '“Groceries” was created.' },
      ])
      expect(page.body).toContain('Groceries</span>')
      expect(texts((await http.get('/')).body)).toEqual([])
    })

    test('an empty title: 422, the error with the form on that response, nothing stored', async () => {
      const http = client()
      const response = await http.submit('/notes', { title: '   ' })
      expect(response.status).toBe(422)
      expect(messagesIn(response.body)).toEqual([
        { tags: 'error', role: 'alert', html: 'A note needs a title.' },
      ])
      expect(response.body).toContain('aria-invalid="true"')
      expect(response.setCookies.filter((c) => c.startsWith('messages='))).toEqual([])
      expect(texts((await http.get('/')).body)).toEqual([])
    })

    test('odd bodies are answered with 4xx, never 500', async () => {
      const http = client()
      expect((await http.submit('/notes', 'title=%ZZ&title=%20')).status).toBe(422)
      expect((await http.submit('/notes', '')).status).toBe(422)
      expect((await http.submit('/playground', 'count=1e3&level[]=x')).status).toBe(422)
      const json = await http.send('/notes', {
        method: 'POST',
        body: '{"title":',
        headers: { 'content-type': 'application/json' },
      })
      expect(json.status).toBeGreaterThanOrEqual(400)
      expect(json.status).toBeLessThan(500)
      expect((await http.submit(`/notes/${'9'.repeat(40)}/delete`, '')).status).toBe(303)
    })

    test('deleting redirects with a success message; deleting a missing note warns', async () => {
      const http = client()
      await http.submit('/notes', { title: 'Short-lived' })
      const page = await http.get('/')
      const id = /action="\/notes\/(\d+)\/delete"/.exec(page.body)?.[1]
      expect(id).toMatch(/^\d+$/)
      const remove = await http.submit(`/notes/${id}/delete`, '')
      expect([remove.status, remove.location]).toEqual([303, '/'])
      expect(messagesIn((await http.get('/')).body)).toEqual([
        { tags: 'success', role: 'status', html: '“Short-lived” was deleted.' },
      ])
      await http.submit(`/notes/${id}/delete`, '')
      expect(messagesIn((await http.get('/')).body)).toEqual([
        { tags: 'warning', role: 'alert', html: NOTE_MISSING },
      ])
    })

    test('/api/messages answers the pending messages as JSON and consumes them', async () => {
      const http = client()
      const post = await http.submit('/playground', {
        level: '50',
        extraTags: 'ops',
        text: 'Disk full',
        count: '2',
        length: '0',
      })
      expect([post.status, post.location]).toEqual([303, '/playground'])
      const api = await http.get('/api/messages')
      expect(api.status).toBe(200)
      expect(JSON.parse(api.body)).toEqual({
        messages: [1, 2].map((i) => ({
          level: 50,
          message: `Disk full (${i}/2)`,
          extraTags: 'ops',
          levelTag: 'critical',
          tags: 'ops critical',
          safe: false,
        })),
      })
      expect(JSON.parse((await http.get('/api/messages')).body)).toEqual({ messages: [] })
    })

    test('playground: invalid input re-renders the form with 422 and the errors', async () => {
      const http = client()
      const response = await http.submit('/playground', {
        level: '11',
        text: '',
        count: '51',
        length: '-1',
      })
      expect(response.status).toBe(422)
      expect(texts(response.body)).toEqual([
        'Choose a level: DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL.',
        'A message needs a text.',
        '"How many" is a whole number from 1 to 50.',
        '"Pad to" is a whole number of characters from 0 to 1000.',
      ])
      expect(texts((await http.get('/playground')).body)).toEqual([])
    })

    test('playground: a level below the minimum adds a warning instead of nothing', async () => {
      const http = client()
      await http.submit('/playground', { level: '10', text: 'Hidden', count: '1' })
      expect(
        JSON.parse((await http.get('/api/messages')).body).messages.map(
          (m: { message: string }) => m.message,
        ),
      ).toEqual(["Nothing was added: DEBUG (10) is below this request's minimum level INFO (20)."])
      await http.submit('/playground', { level: '10', text: 'Shown', count: '1', minLevel: '10' })
      expect(texts((await http.get('/playground')).body)).toEqual(['Shown'])
    })

    test('playground: text is always escaped, also with the server-written link (markSafe)', async () => {
      const http = client()
      const attack = '<img src=x onerror="window.__xss=1">'
      await http.submit('/playground', { level: '20', text: attack, count: '1' })
      // `trusted` is what the playground used to markSafe; request input is never HTML now.
      await http.submit('/playground', { level: '20', text: attack, trusted: 'on', link: 'on' })
      const shown = messagesIn((await http.get('/playground')).body)
      expect(shown.map((m) => textOf(m.html))).toEqual([attack, `${attack} Back to your notes`])
      expect(shown[0]!.html).not.toContain('<img')
      expect(shown[1]!.html).toBe(`${escapeHtml(attack)} ${NOTES_LINK}`)
    })

    test('the storage switch: session storage keeps messages out of the message cookie', async () => {
      const http = client()
      const change = await http.submit('/playground/storage', { storage: 'session' })
      expect([change.status, change.location]).toEqual([303, '/playground'])
      expect(cookiesNamed(change, 'demo_storage')[0]).toMatch(/^demo_storage=session;/)
      const post = await http.submit('/playground', { level: '25', text: 'In the session', count: '3' })
      expect(cookiesNamed(post, 'messages')).toEqual([])
      const page = await http.get('/playground')
      expect(page.body).toMatch(/<dd id="where-session">3 messages<\/dd>/)
      expect(page.body).toMatch(/<dd id="where-cookie">none<\/dd>/)
      expect(texts(page.body)).toEqual([1, 2, 3].map((i) => `In the session (${i}/3)`))
      expect((await http.submit('/playground/storage', { storage: 'nonsense' })).status).toBe(422)
      expect(demo.logs).toEqual([])
    })

    test('without REDIS_URL: Redis is not offered, and the background job says what it needs', async () => {
      expect(redisOffered(), 'the HTTP suite runs without REDIS_URL').toBe(false)
      const http = client()
      const page = await http.get('/playground')
      expect(page.body).not.toContain('value="redis"')
      expect(page.body).not.toContain('id="background-job"')
      const redis = await http.submit('/playground/storage', { storage: 'redis' })
      expect(redis.status).toBe(422)
      expect(cookiesNamed(redis, 'demo_storage')).toEqual([])
      const job = await http.submit('/playground/job', '')
      expect([job.status, job.location]).toEqual([303, '/playground'])
      expect(cookiesNamed(job, DEMO_USER_COOKIE)[0]).toMatch(/^demo_user=[0-9a-f]{32};/)
      expect(texts((await http.get('/playground')).body)).toEqual([
        'Background jobs need Redis: start the demo with REDIS_URL set.',
      ])
    })

    test('CSRF: a form posted by another site is refused (403) and stores nothing', async () => {
      const http = client()
      await http.submit('/notes', { title: 'Mine' })
      const id = /action="\/notes\/(\d+)\/delete"/.exec((await http.get('/')).body)?.[1]
      expect(id).toMatch(/^\d+$/)
      // The victim's own cookies go along (the strongest case): only the token or Origin is missing.
      const forged: [string, Record<string, string>][] = [
        [
          '/playground',
          { level: '20', text: '<img src=x onerror="window.__xss=1">', trusted: 'on', link: 'on' },
        ],
        ['/notes', { title: 'Planted' }],
        [`/notes/${id}/delete`, {}],
        ['/playground/storage', { storage: 'cookie' }],
      ]
      const origins: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: 'null' }, {}]
      for (const [path, form] of forged) {
        for (const headers of origins) {
          const response = await http.postForm(path, form, headers)
          expect([path, headers, response.status]).toEqual([path, headers, 403])
          expect(response.setCookies.filter((c) => /^(messages|demo_storage)=/.test(c))).toEqual([])
        }
      }
      // A text/plain form (no urlencoded body to read a token from) is refused too, never a 500.
      const plain = await http.send('/notes', {
        method: 'POST',
        body: 'title=Planted',
        headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      })
      expect(plain.status).toBe(403)
      const page = await http.get('/playground')
      expect(messagesIn(page.body)).toEqual([])
      expect(page.body).toMatch(/<strong id="storage-name">fallback<\/strong>/)
      const notes = (await http.get('/')).body
      expect(notes).toContain('Mine</span>')
      expect(notes).not.toContain('Planted')
    })

    test('CSRF: the same forms from the demo itself still work', async () => {
      const http = client()
      expect((await http.submit('/playground/storage', { storage: 'cookie' })).status).toBe(303)
      expect((await http.submit('/playground', { level: '25', text: 'From here', count: '1' })).status).toBe(
        303,
      )
      const page = await http.get('/playground')
      expect(texts(page.body)).toEqual(['From here'])
      expect(page.body).toMatch(/<strong id="storage-name">cookie<\/strong>/)
    })
  })
}
