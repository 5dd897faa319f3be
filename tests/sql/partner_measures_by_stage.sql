-- partner_measures_by_stage
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["partner_revenue","partner_share","active_partners","partner_customers"],"r":["partner_stage.stage"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      CASE WHEN f.partner_id IS NULL THEN 'Direct' ELSE coalesce(ps.stage, 'unrated') END AS k0,
      sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL) AS partner_revenue,
      sum(f.revenue) AS revenue,
      count(DISTINCT f.partner_id) AS active_partners,
      count(DISTINCT f.customer_id) FILTER (WHERE f.partner_id IS NOT NULL AND c.is_guest IS NOT TRUE) AS partner_customers
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
      LEFT JOIN partner_status ps ON ps.partner_id = f.partner_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "partner_stage.stage",
  CAST(coalesce(s0."partner_revenue", 0) AS DOUBLE) AS "partner_revenue",
  CAST(coalesce(s0."partner_revenue", 0) / nullif(coalesce(s0."revenue", 0), 0) AS DOUBLE) AS "partner_share",
  CAST(coalesce(s0."active_partners", 0) AS DOUBLE) AS "active_partners",
  CAST(coalesce(s0."partner_customers", 0) AS DOUBLE) AS "partner_customers"
FROM
  s0
ORDER BY
  "partner_revenue" DESC NULLS LAST,
  "partner_stage.stage" ASC NULLS LAST
