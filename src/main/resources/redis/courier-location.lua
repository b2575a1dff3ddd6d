-- A courier's position (KEYS[1] its hash, KEYS[2] the GEO set of available couriers), in one atomic step:
-- stored only while the courier is AVAILABLE or BUSY, and added to the GEO set only while AVAILABLE. A position
-- older than the one stored changes nothing: updates sent late, or overtaken on the way (two pipelines on two
-- connections), never move a courier back.
-- ARGV: lat, long, ts (epoch ms), heading ('' = none), speed ('' = none), courier id.
-- Answers {status, order} (order: the delivery a BUSY courier is on, '' when none).
local status = redis.call('HGET', KEYS[1], 'status')
if not status or status == 'OFFLINE' then
  return {'OFFLINE', ''}
end
local last = redis.call('HGET', KEYS[1], 'ts')
if last and tonumber(ARGV[3]) < tonumber(last) then
  return {status, ''} -- (no order: nothing new to show the customer either)
end
redis.call('HSET', KEYS[1], 'lat', ARGV[1], 'long', ARGV[2], 'ts', ARGV[3])
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'heading') else redis.call('HSET', KEYS[1], 'heading', ARGV[4]) end
if ARGV[5] == '' then redis.call('HDEL', KEYS[1], 'speed') else redis.call('HSET', KEYS[1], 'speed', ARGV[5]) end
if status == 'AVAILABLE' then
  redis.call('GEOADD', KEYS[2], ARGV[2], ARGV[1], ARGV[6])
end
return {status, redis.call('HGET', KEYS[1], 'order') or ''}
