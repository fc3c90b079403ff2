/**
 * Express 4, installed as the `express4` npm alias so both majors run in one test process. Its
 * API as the tests use it (`express()`, `app.use/get/post`, `listen`) is typed like Express 5's.
 */
declare module 'express4' {
  import type { Express } from 'express'

  const express4: () => Express
  export default express4
}
