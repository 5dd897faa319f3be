-- detail_rows_of_a_cell
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 'Asia'
-- param 4: 50
-- param 5: 100
SELECT
  f.order_id AS "order_id",
  f.line_no AS "line_no",
  f.order_ts AS "order_ts",
  f.customer_id AS "customer_id",
  c.name AS "customer",
  c.country AS "country",
  p.name AS "product",
  p.category AS "category",
  ch.name AS "channel",
  pa.name AS "partner",
  f.campaign_id AS "campaign_id",
  f.quantity AS "quantity",
  f.unit_price AS "unit_price",
  f.discount AS "discount",
  f.revenue AS "revenue",
  f.cost AS "cost"
FROM
  fact_order_line f
  LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
  LEFT JOIN dim_product p ON p.product_id = f.product_id
  LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
  LEFT JOIN dim_partner pa ON pa.partner_id = f.partner_id
WHERE
  f.order_ts >= ?
  AND f.order_ts < ?
  AND c.region IN (?)
ORDER BY
  f.order_ts,
  f.order_id,
  f.line_no
LIMIT ? OFFSET ?
