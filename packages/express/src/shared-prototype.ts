/**
 * @module
 * The prototype every Express request (or response) shares: the one just above Node's
 * `http.IncomingMessage.prototype` (or `http.ServerResponse.prototype`), which each app's and
 * sub-app's `app.request` (`app.response`) inherits. What @flash installs there once reaches every
 * request of every app using that copy of Express, a request handed to a sub-app included.
 */

/**
 * The prototype of `object`'s chain just above `base`; `undefined` when `object` inherits `base`
 * directly (a bare `http` request or response) or not at all.
 */
export function sharedPrototypeOf(object: object, base: object): object | undefined {
  for (let p = Object.getPrototypeOf(object) as object | null; p !== null; p = Object.getPrototypeOf(p)) {
    if (p === base) return undefined
    if (Object.getPrototypeOf(p) === base) return p
  }
  return undefined
}

/**
 * What assigning to one of @flash's accessors does (an app's own `req.messages = ...`, a template
 * variable `res.locals.messages = ...`): an own property of the object, as without @flash.
 */
export function defineOwn(target: object, name: PropertyKey, value: unknown): void {
  Object.defineProperty(target, name, { configurable: true, enumerable: true, writable: true, value })
}
