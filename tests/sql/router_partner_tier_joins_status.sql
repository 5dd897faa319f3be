-- router_partner_tier_joins_status
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["partner_revenue","partner_share","active_partners"],"r":["partner.tier"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_core
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      CASE WHEN r.partner_id = 0 THEN 'Direct' ELSE coalesce(ps.tier, 'unrated') END AS k0,
      sum(r.partner_revenue) AS partner_revenue,
      sum(r.revenue) AS revenue,
      count(DISTINCT r.partner_id) FILTER (WHERE r.active_partners > 0) AS active_partners
    FROM
      rollup_sales_m_core r
      LEFT JOIN partner_status ps ON ps.partner_id = r.partner_id
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "partner.tier",
  CAST(coalesce(s0."partner_revenue", 0) AS DOUBLE) AS "partner_revenue",
  CAST(coalesce(s0."partner_revenue", 0) / nullif(coalesce(s0."revenue", 0), 0) AS DOUBLE) AS "partner_share",
  CAST(coalesce(s0."active_partners", 0) AS DOUBLE) AS "active_partners"
FROM
  s0
ORDER BY
  "partner_revenue" DESC NULLS LAST,
  "partner.tier" ASC NULLS LAST
