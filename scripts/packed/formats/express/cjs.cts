// @flash/express from CommonJS: the augmented `req.messages` and `res.locals.messages` are the
// storage the required core functions take.
import express = require('express')
import flash = require('@flash/express')
import connectFlash = require('@flash/express/connect-flash')

declare const secret: string

const app = express()
app.use(flash.flash({ secret }))
app.get('/', (req, res) => {
  const storage: flash.BaseStorage = req.messages
  for (const message of req.messages) {
    const shown: flash.Message = message
    void shown
  }
  res.send(flash.renderMessages(storage) + flash.renderMessages(res.locals.messages))
})

const migrated = express()
migrated.use(connectFlash.flash())
migrated.get('/', (req, res) => {
  const pending: number = req.flash('info', 'Saved.')
  const texts: string[] = req.flash('info')
  res.send(flash.renderMessages(req.messages) + texts.join() + pending)
})
