-- Every change to a cart, as one script. Redis runs a script alone, so each call is one atomic
-- read-modify-write: concurrent requests of one user are serialized, never interleaved, and a script
-- either writes all it means to or nothing. Run by org.dabba.cart.CartStore (EVALSHA).
--
-- KEYS[1]  the user's one cart: dabba:cart:user:<userId>, JSON as org.dabba.cart.Cart writes it
-- ARGV[1]  the operation; ARGV[2] now (ISO-8601 UTC); ARGV[3] the TTL in ms; ARGV[4] the prefix of the
--          cart-id index (dabba:cart:id:), whose key <prefix><cartId> holds the owner's userId and lives
--          exactly as long as the cart; then the operation's own arguments (below).
--
-- The answer is an array: an outcome, then the cart's JSON or what the outcome names ('locked': the cart id and
-- when checkout locked it, so that Java can tell a lock left behind by a checkout that died from a live one).
-- Money is never computed here: prices are strings written by Java and only compared.

local op, now, ttl, idPrefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

local function load()
  local raw = redis.call('GET', KEYS[1])
  if raw then
    return cjson.decode(raw)
  end
  return nil
end

-- Writes the cart and its index with a fresh TTL (an idle cart expires; every change restarts the clock).
local function save(cart)
  cart.updatedAt = now
  local json = cjson.encode(cart)
  redis.call('SET', KEYS[1], json, 'PX', ttl)
  redis.call('SET', idPrefix .. cart.cartId, cart.userId, 'PX', ttl)
  return json
end

local function drop(cart)
  redis.call('DEL', KEYS[1], idPrefix .. cart.cartId)
end

-- The cart named by the caller, or nil: another user's cart id finds nothing here.
local function named(cartId)
  local cart = load()
  if cart and cart.cartId == cartId then
    return cart
  end
  return nil
end

-- The named cart if the customer may still change it, else nil and the reply that says why not.
local function changeable(cartId)
  local cart = named(cartId)
  if not cart then
    return nil, { 'not-found' }
  end
  if cart.status ~= 'ACTIVE' then
    return nil, { 'locked', cart.cartId, cart.lockedAt or '' }
  end
  return cart
end

local function instructions(line)
  return line.specialInstructions or ''
end

-- put: userId, restaurantId, new cart id, currency, replace ('1' or '0'), the line (JSON), max lines, and the
-- menu generation the line was read under. Sets the line with this item and these instructions to the line
-- sent, or adds it; creates the cart. With KEYS[2] (the restaurant's menu generation key), the dish is
-- confirmed first: if the menu changed since the line was read (a missing key is generation '0'), the answer
-- is 'stale' and nothing changes, so that the caller reads the dish again.
if op == 'put' then
  if KEYS[2] and (redis.call('GET', KEYS[2]) or '0') ~= ARGV[12] then
    return { 'stale' }
  end
  local userId, restaurantId, newCartId, currency, replace = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
  local line, maxLines = cjson.decode(ARGV[10]), tonumber(ARGV[11])
  local cart = load()
  if cart then
    if cart.status ~= 'ACTIVE' then
      return { 'locked', cart.cartId, cart.lockedAt or '' }
    end
    if cart.restaurantId ~= restaurantId then
      if replace ~= '1' then
        return { 'conflict', cart.cartId, cart.restaurantId }
      end
      drop(cart)
      cart = nil
    end
  end
  local outcome = 'updated'
  if not cart then
    cart = { cartId = newCartId, userId = userId, restaurantId = restaurantId, status = 'ACTIVE',
             currency = currency, createdAt = now, items = {} }
    outcome = 'created'
  end
  for _, existing in ipairs(cart.items) do
    if existing.itemId == line.itemId and instructions(existing) == instructions(line) then
      if existing.quantity == line.quantity and existing.name == line.name
          and existing.unitPrice == line.unitPrice then
        -- PUT is idempotent: the same line again changes nothing but keeps the cart alive.
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('PEXPIRE', idPrefix .. cart.cartId, ttl)
        return { 'unchanged', cjson.encode(cart) }
      end
      existing.quantity, existing.name, existing.unitPrice = line.quantity, line.name, line.unitPrice
      return { outcome, save(cart) }
    end
  end
  if #cart.items >= maxLines then
    return { 'full', cart.cartId }
  end
  table.insert(cart.items, line)
  return { outcome, save(cart) }
end

-- remove: cart id, item id, and optionally instructions: removes that item's lines (or only the line
-- with those instructions); the last line takes the cart with it.
if op == 'remove' then
  local cart, refusal = changeable(ARGV[5])
  if not cart then
    return refusal
  end
  local kept, removed = {}, 0
  for _, line in ipairs(cart.items) do
    if line.itemId == ARGV[6] and (ARGV[7] == nil or instructions(line) == ARGV[7]) then
      removed = removed + 1
    else
      table.insert(kept, line)
    end
  end
  if removed == 0 then
    return { 'no-line' }
  end
  if #kept == 0 then
    drop(cart)
    return { 'deleted' }
  end
  cart.items = kept
  return { 'updated', save(cart) }
end

-- delete: cart id. The customer's own delete, refused while checkout holds the cart.
if op == 'delete' then
  local cart, refusal = changeable(ARGV[5])
  if not cart then
    return refusal
  end
  drop(cart)
  return { 'deleted' }
end

-- lock: cart id. ACTIVE -> CHECKOUT_IN_PROGRESS; a cart already locked is refused (one checkout at a time).
if op == 'lock' then
  local cart, refusal = changeable(ARGV[5])
  if not cart then
    return refusal
  end
  cart.status = 'CHECKOUT_IN_PROGRESS'
  cart.lockedAt = now
  return { 'updated', save(cart) }
end

-- unlock: cart id. Back to ACTIVE (checkout gave up); unlocking an ACTIVE cart changes nothing.
if op == 'unlock' then
  local cart = named(ARGV[5])
  if not cart then
    return { 'not-found' }
  end
  if cart.status == 'ACTIVE' then
    return { 'unchanged', cjson.encode(cart) }
  end
  cart.status = 'ACTIVE'
  cart.lockedAt = nil
  return { 'updated', save(cart) }
end

-- clear: cart id. Checkout's delete once the order exists, whatever the status.
if op == 'clear' then
  local cart = named(ARGV[5])
  if not cart then
    return { 'not-found' }
  end
  drop(cart)
  return { 'deleted' }
end

return redis.error_reply('unknown cart operation ' .. tostring(op))
