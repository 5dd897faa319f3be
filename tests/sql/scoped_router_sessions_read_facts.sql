-- scoped_router_sessions_read_facts
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["sessions"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 3
-- param 4: 5
WITH
  s0 AS (
    SELECT
      gc.region AS k0,
      count(*) AS sessions
    FROM
      fact_web_session s
      LEFT JOIN dim_customer c ON c.customer_id = s.customer_id
      LEFT JOIN dim_country gc ON gc.country = s.country
    WHERE
      s.start_ts >= ?
      AND s.start_ts < ?
      AND c.partner_id IN (?, ?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."sessions", 0) AS DOUBLE) AS "sessions"
FROM
  s0
ORDER BY
  "sessions" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
