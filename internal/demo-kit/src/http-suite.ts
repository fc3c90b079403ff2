/**
 * @module
 * The demos' behaviour over plain HTTP (no browser), written once: the 422 path, `/api/messages`,
 * deleting, the playground's validation and the storage switch. Runs where Chromium does not.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DemoHarness, startWithLogs } from './harness.js'
import { cookiesNamed, HttpClient, messagesIn } from './http-client.js'
import { NOTE_MISSING } from './notes.js'

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
      const post = await http.postForm('/notes', { title: '  Groceries ' })
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
      const response = await http.postForm('/notes', { title: '   ' })
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
      expect((await http.postForm('/notes', 'title=%ZZ&title=%20')).status).toBe(422)
      expect((await http.postForm('/notes', '')).status).toBe(422)
      expect((await http.postForm('/playground', 'count=1e3&level[]=x')).status).toBe(422)
      const json = await http.send('/notes', {
        method: 'POST',
        body: '{"title":',
        headers: { 'content-type': 'application/json' },
      })
      expect(json.status).toBeGreaterThanOrEqual(400)
      expect(json.status).toBeLessThan(500)
      expect((await http.postForm(`/notes/${'9'.repeat(40)}/delete`, '')).status).toBe(303)
    })

    test('deleting redirects with a success message; deleting a missing note warns', async () => {
      const http = client()
      await http.postForm('/notes', { title: 'Short-lived' })
      const page = await http.get('/')
      const id = /action="\/notes\/(\d+)\/delete"/.exec(page.body)?.[1]
      expect(id).toMatch(/^\d+$/)
      const remove = await http.postForm(`/notes/${id}/delete`, '')
      expect([remove.status, remove.location]).toEqual([303, '/'])
      expect(messagesIn((await http.get('/')).body)).toEqual([
        { tags: 'success', role: 'status', html: '“Short-lived” was deleted.' },
      ])
      await http.postForm(`/notes/${id}/delete`, '')
      expect(messagesIn((await http.get('/')).body)).toEqual([
        { tags: 'warning', role: 'alert', html: NOTE_MISSING },
      ])
    })

    test('/api/messages answers the pending messages as JSON and consumes them', async () => {
      const http = client()
      const post = await http.postForm('/playground', {
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
      const response = await http.postForm('/playground', {
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
      await http.postForm('/playground', { level: '10', text: 'Hidden', count: '1' })
      expect(
        JSON.parse((await http.get('/api/messages')).body).messages.map(
          (m: { message: string }) => m.message,
        ),
      ).toEqual(["Nothing was added: DEBUG (10) is below this request's minimum level INFO (20)."])
      await http.postForm('/playground', { level: '10', text: 'Shown', count: '1', minLevel: '10' })
      expect(texts((await http.get('/playground')).body)).toEqual(['Shown'])
    })

    test('playground: untrusted text is escaped, trusted text is HTML', async () => {
      const http = client()
      const attack = '<img src=x onerror="window.__xss=1">'
      await http.postForm('/playground', { level: '20', text: attack, count: '1' })
      await http.postForm('/playground', {
        level: '20',
        text: '<a href="/playground#x">docs</a>',
        trusted: 'on',
      })
      const shown = messagesIn((await http.get('/playground')).body)
      expect(shown.map((m) => textOf(m.html))).toEqual([attack, 'docs'])
      expect(shown[0]!.html).not.toContain('<img')
      expect(shown[1]!.html).toBe('<a href="/playground#x">docs</a>')
    })

    test('the storage switch: session storage keeps messages out of the message cookie', async () => {
      const http = client()
      const change = await http.postForm('/playground/storage', { storage: 'session' })
      expect([change.status, change.location]).toEqual([303, '/playground'])
      expect(cookiesNamed(change, 'demo_storage')[0]).toMatch(/^demo_storage=session;/)
      const post = await http.postForm('/playground', { level: '25', text: 'In the session', count: '3' })
      expect(cookiesNamed(post, 'messages')).toEqual([])
      const page = await http.get('/playground')
      expect(page.body).toMatch(/<dd id="where-session">3 messages<\/dd>/)
      expect(page.body).toMatch(/<dd id="where-cookie">none<\/dd>/)
      expect(texts(page.body)).toEqual([1, 2, 3].map((i) => `In the session (${i}/3)`))
      expect((await http.postForm('/playground/storage', { storage: 'nonsense' })).status).toBe(422)
      expect(demo.logs).toEqual([])
    })
  })
}
