/**
 * The app's error page after a finish that failed before the headers were sent (`strict: true`,
 * six messages that do not fit the cookie), on Express 5 and 4 over real HTTP, the cookies carried
 * back. A streamed page stores the messages at its first write: what its `res.end` displays after
 * that is not consumed, and is reported as late. The page is a response of its own: it is not
 * sent with the `Content-Length`, `Content-Type` and `Location` of the one the route made.
 */
import { randomTexts } from '@flash/adapter-suite'
import type { ErrorRequestHandler, Express } from 'express'
import { describe, expect, it } from 'vitest'
import { getMessages, info } from '../src/index.js'
import { testApp } from './app.js'
import { type Client, serve } from './client.js'
import { EXPRESS_VERSIONS, type ExpressFactory } from './harness.js'

/** Six messages of 600 random characters: more than a 2 KB message cookie holds. */
const SIX_LONG = randomTexts(6, 600, 11)

const overflowReport =
  '@flash/express: 3 messages could not be stored and will not be shown (the message cookie is limited to ' +
  `2048 characters and cookie storage drops the oldest): ${SIX_LONG.slice(0, 3)
    .map((text) => JSON.stringify(text.slice(0, 80)))
    .join(', ')}`

const lateDisplayReport =
  '@flash/express: 6 messages were displayed after @flash had stored the messages of this request, so they ' +
  'were not consumed and will show again on the next page: something read them after @flash ended the ' +
  'request, e.g. a middleware mounted before (outside) @flash that renders an error page or a layout once ' +
  'the rest returned, or a stream callback; mount @flash first, or read the messages before the response ' +
  'is returned (reported once)'

/** Writes its first chunk (the headers go out), then shows how many messages it displays. */
const streamedErrorPage: ErrorRequestHandler = (_error, req, res, _next) => {
  res.status(500)
  res.write('Error streamed, messages: ')
  res.end(String([...getMessages(req)].length))
}

/** Sent whole by `res.send(string)`, which keeps a `Content-Type` already set. */
const htmlErrorPage: ErrorRequestHandler = (_error, _req, res, _next) => {
  res.status(500).send('<p>Something went wrong.</p>')
}

function routes(app: Express) {
  const addSix = (req: Parameters<typeof info>[0]) => {
    for (const text of SIX_LONG) info(req, text)
  }
  app.get('/streamed/see-other', (req, res) => {
    addSix(req)
    res.status(303).set('Location', '/show').end()
  })
  app.get('/streamed/redirect', (req, res) => {
    addSix(req)
    res.cookie('theme', 'dark')
    res.redirect('/show')
  })
  app.use('/streamed', streamedErrorPage)
  app.get('/html/json', (req, res) => {
    addSix(req)
    res.json({ saved: true })
  })
  app.use('/html', htmlErrorPage)
}

async function start(express: ExpressFactory) {
  const { app, warnings } = testApp({ express, flash: { storage: 'cookie', strict: true }, routes })
  const served = await serve(app)
  return { ...served, warnings }
}

/** A GET that gives up after 2 s: a response whose `Content-Length` promises more than it sends never ends. */
const getWithin = (client: Client, path: string) =>
  client.send(path, { method: 'GET', signal: AbortSignal.timeout(2000) })

const shown = async (client: Client) => (await client.get('/show')).json() as Promise<string[]>

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  it('a streamed error page: what its res.end displays after the store at its first write is reported as late', async () => {
    const { client, close, warnings } = await start(express)
    try {
      const page = await getWithin(client, '/streamed/see-other')
      expect(page.status).toBe(500)
      expect(await page.text()).toBe('Error streamed, messages: 6')
      // Stored at the first write, before the display: the three that fit show again, as reported.
      expect(await shown(client)).toEqual(SIX_LONG.slice(3))
      expect(warnings).toEqual([overflowReport, lateDisplayReport])
    } finally {
      await close()
    }
  })

  it("a streamed error page after res.redirect() is sent without the redirect's Content-Length and Location", async () => {
    const { client, close, warnings } = await start(express)
    try {
      const page = await getWithin(client, '/streamed/redirect')
      expect(page.status).toBe(500)
      expect(page.headers.get('content-length')).toBeNull()
      expect(page.headers.get('location')).toBeNull()
      expect(page.headers.get('content-type')).toBeNull()
      expect(await page.text()).toBe('Error streamed, messages: 6')
      // The app's own cookie stays; the message cookie is the error page's store.
      expect(page.headers.getSetCookie().map((line) => line.split('=')[0])).toEqual(['theme', 'messages'])
      expect(client.jar.header()).toContain('theme=dark')
      expect(await shown(client)).toEqual(SIX_LONG.slice(3))
      expect(warnings).toEqual([overflowReport, lateDisplayReport])
    } finally {
      await close()
    }
  })

  it("an error page sent by res.send(html) after res.json() is HTML, not the route's JSON", async () => {
    const { client, close, warnings } = await start(express)
    try {
      const page = await getWithin(client, '/html/json')
      expect(page.status).toBe(500)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await page.text()).toBe('<p>Something went wrong.</p>')
      // The page displayed none: those that fit are kept, the rest reported.
      expect(await shown(client)).toEqual(SIX_LONG.slice(3))
      expect(warnings).toEqual([overflowReport])
    } finally {
      await close()
    }
  })
})
