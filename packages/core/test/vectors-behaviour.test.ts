/**
 * The vectors that record what `update()` does after a request touched (or did not touch) the
 * storage: which Set-Cookie or deletion Django sent, whether the storage was used, what update()
 * returned. @flash matches, except where it deliberately differs (named in the test).
 */
import { describe, expect, it } from 'vitest'
import { createStorage, WARNING } from '../src/index.js'
import { makeConfig, plain } from './helpers/config.js'
import { cookieWrites, createSeam } from './helpers/seam.js'
import {
  parseDjangoHeader,
  providers,
  seenCookie,
  type Vector,
  vectorOptions,
  vectors,
} from './helpers/vectors.js'

const behaviour = vectors.filter((v) => v.access_before_update !== undefined)

/** Run one request as the vector describes; return what happened. */
async function run(v: Vector, crypto: (typeof providers)[number]) {
  const config = makeConfig(vectorOptions(v, crypto))
  const cookies: Record<string, string> = v.incoming_cookie_value ? { messages: v.incoming_cookie_value } : {}
  const t = createSeam({ cookies, session: true })
  const storage = createStorage(config, t.seam)
  await storage.preload()
  let read: unknown = null
  if (v.access_before_update === 'iterate') read = [...storage].map(plain)
  if (v.access_before_update === 'len') read = storage.length
  for (const m of v.messages) storage.add(m.level, m.message, m.extra_tags)
  const used = storage.used
  const returned = await storage.update()
  return { config, t, read, used, returned }
}

describe.each(providers)('update() after a request, as in the vectors ($name crypto)', (crypto) => {
  it('covers the 12 behaviour vectors', () => {
    expect(behaviour.length).toBe(12)
  })

  it.each(
    behaviour.filter(
      (v) =>
        v.name !== 'iterated_without_incoming_cookie_still_deletes' &&
        v.set_cookie_header?.startsWith('messages=""'),
    ),
  )('$name: sends the deletion cookie', async (v) => {
    const { config, t, read, used, returned } = await run(v, crypto)
    expect(read).toEqual(v.read_result)
    expect(used).toBe(v.storage_used_flag)
    expect(returned).toEqual(v.update_return_value)
    const writes = cookieWrites(t)
    expect(writes).toHaveLength(1)
    expect(writes[0]!.op).toBe('deleteCookie')
    // @flash deletes with the HttpOnly it sets with (Django omits HttpOnly on deletion); every other
    // attribute is Django's, including Secure added for SameSite=None.
    expect(seenCookie(writes[0]!)).toEqual({
      ...parseDjangoHeader(v.set_cookie_header!),
      httpOnly: config.cookieAttributes.httpOnly,
    })
  })

  it('read_then_add_replaces_cookie: stores only what was added after the read, byte for byte', async () => {
    const v = behaviour.find((x) => x.name === 'read_then_add_replaces_cookie')!
    expect(v.messages.map((m) => m.level)).toEqual([WARNING])
    const { t, read, used, returned } = await run(v, crypto)
    expect(read).toEqual(v.read_result)
    expect(used).toBe(true)
    expect(returned).toEqual([])
    const writes = cookieWrites(t)
    expect(writes).toHaveLength(1)
    expect(seenCookie(writes[0]!)).toEqual(parseDjangoHeader(v.set_cookie_header!))
    expect(seenCookie(writes[0]!).value).toBe(v.cookie_value)
  })

  it.each(behaviour.filter((v) => v.set_cookie_header === null))('$name: no Set-Cookie at all', async (v) => {
    const { t, read, used, returned } = await run(v, crypto)
    expect(read).toEqual(v.read_result)
    expect(used).toBe(v.storage_used_flag)
    // Django returns [] after storing an empty list; @flash skips that no-op when the request
    // carried no cookie, and says so with null (nothing was done).
    expect(returned).toEqual(
      v.incoming_cookie_value === null && v.storage_used_flag ? null : v.update_return_value,
    )
    expect(cookieWrites(t)).toEqual([])
    // Fallback never opens the session for a cookie that holds no sentinel (or a bad one).
    expect(t.calls.filter((c) => c.op.startsWith('session'))).toEqual([])
  })

  it('iterated_without_incoming_cookie_still_deletes (@flash: no deletion cookie when the request carried none)', async () => {
    const v = behaviour.find((x) => x.name === 'iterated_without_incoming_cookie_still_deletes')!
    expect(v.incoming_cookie_value).toBeNull()
    const { t, read, used, returned } = await run(v, crypto)
    expect(read).toEqual([])
    expect(used).toBe(true)
    expect(returned).toBeNull()
    expect(cookieWrites(t)).toEqual([])
  })
})
