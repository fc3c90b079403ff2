// @flash/express from an ES module, in the same program as cjs.cts (connect-flash from both).
import { type BaseStorage, flash, type Message, renderMessages } from '@flash/express'
import connectFlash from '@flash/express/connect-flash'
import express from 'express'

declare const secret: string

const app = express()
app.use(flash({ secret }))
app.get('/', (req, res) => {
  const storage: BaseStorage = req.messages
  for (const message of req.messages) {
    const shown: Message = message
    void shown
  }
  res.send(renderMessages(storage) + renderMessages(res.locals.messages))
})

const migrated = express()
migrated.use(connectFlash())
migrated.get('/', (req, res) => {
  const pending: number = req.flash('info', 'Saved.')
  const texts: string[] = req.flash('info')
  res.send(renderMessages(req.messages) + texts.join() + pending)
})
