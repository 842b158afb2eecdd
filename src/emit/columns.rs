//! The shared source stream `WAGER_EVENTS`: its columns and how event fields map
//! onto them.

use crate::ir::Field;

/// A column of the source stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceColumn {
    /// Column name (a valid unquoted identifier).
    pub name: &'static str,
    /// ksqlDB type as written in the declaration.
    pub sql_type: &'static str,
    /// The event field the column holds.
    pub field: Field,
}

const fn col(name: &'static str, sql_type: &'static str, field: Field) -> SourceColumn {
    SourceColumn {
        name,
        sql_type,
        field,
    }
}

/// Money columns: 18 digits, 4 of them after the point.
const MONEY: &str = "DECIMAL(18, 4)";

/// The columns of `WAGER_EVENTS`, in declaration order. JSON keys of the wager event
/// match them case-insensitively (`wagerId` → `WAGERID`).
pub const SOURCE_COLUMNS: &[SourceColumn] = &[
    col("WAGERID", "STRING", Field::WagerId),
    col("PLAYERID", "STRING", Field::PlayerId),
    col("OPERATORID", "STRING", Field::OperatorId),
    col("GAMEID", "STRING", Field::GameId),
    col("GAMECATEGORY", "STRING", Field::GameCategory),
    col("WAGERAMOUNT", MONEY, Field::WagerAmount),
    col("CURRENCY", "STRING", Field::Currency),
    col("WINAMOUNT", MONEY, Field::WinAmount),
    col("PLAYERSEGMENT", "STRING", Field::PlayerSegment),
    col("JURISDICTION", "STRING", Field::Jurisdiction),
    col("TIMESTAMP", "STRING", Field::Time),
    col("PLAYERNAME", "STRING", Field::PlayerName),
];

/// Keys the engine reads from the raw wager stream that the source stream does not
/// declare: where a wager was recorded and its place there, for gap tracking. A
/// ksqlDB query's output lacks them (gaps can only be seen on the stream the source
/// produced, not on a filtered one). Matched like the columns above.
pub const TRACKING_COLUMNS: &[SourceColumn] = &[
    col("SOURCEID", "STRING", Field::SourceId),
    col("SOURCESEQ", "STRING", Field::SourceSeq),
];

/// The column whose RFC 3339 text becomes the record time (`ROWTIME`).
pub const TIMESTAMP_COLUMN: &str = "TIMESTAMP";

/// Java `DateTimeFormatter` pattern for the event timestamp: RFC 3339 with whole
/// seconds, then no fraction or one of exactly 9, 6 or 3 digits (the optional
/// sections are tried longest first, each takes exactly its width), then `Z` or
/// `±HH:MM`. The engine reads the same text the same way
/// (`engine::ingest::timestamp`).
pub const TIMESTAMP_FORMAT: &str = "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XXX";

/// The pseudo column holding the record time in epoch milliseconds (BIGINT).
pub const ROWTIME: &str = "ROWTIME";

/// How a filter reads a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldColumn {
    /// A plain column of the source stream.
    Column(&'static str),
    /// The record time, `ROWTIME`.
    RowTime,
    /// Computed from `WINAMOUNT` and `WAGERAMOUNT` (`win.net`, `win.multiplier`).
    Derived,
}

/// The column a filter on `field` reads.
pub fn field_column(field: Field) -> FieldColumn {
    if field == Field::Time {
        return FieldColumn::RowTime;
    }
    match SOURCE_COLUMNS.iter().find(|c| c.field == field) {
        Some(c) => FieldColumn::Column(c.name),
        None => FieldColumn::Derived,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::ident::validate;

    #[test]
    fn columns_are_valid_identifiers() {
        for c in SOURCE_COLUMNS {
            assert_eq!(validate(c.name), Ok(()), "{}", c.name);
        }
        assert_eq!(validate(ROWTIME), Ok(()));
    }

    #[test]
    fn column_names_are_the_upper_cased_json_keys() {
        for c in SOURCE_COLUMNS {
            assert_eq!(c.name, c.field.json_key().to_ascii_uppercase());
        }
    }

    #[test]
    fn fields_map_to_columns() {
        assert_eq!(field_column(Field::GameId), FieldColumn::Column("GAMEID"));
        assert_eq!(
            field_column(Field::Currency),
            FieldColumn::Column("CURRENCY")
        );
        assert_eq!(field_column(Field::Time), FieldColumn::RowTime);
        assert_eq!(field_column(Field::WinNet), FieldColumn::Derived);
        assert_eq!(field_column(Field::WinMultiplier), FieldColumn::Derived);
    }
}
