-- filter_several_levels
-- spec: {"c":[],"desc":true,"f":{"channel.group":["online"],"customer.type":["B2B"],"partner.tier":["Gold","Direct"]},"from":"2025-04-01","limit":null,"m":["revenue"],"r":["customer.segment"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 'online'
-- param 4: 'B2B'
-- param 5: 'Gold'
-- param 6: 'Direct'
WITH
  s0 AS (
    SELECT
      c.segment AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
      LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
      LEFT JOIN partner_status ps ON ps.partner_id = f.partner_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
      AND ch.channel_group IN (?)
      AND c.customer_type IN (?)
      AND CASE WHEN f.partner_id IS NULL THEN 'Direct' ELSE coalesce(ps.tier, 'unrated') END IN (?, ?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "customer.segment",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "customer.segment" ASC NULLS LAST
