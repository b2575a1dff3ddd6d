-- A courier's status change (KEYS[1] its hash, KEYS[2] the GEO set of available couriers), atomic.
-- ARGV: target (AVAILABLE | OFFLINE | BUSY | FREE), courier id, order id (BUSY only).
-- AVAILABLE/OFFLINE are the courier's: refused ('BUSY') while on a delivery. BUSY and FREE (back to AVAILABLE
-- after a delivery) are the system's. OFFLINE forgets the position (privacy). Answers the status now.
local status = redis.call('HGET', KEYS[1], 'status')
local target = ARGV[1]
if (target == 'AVAILABLE' or target == 'OFFLINE') and status == 'BUSY' then
  return 'BUSY'
end
if target == 'OFFLINE' then
  redis.call('HDEL', KEYS[1], 'lat', 'long', 'ts', 'heading', 'speed', 'order')
  redis.call('HSET', KEYS[1], 'status', 'OFFLINE')
  redis.call('ZREM', KEYS[2], ARGV[2])
  return 'OFFLINE'
end
if target == 'BUSY' then
  redis.call('HSET', KEYS[1], 'status', 'BUSY', 'order', ARGV[3])
  redis.call('ZREM', KEYS[2], ARGV[2])
  return 'BUSY'
end
-- AVAILABLE, or FREE after a delivery
if target == 'FREE' and status ~= 'BUSY' then
  return status or 'OFFLINE'
end
redis.call('HDEL', KEYS[1], 'order')
redis.call('HSET', KEYS[1], 'status', 'AVAILABLE')
local lat = redis.call('HGET', KEYS[1], 'lat')
local long = redis.call('HGET', KEYS[1], 'long')
if lat and long then
  redis.call('GEOADD', KEYS[2], long, lat, ARGV[2])
end
return 'AVAILABLE'
