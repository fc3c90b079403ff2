// koa-flash 1.0.0 ships no types: it is a Koa 1 generator middleware.
declare module 'koa-flash' {
  interface KoaFlashOptions {
    key?: string
    defaultValue?: unknown
  }
  const koaFlash: (options?: KoaFlashOptions) => (this: unknown, next: Generator) => Generator
  export default koaFlash
}
