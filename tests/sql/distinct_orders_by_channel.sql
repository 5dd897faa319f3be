-- distinct_orders_by_channel
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["orders"],"r":["channel.channel"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      CAST(f.channel_id AS VARCHAR) AS k0,
      any_value(ch.name) AS l0,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "channel.channel",
  s0.l0 AS "channel.channel:label",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "orders" DESC NULLS LAST,
  "channel.channel" ASC NULLS LAST
