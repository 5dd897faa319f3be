-- router_partner_customers_recounted
-- spec: {"c":[],"desc":true,"f":{"partner.tier":["gold"]},"from":"2025-04-01","limit":null,"m":["partner_customers"],"r":["partner_stage.stage"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_customer
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 'gold'
WITH
  s0 AS (
    SELECT
      CASE WHEN r.partner_id = 0 THEN 'Direct' ELSE coalesce(ps.stage, 'unrated') END AS k0,
      count(DISTINCT r.customer_id) FILTER (WHERE r.partner_customers > 0) AS partner_customers
    FROM
      rollup_sales_m_customer r
      LEFT JOIN partner_status ps ON ps.partner_id = r.partner_id
    WHERE
      r.ts >= ?
      AND r.ts < ?
      AND CASE WHEN r.partner_id = 0 THEN 'Direct' ELSE coalesce(ps.tier, 'unrated') END IN (?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "partner_stage.stage",
  CAST(coalesce(s0."partner_customers", 0) AS DOUBLE) AS "partner_customers"
FROM
  s0
ORDER BY
  "partner_customers" DESC NULLS LAST,
  "partner_stage.stage" ASC NULLS LAST
