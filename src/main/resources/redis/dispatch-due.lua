-- Claims an order's due round (KEYS[1] the rounds sorted set): when its time (score) has come, the score moves
-- to a lease (ARGV[3], epoch ms) and this call runs the round. Another instance sees it not due; an instance that
-- dies mid-round leaves the lease, which runs out, and the round runs again: the entry is never lost on the way.
-- ARGV: order id, now (epoch ms), lease end. Answers 1 when claimed.
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if due and tonumber(due) <= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0
