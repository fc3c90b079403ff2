/**
 * @module
 * One HTTP/1.1 request over a raw socket, so a `Cookie` header can carry any byte a hostile
 * client could send (fetch and node:http refuse some before they reach the server).
 */
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import type { Exchange, RequestInit } from './types.js'

const TIMEOUT_MS = 10_000

/** Send `GET path` with the `Cookie` header as these bytes (latin1: one char, one byte). */
export function rawGet(port: number, path: string, cookieHeader: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    socket.on('connect', () => {
      // write, not end: a half-closed socket makes @hono/node-server abort a request still being
      // answered (its signal fires on the socket's end); `Connection: close` ends the exchange.
      socket.write(
        Buffer.concat([
          Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: `, 'latin1'),
          Buffer.from(cookieHeader, 'latin1'),
          Buffer.from('\r\n\r\n', 'latin1'),
        ]),
      )
    })
  })
}

function parseResponse(data: Buffer): Exchange {
  const end = data.indexOf('\r\n\r\n')
  if (end < 0) throw new Error(`incomplete HTTP response: ${JSON.stringify(data.toString('latin1'))}`)
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(statusLine.split(' ')[1])
  const headers = lines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const
  })
  let body = data.subarray(end + 4)
  if (headers.some(([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value))) {
    body = dechunk(body)
  }
  return {
    status,
    setCookies: headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value),
    body: body.toString('utf8'),
  }
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16)
    if (!(size > 0)) break
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}

/** A keep-alive HTTP client for one server on 127.0.0.1 (cheaper than `fetch`). */
export function httpClient(port: number, sockets = 1) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  const send = (path: string, init: RequestInit = {}): Promise<Exchange> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers, agent },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', reject)
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              setCookies: res.headers['set-cookie'] ?? [],
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          )
        },
      )
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
      req.on('error', reject)
      req.end(init.body)
    })
  return { send, close: () => agent.destroy() }
}
