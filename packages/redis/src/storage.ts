/**
 * @module
 * `RedisStorage`: one request's view of a Redis mailbox. It claims the waiting messages before
 * the handler (atomically, under a lease), and after the response was rendered removes those it
 * displayed, puts back those it did not, and appends those it added: parallel requests never
 * show a message twice nor overwrite one another's.
 */
import {
  BaseStorage,
  type CookieAttributes,
  type FlashConfig,
  type FlashSeam,
  type Message,
  type MessageDelta,
  NOTHING_STORED,
  type Retrieval,
} from '@flash/core'
import { decodeEntry, encodeEntry, randomId } from './entry.js'
import type { RedisLink } from './link.js'
import { type Mailbox, userMailbox, visitorMailbox } from './mailbox.js'
import type { ResolvedRedisOptions } from './options.js'
import { CLAIM, SETTLE } from './scripts.js'

/** Signed inside the visitor cookie, so a message cookie can never pass for one (or back). */
const VISITOR_VALUE = /^visitor:([0-9a-f]{32})$/

export class RedisStorage extends BaseStorage {
  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  readonly #carrier: unknown
  readonly #options: ResolvedRedisOptions
  readonly #cookieName: string
  readonly #cookie: string | undefined
  #mailbox: Promise<Mailbox | null> | undefined
  #badCookie = false
  /** The lease deadline (Redis ms) of what this request claimed. */
  #deadline = 0
  /** The exact entry each message read came from, to remove or put back that entry only. */
  readonly #entries = new Map<Message, string>()
  /** Entries read that are not ours or too old: removed whatever the request does. */
  readonly #badEntries: string[] = []
  #writeError: unknown

  constructor(seam: FlashSeam, config: FlashConfig, carrier: unknown, options: ResolvedRedisOptions) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#seam = seam
    this.#config = config
    this.#carrier = carrier
    this.#options = options
    this.#cookieName = options.visitorCookie ?? `${config.cookieName}_visitor`
    this.#cookie = seam.getCookie(this.#cookieName)
  }

  get #link(): RedisLink {
    return this.#options.link
  }

  /** Without a visitor cookie and a `user` option, no request can have messages: no command at all. */
  override mayHaveData(): boolean {
    return this.#cookie !== undefined || this.#options.user !== undefined
  }

  override async get(): Promise<Retrieval> {
    const mailbox = await this.#findMailbox()
    // `[]`, not "nothing stored", for a bad cookie: storeDelta then deletes it.
    if (mailbox === null) return this.#badCookie ? { messages: [] } : NOTHING_STORED
    const reply = await this.#link.eval(
      CLAIM,
      [mailbox.list, mailbox.claimed],
      [String(this.#options.leaseMs), String(this.#options.maxAgeMs), ...this.#scopeArgs()],
    )
    if (!Array.isArray(reply) || reply.length === 0) return NOTHING_STORED
    this.#deadline = Number(reply[0])
    const now = Date.now()
    const messages: Message[] = []
    for (const entry of reply.slice(1)) {
      const message = decodeEntry(entry, this.levelTags, now, this.#options.maxAgeMs)
      if (message === null) this.#badEntries.push(String(entry))
      else {
        this.#entries.set(message, entry as string)
        messages.push(message)
      }
    }
    return { messages }
  }

  /** Not used by the core (it calls {@link RedisStorage.storeDelta}): replaces what this request read. */
  override store(messages: Message[]): Promise<Message[]> {
    return this.storeDelta({ added: messages, consumed: [...this.#entries.keys()], kept: [] })
  }

  /**
   * What the claim may take under `scope: 'redirect'`: entries of this request's tab, unbound ones,
   * and those bound at or before `now - scopeSeconds`. Without the scope, everything (`''`).
   */
  #scopeArgs(): [tab: string, boundBefore: string] {
    const scope = this.scope
    if (!scope) return ['', '']
    return [scope.id ?? '', String(scope.now() - this.#config.scopeSeconds)]
  }

  override async storeDelta({ added, consumed, kept, binding }: MessageDelta): Promise<Message[]> {
    let mailbox: Mailbox | null
    try {
      mailbox = await this.#findMailbox()
    } catch (error) {
      this.#writeError = error
      return [...added]
    }
    const created = mailbox === null
    if (mailbox === null) {
      if (added.length === 0) {
        if (this.#badCookie) this.#seam.deleteCookie(this.#cookieName, this.#config.deleteCookieAttributes)
        return []
      }
      mailbox = visitorMailbox(this.#options.prefix, randomId())
    }
    const gone = [...this.#entriesOf(consumed), ...this.#badEntries]
    const back = this.#entriesOf(kept)
    const now = Date.now()
    const fresh = added.map((m) => encodeEntry(m, now, binding))
    let reply: unknown
    try {
      reply = await this.#link.eval(
        SETTLE,
        [mailbox.list, mailbox.claimed],
        [
          String(this.#options.maxAgeMs),
          String(this.#options.maxMessages),
          String(this.#deadline),
          String(gone.length),
          String(back.length),
          ...gone,
          ...back,
          ...fresh,
        ],
      )
    } catch (error) {
      this.#writeError = error
      return [...added]
    }
    const [remaining, ...dropped] = Array.isArray(reply) ? reply : [0]
    if (mailbox.visitorId !== undefined)
      await this.#keepVisitorCookie(mailbox.visitorId, created, remaining, added)
    return dropped
      .map((entry) => decodeEntry(entry, this.levelTags, now, Number.POSITIVE_INFINITY))
      .filter((m): m is Message => m !== null)
  }

  override unstoredReason(): string {
    if (this.#writeError !== undefined) return `Redis could not be written: ${describe(this.#writeError)}`
    return (
      `at most ${this.#options.maxMessages} messages are kept per user or visitor (maxMessages) ` +
      'and the oldest are dropped'
    )
  }

  /** Once per outage (the link knows), or always when Redis answered with an error. */
  override describeReadFailure(error: unknown): string | null {
    const text = `Redis could not be read, so the page showed no messages: ${describe(error)}`
    return this.#link.firstReportOfOutage() ? `${text} (logged once until Redis answers again)` : null
  }

  #entriesOf(messages: readonly Message[]): string[] {
    const entries: string[] = []
    for (const m of messages) {
      const entry = this.#entries.get(m)
      if (entry !== undefined) entries.push(entry)
    }
    return entries
  }

  /** The mailbox of this request (the user's, else the visitor's), resolved once. */
  #findMailbox(): Promise<Mailbox | null> {
    this.#mailbox ??= this.#resolveMailbox()
    return this.#mailbox
  }

  async #resolveMailbox(): Promise<Mailbox | null> {
    const user = this.#options.user ? await this.#options.user(this.#carrier) : undefined
    if (user !== undefined && user !== null && user !== '')
      return userMailbox(this.#options.prefix, String(user))
    if (this.#cookie === undefined) return null
    const value = await this.#config.signer.unsign(this.#cookie, this.#options.maxAgeMs / 1000)
    const id = value === null ? undefined : VISITOR_VALUE.exec(value)?.[1]
    if (id === undefined) {
      this.#badCookie = true
      return null
    }
    return visitorMailbox(this.#options.prefix, id)
  }

  /** Created with the first message stored, refreshed with each added one, deleted when empty. */
  async #keepVisitorCookie(id: string, created: boolean, remaining: unknown, added: readonly Message[]) {
    if (remaining === 0) {
      if (!created) this.#seam.deleteCookie(this.#cookieName, this.#config.deleteCookieAttributes)
      return
    }
    if (added.length === 0) return
    const attributes: CookieAttributes = {
      ...this.#config.cookieAttributes,
      maxAge: Math.floor(this.#options.maxAgeMs / 1000),
    }
    this.#seam.setCookie(this.#cookieName, await this.#config.signer.sign(`visitor:${id}`), attributes)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
