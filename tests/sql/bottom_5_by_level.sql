-- bottom_5_by_level
-- spec: {"c":[],"desc":false,"f":{},"from":null,"limit":5,"m":["win_rate"],"r":["partner.partner"],"sort":"partner.partner","to":null}
-- reads: fact
-- param 1: 5
WITH
  s0 AS (
    SELECT
      CAST(coalesce(o.partner_id, 0) AS VARCHAR) AS k0,
      any_value(coalesce(pa.name, 'Direct')) AS l0,
      count(*) FILTER (WHERE o.won) AS won,
      count(o.won) AS decided
    FROM
      fact_opportunity o
      LEFT JOIN dim_partner pa ON pa.partner_id = o.partner_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "partner.partner",
  s0.l0 AS "partner.partner:label",
  CAST(coalesce(s0."won", 0) / nullif(coalesce(s0."decided", 0), 0) AS DOUBLE) AS "win_rate"
FROM
  s0
ORDER BY
  "partner.partner" ASC NULLS LAST,
  "partner.partner" ASC NULLS LAST
LIMIT ?
