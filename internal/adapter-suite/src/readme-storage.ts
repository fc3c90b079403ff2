import { BaseStorage, type FlashConfig, type FlashSeam, type Message } from '@flash/core'

const ID_COOKIE = 'flash_id'
const TTL_SECONDS = 60 * 60 // unseen messages go after an hour, with the id cookie
const pending = new Map<string, { messages: Message[]; expires: number }>()

export class MapStorage extends BaseStorage {
  #id: string | undefined
  constructor(
    private readonly seam: FlashSeam,
    private readonly config: FlashConfig,
  ) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#id = seam.getCookie(ID_COOKIE)
  }
  // Cheap and without I/O: untouched requests without an id never reach get().
  override mayHaveData() {
    return this.#id !== undefined
  }
  get() {
    const entry = this.#id === undefined ? undefined : pending.get(this.#id)
    return { messages: entry && entry.expires > Date.now() ? entry.messages : null, allRetrieved: true }
  }
  store(messages: Message[]) {
    if (messages.length === 0) {
      if (this.#id !== undefined) {
        pending.delete(this.#id)
        this.seam.deleteCookie(ID_COOKIE, this.config.deleteCookieAttributes)
      }
      return []
    }
    this.#id ??= crypto.randomUUID()
    pending.set(this.#id, { messages, expires: Date.now() + TTL_SECONDS * 1000 })
    // The app's `cookie` option: `secure` only where it is set (true behind HTTPS), so plain http works.
    this.seam.setCookie(ID_COOKIE, this.#id, { ...this.config.cookieAttributes, maxAge: TTL_SECONDS })
    return [] // messages that could not be stored: none
  }
}
