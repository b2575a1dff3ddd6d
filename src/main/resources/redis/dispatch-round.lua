-- Writes an offer round in one step: the offers (KEYS[2]: courier -> expiry), the round number (KEYS[1]) and when
-- the next round is due (KEYS[3], the rounds sorted set). Nothing is written when the order left matching
-- meanwhile (taken by a courier, cancelled: no entry in the rounds set, or no match hash): then no offer is sent.
-- ARGV: order id, round, next round due (epoch ms), keep (seconds), then courier/expiry pairs.
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) or redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if #ARGV > 4 then
  local offers = {}
  for i = 5, #ARGV do
    offers[#offers + 1] = ARGV[i]
  end
  redis.call('HSET', KEYS[2], unpack(offers))
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('HSET', KEYS[1], 'round', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
