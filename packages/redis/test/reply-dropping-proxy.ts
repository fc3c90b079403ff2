/**
 * A TCP proxy in front of a real Redis that can lose one answer the way a network does: the
 * command reaches Redis and runs, and the connection breaks before its answer reaches the client.
 * A client that resends unanswered commands after it reconnects (ioredis, by default) then makes
 * Redis run that command a second time.
 */

import type { AddressInfo } from 'node:net'
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'

export class ReplyDroppingProxy {
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  /** Text of the command whose answer is lost next; `undefined`: pass everything on. */
  #marker: string | undefined
  /** How many answers were lost. */
  dropped = 0

  private constructor(upstreamPort: number) {
    this.#server = createServer((client) => {
      const upstream = tcpConnect(upstreamPort, '127.0.0.1')
      this.#track(client)
      this.#track(upstream)
      let dropNextAnswer = false
      client.on('data', (chunk) => {
        if (this.#marker !== undefined && chunk.includes(this.#marker)) {
          this.#marker = undefined
          dropNextAnswer = true
        }
        upstream.write(chunk)
      })
      upstream.on('data', (chunk) => {
        if (!dropNextAnswer) {
          client.write(chunk)
          return
        }
        // Redis ran the command and answered: the answer is lost with the connection.
        this.dropped += 1
        client.destroy()
        upstream.destroy()
      })
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
  }

  static async start(upstreamPort: number): Promise<ReplyDroppingProxy> {
    const proxy = new ReplyDroppingProxy(upstreamPort)
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  get url(): string {
    return `redis://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  /** Lose the answer of the next command whose text contains `marker` (sent after this call). */
  loseAnswerTo(marker: string): void {
    this.#marker = marker
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => this.#sockets.delete(socket))
  }
}
