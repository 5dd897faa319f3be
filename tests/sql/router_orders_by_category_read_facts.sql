-- router_orders_by_category_read_facts
-- spec: {"c":[],"desc":true,"f":{"channel.group":["online"]},"from":"2025-04-01","limit":null,"m":["orders"],"r":["product.category"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 'online'
WITH
  s0 AS (
    SELECT
      p.category AS k0,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_product p ON p.product_id = f.product_id
      LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
      AND ch.channel_group IN (?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "product.category",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "orders" DESC NULLS LAST,
  "product.category" ASC NULLS LAST
