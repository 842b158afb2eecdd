{#- The shared source stream. Every piece is escaped or validated by the emitter. -#}
CREATE STREAM IF NOT EXISTS {{ name }} (
{%- for column in columns %}
  {{ column.name }} {{ column.sql_type }}{% if not loop.last %},{% endif %}
{%- endfor %}
) WITH (
  KAFKA_TOPIC={{ topic }},
  VALUE_FORMAT='JSON',
  TIMESTAMP={{ timestamp_column }},
  TIMESTAMP_FORMAT={{ timestamp_format }}
);
