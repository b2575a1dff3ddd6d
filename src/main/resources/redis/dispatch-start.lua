-- Starts an order's matching in one step, so that a failure never leaves half a start behind (a redelivered
-- order.restaurant.confirmed or the dispatch sweep can always finish it): the match hash (KEYS[1]), the offers
-- hash (KEYS[2]) and the order's entry in the rounds sorted set (KEYS[3]), due now, round 0: the caller (or the
-- next round check) then runs round 1.
-- ARGV: order id, mode, now (epoch ms), keep (seconds), a courier never to offer it again ('' for none), then
-- the match hash's field/value pairs.
-- mode 'first': only when the order has no matching yet (the event may come twice).
-- mode 'heal': only when the order has no entry in the rounds set (lost with Redis, or never written); a
--   matching still in Redis goes on from its round, one lost starts again.
-- mode 'restart': back to round 1 whatever was there (the courier released it, an admin re-dispatched it),
--   forgetting who was offered it.
-- Answers 1 when it wrote, 0 when there was nothing to do.
local mode = ARGV[2]
local exists = redis.call('EXISTS', KEYS[1]) == 1
if mode == 'first' and exists then
  return 0
end
if mode == 'heal' and redis.call('ZSCORE', KEYS[3], ARGV[1]) then
  return 0
end
local fields = {}
for i = 6, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
if mode == 'restart' then
  redis.call('DEL', KEYS[1], KEYS[2])
end
if mode == 'restart' or not exists then
  redis.call('HSET', KEYS[1], 'round', '0', unpack(fields))
  if ARGV[5] ~= '' then
    -- '0': offered once, never again (it was theirs and they gave it back or did not come)
    redis.call('HSET', KEYS[2], ARGV[5], '0')
    redis.call('EXPIRE', KEYS[2], ARGV[4])
  end
else
  redis.call('HSET', KEYS[1], unpack(fields))
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
