-- One request against one or more budgets, all or nothing (GCRA, the generic cell rate algorithm).
-- KEYS[i]: budget i's "theoretical arrival time" (epoch ms): when it would be back to full if nothing more came.
-- ARGV[2i-1]: its emission interval (ms: window / limit); ARGV[2i]: its window (ms: interval * limit).
-- The request passes when every budget has room (its arrival time is at most one window ahead of now); then
-- each moves one interval on. Answers {0, 0} when it passed, else {i, ms until budget i has room again}.
-- Redis's own clock, so every instance counts the same time.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local later = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < now then
    tat = now
  end
  local wait = tat + interval - window - now
  if wait > 0 then
    return {i, wait}
  end
  later[i] = tat + interval
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, string.format('%d', later[i]), 'PX', string.format('%d', later[i] - now))
end
return {0, 0}
