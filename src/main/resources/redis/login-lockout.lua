-- An account's failed logins and lockouts, one hash: failures (since the last lockout), lockouts (in a row),
-- until (epoch ms). ARGV[1]: CHECK (ms of lockout left, 0 when none) or FAIL (counts a wrong password; every
-- after-failures failures lock the account for first * 2^(lockouts-1) ms, at most max; answers the new lockout's
-- ms, 0 when none). ARGV[2] after-failures, ARGV[3] first (ms), ARGV[4] max (ms), ARGV[5] memory (ms: how long
-- the count outlives the last failure). A successful login deletes the hash.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local locked = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if locked > now then
  return locked - now
end
if ARGV[1] == 'CHECK' then
  return 0
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local lockMs = 0
if failures >= tonumber(ARGV[2]) then
  local lockouts = redis.call('HINCRBY', KEYS[1], 'lockouts', 1)
  lockMs = math.floor(math.min(tonumber(ARGV[3]) * 2 ^ math.min(lockouts - 1, 40), tonumber(ARGV[4])))
  redis.call('HSET', KEYS[1], 'until', string.format('%d', now + lockMs), 'failures', '0')
end
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(tonumber(ARGV[5]), lockMs)))
return lockMs
