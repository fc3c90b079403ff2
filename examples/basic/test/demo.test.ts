/**
 * The README's demo: the script itself (`server.mjs --once`) and the app in a two-request cycle.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM demo without types
import { buildApp } from '../app.mjs'

const run = promisify(execFile)

describe('quick-start demo', () => {
  it('prints a message set on one request and shown on the next, once', async () => {
    const server = fileURLToPath(new URL('../server.mjs', import.meta.url))
    const { stdout } = await run(process.execPath, [server, '--once'], {
      env: { ...process.env, FLASH_SECRET: 'demo-test-secret-0123456789-0123456789' },
    })
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(
      /^1\. POST \/notes {13}-> 303 \/, Set-Cookie: messages=[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/,
    )
    expect(lines[1]).toBe(
      '2. GET /api/messages       -> [{"level":25,"tags":"success","text":"“Groceries” was created."}]',
    )
    expect(lines[2]).toBe('3. GET /api/messages again -> [] (shown once)')
  })

  it('renders the message in the HTML page once, escaped', async () => {
    const app = await buildApp({ secret: 'demo-test-secret-0123456789-0123456789' })
    const post = await app.inject({
      method: 'POST',
      url: '/notes',
      payload: 'title=%3Cb%3EHi%3C%2Fb%3E',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(post.statusCode).toBe(303)
    const cookie = post.cookies.map((c: { name: string; value: string }) => `${c.name}=${c.value}`).join('; ')
    const page = await app.inject({ url: '/', headers: { cookie } })
    expect(page.body).toContain(
      '<ul class="messages"><li class="success">“&lt;b&gt;Hi&lt;/b&gt;” was created.</li></ul>',
    )
    const again = await app.inject({ url: '/', headers: { cookie: page.cookies.length ? '' : cookie } })
    expect(again.body).toContain('<p>No messages.</p>')
    await app.close()
  })
})
