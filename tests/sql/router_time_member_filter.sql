-- router_time_member_filter
-- spec: {"c":[],"desc":true,"f":{"time.month":["2025-05"]},"from":null,"limit":null,"m":["sessions"],"r":["channel.channel"],"sort":null,"to":null}
-- reads: sessions_m
-- param 1: datetime.date(2025, 5, 1)
-- param 2: datetime.date(2025, 6, 1)
WITH
  s0 AS (
    SELECT
      CAST(r.channel_id AS VARCHAR) AS k0,
      any_value(r.channel_name) AS l0,
      sum(r.sessions) AS sessions
    FROM
      rollup_sessions_m r
    WHERE
      ((r.ts >= ? AND r.ts < ?))
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "channel.channel",
  s0.l0 AS "channel.channel:label",
  CAST(coalesce(s0."sessions", 0) AS DOUBLE) AS "sessions"
FROM
  s0
ORDER BY
  "sessions" DESC NULLS LAST,
  "channel.channel" ASC NULLS LAST
