-- contacts_response_uplift
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["response_rate","response_uplift"],"r":["channel.group"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      ch.channel_group AS k0,
      count(k.converted_ts) FILTER (WHERE k.group_name = 'target') AS responses,
      count(*) FILTER (WHERE k.group_name = 'target') AS contacts,
      count(k.converted_ts) FILTER (WHERE k.group_name = 'control') AS control_responses,
      count(*) FILTER (WHERE k.group_name = 'control') AS controls
    FROM
      fact_campaign_contact k
      LEFT JOIN dim_channel ch ON ch.channel_id = k.channel_id
      LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "channel.group",
  CAST(coalesce(s0."responses", 0) / nullif(coalesce(s0."contacts", 0), 0) AS DOUBLE) AS "response_rate",
  CAST(coalesce(s0."responses", 0) / nullif(coalesce(s0."contacts", 0), 0) - coalesce(s0."control_responses", 0) / nullif(coalesce(s0."controls", 0), 0) AS DOUBLE) AS "response_uplift"
FROM
  s0
ORDER BY
  "response_rate" DESC NULLS LAST,
  "channel.group" ASC NULLS LAST
