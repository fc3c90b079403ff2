// connect-flash 0.1.1 ships no types; the parity tests only mount it.
declare module 'connect-flash' {
  import type { RequestHandler } from 'express'

  const connectFlash: () => RequestHandler
  export default connectFlash
}
