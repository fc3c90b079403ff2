/**
 * The pieces of `scope: 'redirect'` that need no request: the `_flash` query parameter read in
 * one pass, the `Location` rewrite that keeps the rest of the URL, the origin check, tab ids, and
 * the stored form of a binding (a marker message) read back whatever a storage cut off.
 */
import { describe, expect, it } from 'vitest'
import {
  addressBarCleanup,
  CLEAN_URL_PATH,
  CookieStorage,
  createStorage,
  endRequest,
  INFO,
  Message,
  newScopeId,
  queryParam,
  sameOrigin,
  scopeAsset,
  scopeAssetFor,
  withScopeId,
} from '../src/index.js'
import { bindMessages, readGroups } from '../src/scope/binding.js'
import { makeConfig, NOW } from './helpers/config.js'
import { seededRandomStrings } from './helpers/random.js'
import { createSeam, nextRequest } from './helpers/seam.js'

const ID = 'AbCdEfGhIjKlMnOp'

describe('queryParam', () => {
  it('finds the first value as written, ignores the fragment and look-alike names', () => {
    expect(queryParam('https://a.test/p?x=1&_flash=AbC&_flash=two#_flash=no', '_flash')).toBe('AbC')
    expect(queryParam('https://a.test/p?x_flash=1&__flash=2', '_flash')).toBeNull()
    expect(queryParam('https://a.test/p#?_flash=1', '_flash')).toBeNull()
    expect(queryParam('https://a.test/p?_flash=', '_flash')).toBe('')
    expect(queryParam('https://a.test/p', '_flash')).toBeNull()
  })

  it('reads a long hostile query (one pass: each parameter is looked at once)', () => {
    const url = `https://a.test/?${'&'.repeat(100_000)}${'_flash'.repeat(10_000)}&_flash=${ID}`
    expect(queryParam(url, '_flash')).toBe(ID)
  })
})

describe('withScopeId', () => {
  it('adds the id and keeps path, other parameters in order and encoding, and the fragment', () => {
    expect(withScopeId('/show', ID)).toBe(`/show?_flash=${ID}`)
    expect(withScopeId('/show?a=1&b=%20x+y#top', ID)).toBe(`/show?a=1&b=%20x+y&_flash=${ID}#top`)
    expect(withScopeId('https://a.test/p?#f', ID)).toBe(`https://a.test/p?_flash=${ID}#f`)
    expect(withScopeId(`/p?_flash=old&a=1`, ID)).toBe(`/p?a=1&_flash=${ID}`)
  })
})

describe('sameOrigin', () => {
  const request = 'http://127.0.0.1:3000/add'
  it('accepts relative and same-origin absolute locations, refuses others', () => {
    expect(sameOrigin('/show', request)).toBe(true)
    expect(sameOrigin('show?x=1', request)).toBe(true)
    expect(sameOrigin('http://127.0.0.1:3000/show', request)).toBe(true)
    expect(sameOrigin('//127.0.0.1:3000/show', request)).toBe(true)
    expect(sameOrigin('//evil.test/show', request)).toBe(false)
    expect(sameOrigin('https://127.0.0.1:3000/show', request)).toBe(false)
    expect(sameOrigin('http://127.0.0.1:3001/show', request)).toBe(false)
    expect(sameOrigin('javascript:alert(1)', request)).toBe(false)
    expect(sameOrigin('http://[bad', request)).toBe(false)
  })
})

describe('scopeAssetFor', () => {
  it('is undefined without scope, so an adapter calling it with ?. never reads the path', () => {
    let pathReads = 0
    const request = {
      get path() {
        pathReads++
        return CLEAN_URL_PATH
      },
    }
    const assetAt = scopeAssetFor(makeConfig({ storage: 'cookie' }))
    expect(assetAt).toBeUndefined()
    expect(assetAt?.('GET', request.path)).toBeUndefined()
    expect(pathReads).toBe(0)
  })

  it("under scope: 'redirect' answers what scopeAsset answers", () => {
    const config = makeConfig({ storage: 'cookie', scope: 'redirect' })
    const assetAt = scopeAssetFor(config)!
    for (const [method, path] of [
      ['GET', CLEAN_URL_PATH],
      ['HEAD', CLEAN_URL_PATH],
      ['POST', CLEAN_URL_PATH],
      ['GET', '/elsewhere'],
    ] as const) {
      expect(assetAt(method, path)).toBe(scopeAsset(config, method, path))
    }
    expect(assetAt('GET', CLEAN_URL_PATH)?.body).toContain('_flash')
    expect(assetAt('POST', CLEAN_URL_PATH)).toBeUndefined()
  })
})

describe('newScopeId', () => {
  it('is 16 URL-safe characters, different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newScopeId()))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/)
  })
})

describe('bound groups', () => {
  const m = (text: string) => new Message(INFO, text, '')
  it('round-trips, and a group cut short or missing its marker reads without losing a message', () => {
    const stored = [m('free'), ...bindMessages([m('a1'), m('a2')], { id: ID, at: NOW }, new Map())]
    expect(readGroups(stored).map((g) => [g.binding?.id, g.messages.map(String)])).toEqual([
      [undefined, ['free']],
      [ID, ['a1', 'a2']],
    ])
    // The newest dropped (fallback storage without a session): the group is shorter.
    expect(readGroups(stored.slice(0, 3)).map((g) => g.messages.map(String))).toEqual([['free'], ['a1']])
    // The oldest dropped (cookie storage): the marker went first, its messages are unbound.
    expect(readGroups(stored.slice(2)).map((g) => [g.binding, g.messages.map(String)])).toEqual([
      [undefined, ['a1', 'a2']],
    ])
  })

  it('reads in one pass: markers back to back, each claiming a long span, look at each message once', () => {
    // What a tampered session could hold: 2,000 markers in a row, each claiming 999,999 messages.
    const marker = bindMessages([m('x')], { id: ID, at: NOW }, new Map())[0]!
    const longSpan = marker.extraTags!.replace(/\d+$/, '999999')
    expect(longSpan).not.toBe(marker.extraTags)
    const markers = Array.from({ length: 2000 }, () => new Message(marker.level, '', longSpan))
    const stored = [...markers, m('last')]
    let reads = 0
    const counted = new Proxy(stored, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++
        return Reflect.get(target, key, receiver)
      },
    })
    expect(readGroups(counted).map((g) => g.messages.map(String))).toEqual([['last']])
    // Each index read a few times at most, not once per marker before it (2,000 x 2,000 / 2).
    expect(reads).toBeLessThan(stored.length * 4)
  })
})

describe('endRequest under scope: "redirect"', () => {
  function exchange(url: string, status: number, location?: string, cookies?: Record<string, string>) {
    const t = createSeam({ cookies })
    let current = location
    t.seam.requestUrl = () => url
    t.seam.responseStatus = () => status
    t.seam.responseHeader = (name) => (name === 'location' ? current : undefined)
    t.seam.setResponseHeader = (name, value) => {
      if (name === 'location') current = value
    }
    return { t, location: () => current }
  }

  it('binds to a same-origin redirect; another tab sees nothing; its own tab sees it once', async () => {
    const config = makeConfig({ storage: 'cookie', scope: 'redirect' })
    const post = exchange('http://a.test/add', 303, '/show#x')
    const storage = createStorage(config, post.t.seam)
    storage.add(INFO, 'saved')
    await endRequest(storage, config, post.t.seam, () => {})
    const [, id] = /_flash=([^#&]+)#x$/.exec(post.location()!) ?? []
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/)

    const cookies = Object.fromEntries(nextRequest(post.t).cookies)
    const other = exchange('http://a.test/show', 200, undefined, cookies)
    const otherStorage = createStorage(config, other.t.seam)
    await otherStorage.preload()
    expect([...otherStorage].map(String)).toEqual([])
    await endRequest(otherStorage, config, other.t.seam, () => {})
    expect(other.t.calls.filter((c) => c.op === 'setCookie' || c.op === 'deleteCookie')).toEqual([])

    const own = exchange(`http://a.test/show?_flash=${id}`, 200, undefined, cookies)
    const ownStorage = createStorage(config, own.t.seam)
    await ownStorage.preload()
    expect(addressBarCleanup(ownStorage)).toBe(`<script src="${CLEAN_URL_PATH}" async></script>`)
    expect(addressBarCleanup(ownStorage, { nonce: 'n"1' })).toMatch(/^<script nonce="n&quot;1">/)
    expect([...ownStorage].map(String)).toEqual(['saved'])
    // A list, or a storage a factory kept out of scope (`scope = null`), gets no script.
    expect(addressBarCleanup([])).toBe('')
    expect(addressBarCleanup({ scope: null })).toBe('')
  })
})

describe('a redirect chain that reads and adds', () => {
  it("keeps the tab's messages bound, binds the new ones to the same id, and keeps other tabs' apart", async () => {
    const config = makeConfig({ storage: 'cookie', scope: 'redirect' })
    const request = (url: string, status: number, cookies?: Record<string, string>) => {
      const t = createSeam({ cookies })
      let location: string | undefined = status === 303 ? '/next' : undefined
      t.seam.requestUrl = () => url
      t.seam.responseStatus = () => status
      t.seam.responseHeader = (name) => (name === 'location' ? location : undefined)
      t.seam.setResponseHeader = (_name, value) => {
        location = value
      }
      return { t, location: () => location }
    }
    const a = request('http://a.test/form', 303)
    const first = createStorage(config, a.t.seam)
    first.add(INFO, 'first')
    await endRequest(first, config, a.t.seam, () => {})
    const id = /_flash=([^&#]+)/.exec(a.location()!)![1]!
    const b = request('http://a.test/form', 303, Object.fromEntries(nextRequest(a.t).cookies))
    const other = createStorage(config, b.t.seam)
    await other.preload()
    other.add(INFO, 'other tab')
    await endRequest(other, config, b.t.seam, () => {})
    const otherId = /_flash=([^&#]+)/.exec(b.location()!)![1]!

    // Tab A's redirect target counts its messages (without displaying), adds one, redirects again.
    const hop = request(`http://a.test/next?_flash=${id}`, 303, Object.fromEntries(nextRequest(b.t).cookies))
    const middle = createStorage(config, hop.t.seam)
    await middle.preload()
    expect(middle.length).toBe(1)
    middle.add(INFO, 'second')
    await endRequest(middle, config, hop.t.seam, () => {})
    expect(hop.location()).toBe(`/next?_flash=${id}`)

    const cookies = Object.fromEntries(nextRequest(hop.t).cookies)
    for (const [url, texts] of [
      ['http://a.test/page', []],
      [`http://a.test/page?_flash=${otherId}`, ['other tab']],
      [`http://a.test/page?_flash=${id}`, ['first', 'second']],
    ] as const) {
      const page = request(url, 200, cookies)
      const storage = createStorage(config, page.t.seam)
      await storage.preload()
      expect([...storage].map(String)).toEqual(texts)
    }
  })
})

describe('a request outside scope', () => {
  it('reads bound messages as ordinary ones and never shows a marker', async () => {
    const scoped = makeConfig({ storage: 'cookie', scope: 'redirect' })
    const t = createSeam()
    t.seam.requestUrl = () => 'http://a.test/add'
    t.seam.responseStatus = () => 303
    t.seam.responseHeader = () => '/show'
    t.seam.setResponseHeader = () => {}
    const storage = createStorage(scoped, t.seam)
    storage.add(INFO, 'bound')
    await endRequest(storage, scoped, t.seam, () => {})
    const cookies = Object.fromEntries(nextRequest(t).cookies)
    for (const [config, optOut] of [
      [makeConfig({ storage: 'cookie' }), false],
      [scoped, true],
    ] as const) {
      const reader = createSeam({ cookies })
      const plainStorage = createStorage(
        {
          ...config,
          storage: (seam, c) => Object.assign(new CookieStorage(seam, c), optOut ? { scope: null } : {}),
        },
        reader.seam,
      )
      await plainStorage.preload()
      expect([...plainStorage].map((m) => [m.level, String(m)])).toEqual([[INFO, 'bound']])
    }
  })
})

describe('a full storage under scope', () => {
  it('reports the messages it dropped, never a marker', async () => {
    const config = makeConfig({ storage: 'cookie', scope: 'redirect', maxCookieSize: 400 })
    const t = createSeam()
    t.seam.requestUrl = () => 'http://a.test/add'
    t.seam.responseStatus = () => 303
    t.seam.responseHeader = () => '/show'
    t.seam.setResponseHeader = () => {}
    const storage = createStorage(config, t.seam)
    const random = seededRandomStrings(16)
    for (let i = 0; i < 20; i++) storage.add(INFO, `message ${i} ${random(40)}`)
    const reports: { level: number; message: string }[][] = []
    await endRequest(storage, config, t.seam, (_text, details) => {
      if (details) reports.push([...details.unstored])
    })
    expect(reports).toHaveLength(1)
    expect(reports[0]!.length).toBeGreaterThan(0)
    expect(reports[0]!.every((m) => m.level === INFO && m.message.startsWith('message '))).toBe(true)
  })
})
