{#- One tournament's eligible wagers. Every piece is escaped or validated by the emitter. -#}
CREATE {% if or_replace %}OR REPLACE {% endif %}STREAM {{ stream }}
  WITH (KAFKA_TOPIC={{ topic }}, VALUE_FORMAT='JSON', PARTITIONS={{ partitions }})
  AS SELECT *
  FROM {{ source }}
  WHERE {% for rule in rules %}{% if not loop.first %}
    AND {% endif %}{{ rule }}{% endfor %}
  EMIT CHANGES;
