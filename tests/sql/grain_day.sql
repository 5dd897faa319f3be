-- grain_day
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-03-01","limit":null,"m":["sessions"],"r":["time.day"],"sort":null,"to":"2025-03-07"}
-- reads: fact
-- param 1: datetime.date(2025, 3, 1)
-- param 2: datetime.date(2025, 3, 8)
WITH
  s0 AS (
    SELECT
      strftime(s.start_ts, '%Y-%m-%d') AS k0,
      count(*) AS sessions
    FROM
      fact_web_session s
    WHERE
      s.start_ts >= ?
      AND s.start_ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.day",
  CAST(coalesce(s0."sessions", 0) AS DOUBLE) AS "sessions"
FROM
  s0
ORDER BY
  "sessions" DESC NULLS LAST,
  "time.day" ASC NULLS LAST
