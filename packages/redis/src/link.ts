/**
 * @module
 * Every command goes through a {@link RedisLink}: it bounds each command by `timeoutMs`, fails
 * at once while Redis is known to be down (so pages do not wait a timeout each during an
 * outage), and says once per outage, not once per request, that Redis is unreachable.
 */
import { FlashError } from '@flash/core'
import type { CommandSender } from './client.js'

/** Raised when Redis does not answer in time or is known to be down. */
export class RedisUnavailableError extends FlashError {
  override readonly name = 'RedisUnavailableError'
}

/** A command the link did not send, because Redis is known to be down: it certainly did not run. */
class CommandNotSentError extends RedisUnavailableError {}

/** Redis answered with an error reply (`NOSCRIPT ...`, `WRONGTYPE ...`): the server is up. */
function isErrorReply(error: unknown): boolean {
  return error instanceof Error && /^[A-Z]{3,} /.test(error.message)
}

/**
 * Whether a command that failed with `error` may have run in Redis, or may still run: it was sent
 * and no answer came (a timeout, a connection lost meanwhile). Redis may be busy, not down, and
 * run it later; or it ran and its answer came too late. Nothing can make that certain: a command
 * sent later on the connection runs after it, so it cannot cancel it, and an answer can always be
 * late. A command the link did not send did not run; one that Redis answered with an error did not
 * append anything (the settle script appends a request's messages after every command that can be
 * refused, as under `OOM`).
 */
export function mayHaveRun(error: unknown): boolean {
  return !(error instanceof CommandNotSentError) && !isErrorReply(error)
}

/** A script and its SHA1, for `EVALSHA` (computed once, with Web Crypto). */
export class Script {
  readonly sha: Promise<string>
  constructor(readonly source: string) {
    this.sha = crypto.subtle
      .digest('SHA-1', new TextEncoder().encode(source))
      .then((digest) => [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''))
  }
}

export class RedisLink {
  readonly #sender: CommandSender
  readonly #timeoutMs: number
  /** While set, commands fail at once until this time (ms), then one is tried again. */
  #downUntil = 0
  #down = false
  /** What the failure that set `#down` was, for the errors of the commands skipped meanwhile. */
  #downReason = ''
  #reported = false

  constructor(sender: CommandSender, timeoutMs: number) {
    this.#sender = sender
    this.#timeoutMs = timeoutMs
  }

  /** Run `script` with `keys` and `args`: `EVALSHA`, or `EVAL` once when Redis lost the script. */
  async eval(script: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const sha = await script.sha
    const rest = [String(keys.length), ...keys, ...args]
    try {
      return await this.#run(['EVALSHA', sha, ...rest])
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return this.#run(['EVAL', script.source, ...rest])
    }
  }

  /**
   * Whether this failure is the first of an outage, so the caller reports it; later ones stay
   * quiet until a command succeeds again.
   */
  firstReportOfOutage(): boolean {
    if (this.#reported) return false
    this.#reported = true
    return true
  }

  async #run(args: string[]): Promise<unknown> {
    const unavailable =
      this.#sender.unavailable() ??
      (this.#down && Date.now() < this.#downUntil ? this.#downReason : undefined)
    if (unavailable !== undefined) {
      throw new CommandNotSentError(`@flash/redis: Redis is unreachable (${unavailable})`)
    }
    try {
      const reply = await withTimeout(this.#sender.send(args), this.#timeoutMs)
      this.#down = false
      this.#reported = false
      return reply
    } catch (error) {
      if (!isErrorReply(error)) {
        this.#down = true
        this.#downUntil = Date.now() + this.#timeoutMs
        const what = error instanceof Error ? error.message : String(error)
        this.#downReason = `the last command failed: ${what}; commands are skipped for ${this.#timeoutMs} ms (timeoutMs) after a failure`
      }
      throw error
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // After a busy spell of the event loop (a CPU-bound request), timers run before the socket is
      // read: an answer that came in time waits there. Give it one turn of the loop (which reads I/O
      // before the next timers), so a command answered in time is not taken for one that may run late.
      timer = setTimeout(
        () =>
          reject(new RedisUnavailableError(`@flash/redis: Redis did not answer within ${ms} ms (timeoutMs)`)),
        0,
      )
    }, ms)
  })
  // A command that answers after the timeout must not become an unhandled rejection.
  promise.catch(() => {})
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
