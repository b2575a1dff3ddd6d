-- A courier's status change (KEYS[1] its hash, KEYS[2] the GEO set of available couriers), atomic.
-- ARGV: target (AVAILABLE | OFFLINE | CLAIM | FREE), courier id, order id (CLAIM and FREE), now in epoch ms
-- (CLAIM: kept as claimedAt, so that a claim left over by a failure can be told from one being decided).
-- AVAILABLE/OFFLINE are the courier's: refused while BUSY. CLAIM and FREE are the system's: CLAIM makes an
-- AVAILABLE courier BUSY on the order (so no courier holds two deliveries, decided here in one step); FREE puts a
-- courier BUSY on that order back to AVAILABLE (the delivery is done, or the claim lost the order).
-- OFFLINE forgets the position (privacy). Answers {status now, the order it is BUSY on or ''}, and for CLAIM a
-- third element: '1' when this call took the courier, '0' when not (already BUSY, on this order or another).
local status = redis.call('HGET', KEYS[1], 'status') or 'OFFLINE'
local order = redis.call('HGET', KEYS[1], 'order') or ''
local target = ARGV[1]
if status == 'BUSY' and target ~= 'FREE' then
  return {'BUSY', order, '0'}
end
if target == 'OFFLINE' then
  redis.call('HDEL', KEYS[1], 'lat', 'long', 'ts', 'heading', 'speed', 'order', 'claimedAt')
  redis.call('HSET', KEYS[1], 'status', 'OFFLINE')
  redis.call('ZREM', KEYS[2], ARGV[2])
  return {'OFFLINE', ''}
end
if target == 'CLAIM' then
  if status ~= 'AVAILABLE' then
    return {status, '', '0'}
  end
  redis.call('HSET', KEYS[1], 'status', 'BUSY', 'order', ARGV[3], 'claimedAt', ARGV[4])
  redis.call('ZREM', KEYS[2], ARGV[2])
  return {'BUSY', ARGV[3], '1'}
end
if target == 'FREE' and (status ~= 'BUSY' or order ~= ARGV[3]) then
  return {status, order}
end
-- AVAILABLE, or FREE of this order
redis.call('HDEL', KEYS[1], 'order', 'claimedAt')
redis.call('HSET', KEYS[1], 'status', 'AVAILABLE')
local lat = redis.call('HGET', KEYS[1], 'lat')
local long = redis.call('HGET', KEYS[1], 'long')
if lat and long then
  redis.call('GEOADD', KEYS[2], long, lat, ARGV[2])
end
return {'AVAILABLE', ''}
