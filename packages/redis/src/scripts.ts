/**
 * @module
 * The two Lua scripts that make a mailbox safe under parallel requests: `claim` takes every
 * waiting message for one request under a lease, `settle` removes what it displayed, puts back
 * what it did not, and appends what it added. Each runs atomically in Redis, so two requests
 * never claim the same message and an append is never overwritten.
 *
 * Time comes from Redis (`TIME`), so app servers with skewed clocks agree on leases.
 */
import { Script } from './link.js'

/** Delete a key that holds another type (another app's key, a stray write): it reads as empty. */
const ENSURE_TYPES = `
local function ensure(key, kind)
  local t = redis.call('TYPE', key)['ok']
  if t ~= 'none' and t ~= kind then redis.call('DEL', key) end
end
ensure(KEYS[1], 'list')
ensure(KEYS[2], 'zset')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

/**
 * KEYS: list (waiting), claimed (zset: entry -> lease deadline in ms). ARGV: lease ms, ttl ms,
 * and under `scope: 'redirect'` the request's tab id (`''`: none) and the seconds at or before
 * which a bound entry is anyone's (`''`: no scope, claim everything).
 * Returns `[deadline, ...entries]`: claims whose lease ran out (their request died) come first,
 * then the waiting ones, oldest first. Scores are `deadline + i/1000` to keep that order.
 * Entries bound to another tab stay in the list, in order, untouched (`{}` when that is all).
 */
export const CLAIM = new Script(`${ENSURE_TYPES}
local tab, before = ARGV[3] or '', ARGV[4] or ''
local function claimable(entry)
  if before == '' or not string.find(entry, '"tab":"', 1, true) then return true end
  local ok, data = pcall(cjson.decode, entry)
  if not ok or type(data) ~= 'table' or type(data.tab) ~= 'string' then return true end
  if data.tab == tab then return true end
  return type(data.bound) ~= 'number' or data.bound <= tonumber(before)
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
local waiting = redis.call('LRANGE', KEYS[1], 0, -1)
if #expired == 0 and #waiting == 0 then return {} end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
if #waiting > 0 then redis.call('DEL', KEYS[1]) end
local deadline = now + tonumber(ARGV[1])
local claimed = { deadline }
local scored = {}
local others = {}
for _, list in ipairs({ expired, waiting }) do
  for _, entry in ipairs(list) do
    if claimable(entry) then
      claimed[#claimed + 1] = entry
      scored[#scored + 1] = deadline + (#claimed - 2) / 1000
      scored[#scored + 1] = entry
    else
      others[#others + 1] = entry
    end
  end
end
for i = 1, #others, 1000 do
  redis.call('RPUSH', KEYS[1], unpack(others, i, math.min(i + 999, #others)))
end
if #others > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if #claimed == 1 then return {} end
for i = 1, #scored, 1000 do
  redis.call('ZADD', KEYS[2], unpack(scored, i, math.min(i + 999, #scored)))
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return claimed
`)

/**
 * How long a settle's reply is kept to answer a second run of it: a client resends right after it
 * reconnects (ioredis retries within 2 s by default), and a failover takes seconds. Every settle
 * leaves one small key for this long.
 */
export const SETTLED_MS = 60_000

/**
 * The key that makes the settle of one request on `list` run once.
 *
 * @example
 * settleKey('flash:{user:42}', randomId()) // 'flash:{user:42}:settle:3f9a…'
 */
export function settleKey(list: string, id: string): string {
  return `${list}:settle:${id}`
}

/**
 * KEYS: list, claimed. ARGV: ttl ms, max messages (0: no limit), our claim deadline (0: none),
 * number consumed, number moved, number kept, then the consumed entries, the moved entries, the
 * kept entries, the added entries. Moved entries (an anonymous visitor's, read by this request
 * from the mailbox it had before logging in) go to the front of the list; kept entries follow them
 * there only while our claim still holds them (a claim that ran out may belong to another request
 * now, whose deadline is at least a lease, so at least a second, later than ours). Returns
 * `[remaining, ...dropped]`: how many messages the mailbox still holds, and the oldest waiting ones
 * dropped by the limit.
 *
 * KEYS[3], the settle's own key (`<list>:settle:<random id>`), makes it run once: a client may
 * send it again after a reconnect when the first answer was lost (ioredis resends unanswered
 * commands by default), and Redis may have run the first. The first run keeps its reply there for
 * {@link SETTLED_MS}; a second run within that time returns it and changes nothing.
 */
export const SETTLE = new Script(`${ENSURE_TYPES}
ensure(KEYS[3], 'string')
local settled = redis.call('GET', KEYS[3])
if settled then return cjson.decode(settled) end
local ttl, max, ours = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local consumed, moved, kept = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local i = 7
for _ = 1, consumed do
  redis.call('ZREM', KEYS[2], ARGV[i])
  i = i + 1
end
local back = {}
for _ = 1, moved do
  back[#back + 1] = ARGV[i]
  i = i + 1
end
for _ = 1, kept do
  local score = redis.call('ZSCORE', KEYS[2], ARGV[i])
  if score and tonumber(score) >= ours and tonumber(score) < ours + 1000 then
    redis.call('ZREM', KEYS[2], ARGV[i])
    back[#back + 1] = ARGV[i]
  end
  i = i + 1
end
for j = #back, 1, -1 do redis.call('LPUSH', KEYS[1], back[j]) end
for j = i, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[j]) end
local dropped = {}
local waiting = redis.call('LLEN', KEYS[1])
local total = waiting + redis.call('ZCARD', KEYS[2])
if max > 0 and total > max then
  local n = math.min(total - max, waiting)
  for _ = 1, n do dropped[#dropped + 1] = redis.call('LPOP', KEYS[1]) end
  total = total - n
  waiting = waiting - n
end
if waiting > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
if total > waiting then redis.call('PEXPIRE', KEYS[2], ttl) end
local result = { total }
for _, entry in ipairs(dropped) do result[#result + 1] = entry end
redis.call('SET', KEYS[3], cjson.encode(result), 'PX', ${SETTLED_MS})
return result
`)
