/**
 * Copied into a scratch app and run there with tsx: imports a README program that ends with
 * `export { app }`, serves `app` on a real HTTP server on 127.0.0.1 the way its framework does,
 * then a browser-like client POSTs /notes, follows nothing, carries the cookies back, and GETs /
 * twice: "Note saved." must be shown by the first GET and gone from the second.
 *
 * @example tsx cycle-driver.mjs ./blocks/readme-fastify-43.ts
 */
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

const { app } = await import(pathToFileURL(process.argv[2]).href)
const server = await serve(app)
try {
  const jar = new Map()
  const send = async (method, path) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await fetch(`${server.url}${path}`, {
      method,
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    })
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';')
      const [name, ...value] = pair.split('=')
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /1970/.test(a))
      if (expired) jar.delete(name.trim())
      else jar.set(name.trim(), value.join('='))
    }
    return { status: response.status, body: await response.text() }
  }
  const post = await send('POST', '/notes')
  expect(
    post.status >= 300 && post.status < 400,
    `POST /notes answered ${post.status}, not a redirect: ${post.body}`,
  )
  const first = await send('GET', '/')
  expect(
    first.body.includes('Note saved.'),
    `the first GET / did not show "Note saved.": ${first.status} ${first.body}`,
  )
  const second = await send('GET', '/')
  expect(!second.body.includes('Note saved.'), `the second GET / showed "Note saved." again: ${second.body}`)
  console.log(
    `cycle ok: ${post.status}, then "${first.body.slice(0, 80)}", then "${second.body.slice(0, 40)}"`,
  )
} finally {
  await server.close()
}

function expect(condition, message) {
  if (!condition) throw new Error(message)
}

/** Serve any app the README makes: Fastify (`inject`), Koa (`callback`), fetch-style (`fetch`), or a Node handler. */
async function serve(app) {
  if (typeof app?.inject === 'function' && typeof app.listen === 'function') {
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    return { url, close: () => app.close() }
  }
  if (typeof app?.fetch === 'function') {
    const { serve: honoServe } = await import('@hono/node-server')
    return listening(honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }))
  }
  const handler = typeof app?.callback === 'function' ? app.callback() : app
  if (typeof handler !== 'function') throw new Error('the program exports no app this driver can serve')
  return listening(createServer(handler).listen(0, '127.0.0.1'))
}

async function listening(server) {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
