/**
 * On @hono/node-server, the cookie header is read from the Node request's raw header lines
 * (`c.env.incoming.rawHeaders`) instead of `c.req.raw.headers`: it must read exactly what the
 * standard `Headers` would give, several `Cookie` lines included.
 */
import { describe, expect, test } from 'vitest'
import { notesApp } from './cycle.js'

async function messageCookie(): Promise<string> {
  const { app } = notesApp()
  const added = await app.request('/notes', { method: 'POST' })
  return added.headers.getSetCookie()[0]!.split(';')[0]!
}

/** The texts shown for `lines`, through the Node bindings and through a standard Request. */
async function shown(lines: [string, string][]) {
  const viaNode = notesApp().app.request('/', {}, { incoming: { rawHeaders: lines.flat() } })
  const viaHeaders = notesApp().app.request('/', { headers: new Headers(lines) })
  const [node, standard] = await Promise.all([viaNode, viaHeaders])
  return { node: await node.json(), standard: await standard.json() }
}

describe('the cookie header from @hono/node-server bindings', () => {
  test('one Cookie line, with other cookies and spaces around', async () => {
    const cookie = await messageCookie()
    const { node, standard } = await shown([
      ['Host', 'localhost'],
      ['Cookie', `  a=1; ${cookie} ;b=2 `],
    ])
    expect(node).toEqual([{ level: 25, text: 'Note saved.', tags: 'success' }])
    expect(node).toEqual(standard)
  })

  test('several Cookie lines join as Node\'s Headers joins them ("; ")', async () => {
    const cookie = await messageCookie()
    const first = await shown([
      ['cookie', cookie],
      ['Cookie', 'a=1'],
    ])
    expect(first.node).toEqual([{ level: 25, text: 'Note saved.', tags: 'success' }])
    expect(first.node).toEqual(first.standard)
    const second = await shown([
      ['cookie', 'a=1'],
      ['COOKIE', cookie],
    ])
    expect(second.node).toEqual(first.node)
    expect(second.node).toEqual(second.standard)
  })

  test('no Cookie line: nothing', async () => {
    const { node, standard } = await shown([['Host', 'localhost']])
    expect(node).toEqual([])
    expect(standard).toEqual([])
  })
})
