-- pivot_month_by_channel
-- spec: {"c":["channel.group"],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue","orders"],"r":["time.month"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      strftime(f.order_ts, '%Y-%m') AS k0,
      ch.channel_group AS k1,
      sum(f.revenue) AS revenue,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
    GROUP BY
      k0,
      k1
  )
SELECT
  s0.k0 AS "time.month",
  s0.k1 AS "channel.group",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "time.month" ASC NULLS LAST,
  "channel.group" ASC NULLS LAST
