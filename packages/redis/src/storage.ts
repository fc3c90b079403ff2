/**
 * @module
 * `RedisStorage`: one request's view of its Redis mailboxes. It claims the waiting messages before
 * the handler (atomically, under a lease), and after the response was rendered removes those it
 * displayed, puts back those it did not, and appends those it added: parallel requests never
 * show a message twice nor overwrite one another's. A request that logs in or out ends with its
 * messages where the browser will look next (settle-plan.ts). An anonymous browser may have
 * several visitor mailboxes, each under a cookie of its own name (visitor-cookies.ts): a request
 * reads them all and merges them into the first.
 */
import {
  BaseStorage,
  type CookieAttributes,
  type FlashConfig,
  type FlashSeam,
  isPromiseLike,
  type MaybePromise,
  type Message,
  type MessageDelta,
  NOTHING_STORED,
  type Retrieval,
  thenMaybe,
} from '@flash/core'
import { decodeEntry, encodeEntry, randomId } from './entry.js'
import { mayHaveRun, type RedisLink } from './link.js'
import { type Mailbox, userMailbox, visitorMailbox } from './mailbox.js'
import type { ResolvedRedisOptions } from './options.js'
import { CLAIM, SETTLE, settleKey } from './scripts.js'
import { type MailboxSettle, needsTarget, planSettle, type ReadEntry } from './settle-plan.js'
import { requestUserKey } from './user-key.js'
import { namesVisitor, visitorCookieBase, visitorCookieName, visitorCookieNames } from './visitor-cookies.js'

/** Signed inside the visitor cookie, so a message cookie can never pass for one (or back). */
const VISITOR_VALUE = /^visitor:([0-9a-f]{32})$/

/** A visitor cookie the request carries, and its mailbox: `null` when forged, expired or misnamed. */
interface VisitorCookie {
  readonly name: string
  readonly mailbox: Mailbox | null
}

/** Whose mailbox a request's additions go to, and for a visitor's, the cookie that names it. */
interface Target {
  readonly mailbox: Mailbox
  /** The cookie it was read from, or the name of the one to create for a mailbox made just now. */
  readonly cookie: string | undefined
}

export class RedisStorage extends BaseStorage {
  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  readonly #carrier: unknown
  readonly #options: ResolvedRedisOptions
  /** The visitor cookies' base name: each is `<base>.<id prefix>` (or `<base>`, from before). */
  readonly #cookieBase: string
  /** The names of the visitor cookies the request carries, at most `MOST_VISITOR_COOKIES`. */
  readonly #cookieNames: readonly string[]
  /** What the request reads: its visitors' mailboxes (from their cookies) first, then the user's. */
  #reading: MaybePromise<Mailbox[]> | undefined
  #visitors: MaybePromise<VisitorCookie[]> | undefined
  #badCookie = false
  /** The lease deadline (Redis ms) of what this request claimed, per mailbox list key. */
  readonly #deadlines = new Map<string, number>()
  /** The exact entry each message read came from, to remove or put back that entry only. */
  readonly #entries = new Map<Message, ReadEntry>()
  /** Entries read that are not ours or too old: removed whatever the request does. */
  readonly #badEntries: ReadEntry[] = []
  #writeError: unknown
  /** Whether the write that failed with `#writeError` may still have run in Redis. */
  #writeMayHaveRun = false

  constructor(seam: FlashSeam, config: FlashConfig, carrier: unknown, options: ResolvedRedisOptions) {
    // The configuration carries both settings: no object of its own per storage.
    super(config)
    this.#seam = seam
    this.#config = config
    this.#carrier = carrier
    this.#options = options
    this.#cookieBase = visitorCookieBase(options.visitorCookie, config.cookieName)
    // Every adapter answers the header; a seam that does not still has the cookie of before read.
    this.#cookieNames =
      seam.requestHeader === undefined
        ? seam.getCookie(this.#cookieBase) === undefined
          ? []
          : [this.#cookieBase]
        : visitorCookieNames(seam.requestHeader('cookie'), this.#cookieBase)
  }

  get #link(): RedisLink {
    return this.#options.link
  }

  /** Without a visitor cookie and a `user` option, no request can have messages: no command at all. */
  override mayHaveData(): boolean {
    return this.#cookieNames.length > 0 || this.#options.user !== undefined
  }

  override async get(): Promise<Retrieval> {
    // Awaited only when asynchronous: an await of a plain value still costs a promise.
    const reading = this.#readMailboxes()
    const mailboxes = isPromiseLike(reading) ? await reading : reading
    // Claimed together: the mailboxes of a request (its visitors', its user's) live in different slots.
    const replies =
      mailboxes.length === 1
        ? [await this.#claim(mailboxes[0]!)]
        : await Promise.all(mailboxes.map((m) => this.#claim(m)))
    const now = Date.now()
    const messages: Message[] = []
    let claimed = false
    for (let i = 0; i < replies.length; i++) {
      const reply = replies[i]
      if (!Array.isArray(reply) || reply.length === 0) continue
      claimed = true
      const from = mailboxes[i]!
      this.#deadlines.set(from.list, Number(reply[0]))
      for (const entry of reply.slice(1)) {
        const message = decodeEntry(entry, this.levelTags, now, this.#options.maxAgeMs)
        if (message === null) this.#badEntries.push({ entry: String(entry), from })
        else {
          this.#entries.set(message, { entry: entry as string, from })
          messages.push(message)
        }
      }
    }
    // `[]`, not "nothing stored", for a bad cookie: storeDelta then deletes it.
    if (!claimed) return this.#badCookie ? { messages: [] } : NOTHING_STORED
    return { messages }
  }

  #claim(mailbox: Mailbox): Promise<unknown> {
    return this.#link.eval(
      CLAIM,
      [mailbox.list, mailbox.claimed],
      [String(this.#options.leaseMs), String(this.#options.maxAgeMs), ...this.#scopeArgs()],
    )
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
    const gone = [...this.#readEntriesOf(consumed), ...this.#badEntries]
    const back = this.#readEntriesOf(kept)
    let target: Target | undefined
    let visitors: VisitorCookie[]
    try {
      const read = this.#visitorCookies()
      visitors = isPromiseLike(read) ? await read : read
      // Asked again: the handler may have logged the visitor in, or the user out.
      if (needsTarget(back, added)) {
        const receiving = this.#target()
        target = isPromiseLike(receiving) ? await receiving : receiving
      }
    } catch (error) {
      this.#writeError = error
      return [...added]
    }
    const now = Date.now()
    const fresh = added.map((m) => encodeEntry(m, now, binding))
    const plans = planSettle({ gone, kept: back, added: fresh, target: target?.mailbox })
    /** What each plan's mailbox holds after it, by list key. */
    const remaining: Record<string, unknown> = {}
    const dropped: unknown[] = []
    // One after the other, the receiving mailbox first (see settle-plan.ts).
    for (const [i, plan] of plans.entries()) {
      let reply: unknown
      try {
        reply = await this.#settle(plan)
      } catch (error) {
        if (i === 0) return this.#writeFailed(error, added, visitors, target)
        // What was added went with the first plan, the receiving mailbox's: it is stored. What this
        // one would have removed stays claimed, and a later page shows it again once the lease runs
        // out (at least once); its mailbox's cookie stays, as its mailbox is not known to be empty.
        break
      }
      const answer = Array.isArray(reply) ? reply : [0]
      remaining[plan.mailbox.list] = answer[0]
      for (let j = 1; j < answer.length; j++) dropped.push(answer[j])
    }
    const cookieWritten = this.#keepVisitorCookies(visitors, target, remaining, added)
    if (cookieWritten) await cookieWritten
    return dropped
      .map((entry) => decodeEntry(entry, this.levelTags, now, Number.POSITIVE_INFINITY))
      .filter((m): m is Message => m !== null)
  }

  /**
   * The first settle failed: what was added is reported unstored. When Redis may still run the
   * write (it did not answer in time: see {@link mayHaveRun}), the visitor cookie of the receiving
   * mailbox is set all the same, so a write that lands late is read by the browser's next page
   * rather than left unread in a mailbox no cookie names until its TTL. If the write never lands, the
   * cookie names an empty mailbox: that browser's pages claim nothing until a message is shown or the
   * cookie expires.
   */
  async #writeFailed(
    error: unknown,
    added: readonly Message[],
    visitors: readonly VisitorCookie[],
    target: Target | undefined,
  ): Promise<Message[]> {
    this.#writeError = error
    this.#writeMayHaveRun = mayHaveRun(error)
    const visitorId = target?.mailbox.visitorId
    if (this.#writeMayHaveRun && added.length > 0 && visitorId !== undefined) {
      const refresh = visitors.some((visitor) => visitor.name === target!.cookie && visitor.mailbox !== null)
      const cookieWritten = this.#setVisitorCookie(target!.cookie!, visitorId, refresh)
      if (cookieWritten) await cookieWritten
    }
    return [...added]
  }

  /** Resolves to `[remaining, ...dropped]`. */
  #settle({ mailbox, gone, moved, back, fresh }: MailboxSettle): Promise<unknown> {
    return this.#link.eval(
      SETTLE,
      [mailbox.list, mailbox.claimed, settleKey(mailbox.list, randomId())],
      [
        String(this.#options.maxAgeMs),
        String(this.#options.maxMessages),
        String(this.#deadlines.get(mailbox.list) ?? 0),
        String(gone.length),
        String(moved.length),
        String(back.length),
        ...gone,
        ...moved,
        ...back,
        ...fresh,
      ],
    )
  }

  /** Worded to fit the core's "N messages could not be stored and will not be shown (<reason>): ...". */
  override unstoredReason(): string {
    const error = this.#writeError
    if (error !== undefined && this.#writeMayHaveRun) {
      return `unless Redis runs the write late: Redis did not confirm it (${describe(error)}) and may still run it, so the outcome is unknown`
    }
    if (error !== undefined) return `Redis could not be written: ${describe(error)}`
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

  #readEntriesOf(messages: readonly Message[]): ReadEntry[] {
    const entries: ReadEntry[] = []
    for (const m of messages) {
      const read = this.#entries.get(m)
      if (read !== undefined) entries.push(read)
    }
    return entries
  }

  /**
   * The mailboxes this request reads, resolved once: its visitors' (older messages) first, in the
   * order of their cookies, then the user's. Synchronous when the signer and `user` are
   * (node:crypto, a session read): no promise.
   */
  #readMailboxes(): MaybePromise<Mailbox[]> {
    this.#reading ??= thenMaybe(this.#visitorCookies(), (visitors) =>
      thenMaybe(this.#currentUser(), (user) => {
        const mailboxes: Mailbox[] = []
        for (const { mailbox } of visitors) {
          // Only a cookie of before and its own name can name one mailbox, but never claim it twice.
          if (mailbox !== null && !mailboxes.some((m) => m.list === mailbox.list)) mailboxes.push(mailbox)
        }
        if (user !== undefined) mailboxes.push(userMailbox(this.#options.prefix, user))
        return mailboxes
      }),
    )
    return this.#reading
  }

  /** Who the request is now: the `user` option's answer, `undefined` for an anonymous visitor. */
  #currentUser(): MaybePromise<string | undefined> {
    const read = this.#options.user
    return read === undefined ? undefined : thenMaybe(read(this.#carrier), requestUserKey)
  }

  /** The visitor cookies the request carries, each verified once. */
  #visitorCookies(): MaybePromise<VisitorCookie[]> {
    if (this.#visitors === undefined) {
      const verified = this.#cookieNames.map((name) => this.#verify(name))
      this.#visitors = verified.some(isPromiseLike) ? Promise.all(verified) : (verified as VisitorCookie[])
    }
    return this.#visitors
  }

  #verify(name: string): MaybePromise<VisitorCookie> {
    const cookie = this.#seam.getCookie(name)
    const bad = (): VisitorCookie => {
      this.#badCookie = true
      return { name, mailbox: null }
    }
    if (cookie === undefined) return bad()
    return thenMaybe(this.#config.signer.unsign(cookie, this.#options.maxAgeMs / 1000), (value) => {
      const id = value === null ? undefined : VISITOR_VALUE.exec(value)?.[1]
      if (id === undefined || !namesVisitor(this.#cookieBase, name, id)) return bad()
      return { name, mailbox: visitorMailbox(this.#options.prefix, id) }
    })
  }

  /**
   * Whose mailbox receives: the user logged in when the request ends, else its first visitor's
   * (the others' kept messages move into it, see settle-plan.ts), else a new visitor's.
   */
  #target(): MaybePromise<Target> {
    return thenMaybe(this.#currentUser(), (user) => {
      if (user !== undefined) return { mailbox: userMailbox(this.#options.prefix, user), cookie: undefined }
      return thenMaybe(this.#visitorCookies(), (visitors) => {
        const first = visitors.find((visitor) => visitor.mailbox !== null)
        if (first !== undefined) return { mailbox: first.mailbox!, cookie: first.name }
        const id = randomId()
        return {
          mailbox: visitorMailbox(this.#options.prefix, id),
          cookie: visitorCookieName(this.#cookieBase, id),
        }
      })
    })
  }

  /**
   * Each visitor cookie follows its mailbox: created with the first message stored, refreshed
   * with each one added, deleted when the mailbox empties (displayed, or moved into the receiving
   * mailbox: the account the visitor logged in to, or the browser's first visitor mailbox) or
   * when it was not a good one. Deletions come first: a new cookie is never undone by one.
   */
  #keepVisitorCookies(
    visitors: readonly VisitorCookie[],
    target: Target | undefined,
    remaining: Readonly<Record<string, unknown>>,
    added: readonly Message[],
  ): Promise<void> | undefined {
    for (const { name, mailbox } of visitors) {
      if (mailbox === null || remaining[mailbox.list] === 0) {
        this.#seam.deleteCookie(name, this.#config.deleteCookieAttributes)
      }
    }
    const receiving = target?.mailbox
    if (receiving?.visitorId === undefined || added.length === 0) return undefined
    const left = remaining[receiving.list]
    if (left === undefined || left === 0) return undefined
    const refresh = visitors.some((visitor) => visitor.name === target!.cookie && visitor.mailbox !== null)
    return this.#setVisitorCookie(target!.cookie!, receiving.visitorId, refresh)
  }

  /**
   * Write the visitor cookie. A `refresh` (the browser sent it, the messages are in its mailbox)
   * that cannot be written, because a streamed response's headers left before the storage wrote,
   * loses nothing: the browser keeps the cookie it has, only its expiry is not pushed back.
   */
  #setVisitorCookie(name: string, id: string, refresh: boolean): Promise<void> | undefined {
    const attributes: CookieAttributes = {
      ...this.#config.cookieAttributes,
      maxAge: Math.floor(this.#options.maxAgeMs / 1000),
    }
    const signed = this.#config.signer.sign(`visitor:${id}`)
    const write = (value: string): undefined => {
      try {
        this.#seam.setCookie(name, value, attributes)
      } catch (error) {
        if (!refresh || (error as { code?: unknown } | null)?.code !== 'ERR_HTTP_HEADERS_SENT') throw error
      }
    }
    return isPromiseLike(signed) ? signed.then(write) : write(signed)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
