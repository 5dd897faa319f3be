-- opportunities_win_rate
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["opportunities","pipeline_value","win_rate"],"r":["partner.tier"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      CASE WHEN o.partner_id IS NULL THEN 'Direct' ELSE coalesce(ps.tier, 'unrated') END AS k0,
      count(*) AS opportunities,
      sum(o.amount) AS pipeline_value,
      count(*) FILTER (WHERE o.won) AS won,
      count(o.won) AS decided
    FROM
      fact_opportunity o
      LEFT JOIN partner_status ps ON ps.partner_id = o.partner_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "partner.tier",
  CAST(coalesce(s0."opportunities", 0) AS DOUBLE) AS "opportunities",
  CAST(coalesce(s0."pipeline_value", 0) AS DOUBLE) AS "pipeline_value",
  CAST(coalesce(s0."won", 0) / nullif(coalesce(s0."decided", 0), 0) AS DOUBLE) AS "win_rate"
FROM
  s0
ORDER BY
  "opportunities" DESC NULLS LAST,
  "partner.tier" ASC NULLS LAST
