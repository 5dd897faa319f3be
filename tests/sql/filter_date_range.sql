-- filter_date_range
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-01-15","limit":null,"m":["revenue","orders"],"r":["channel.group"],"sort":null,"to":"2025-02-14"}
-- reads: fact
-- param 1: datetime.date(2025, 1, 15)
-- param 2: datetime.date(2025, 2, 15)
WITH
  s0 AS (
    SELECT
      ch.channel_group AS k0,
      sum(f.revenue) AS revenue,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "channel.group",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "channel.group" ASC NULLS LAST
