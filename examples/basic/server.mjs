/**
 * `pnpm demo`: starts the demo app, then walks through one POST/redirect/GET cycle against it
 * and prints what a browser would see. Keeps serving for a real browser unless `--once`.
 */
import { randomBytes } from 'node:crypto'
import { buildApp } from './app.mjs'

const once = process.argv.includes('--once')
const port = Number(process.env.PORT ?? 3000)
let secret = process.env.FLASH_SECRET
if (!secret) {
  secret = randomBytes(32).toString('base64url')
  console.warn(
    'FLASH_SECRET is not set: using a random development secret (messages do not survive a restart).',
  )
}

const app = await buildApp({ secret })
const address = await app.listen({ port: once ? 0 : port, host: '127.0.0.1' })

// A tiny cookie jar, so the walk-through behaves like a browser.
const jar = new Map()
const remember = (response) => {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const [name, value] = pair.split('=')
    if (/max-age=0/i.test(header)) jar.delete(name)
    else jar.set(name, value)
  }
}
const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
const messagesNow = async () => {
  const response = await fetch(`${address}/api/messages`, { headers: { cookie: cookie() } })
  remember(response)
  return (await response.json()).map((m) => ({ level: m.level, tags: m.tags, text: m.message }))
}

const post = await fetch(`${address}/notes`, {
  method: 'POST',
  body: new URLSearchParams({ title: 'Groceries' }),
  redirect: 'manual',
})
remember(post)
console.log(
  `1. POST /notes             -> ${post.status} ${post.headers.get('location')}, Set-Cookie: ${cookie()}`,
)
console.log(`2. GET /api/messages       -> ${JSON.stringify(await messagesNow())}`)
console.log(`3. GET /api/messages again -> ${JSON.stringify(await messagesNow())} (shown once)`)

if (once) await app.close()
else
  console.log(
    `\nThe demo is running at ${address}/ : add a note and watch the message appear once. Ctrl+C stops it.`,
  )
