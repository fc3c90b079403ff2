/**
 * @module
 * Error classes. Names are set explicitly so they survive minification, and every message
 * starts with the package that raised it and says how to fix the problem.
 */

/** Base class of every error @flash throws on purpose. */
export class FlashError extends Error {
  override name = 'FlashError'
}

/**
 * Misconfiguration found at startup (a missing secret, an invalid option, a session storage
 * without a session plugin). Never raised because of what a client sent.
 */
export class FlashConfigError extends FlashError {
  override name = 'FlashConfigError'
}

/**
 * Raised by {@link addMessage} when the carrier has no message storage, i.e. no @flash adapter
 * ran for this request. Pass `failSilently: true` to ignore it, as in Django.
 */
export class MessageFailure extends FlashError {
  override name = 'MessageFailure'
}

/**
 * Raised when messages could not be stored and the adapter was configured with `strict: true`.
 * `unstored` holds the messages that were lost.
 */
export class MessagesNotStoredError extends FlashError {
  override name = 'MessagesNotStoredError'
  constructor(
    message: string,
    readonly unstored: readonly { readonly level: number; toString(): string }[],
  ) {
    super(message)
  }
}
