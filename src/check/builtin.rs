//! Templates shipped with tourney, embedded so the binary works from any directory.

/// Name and source of every built-in template (`templates/tournaments/`).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "slots-race",
        include_str!("../../templates/tournaments/slots-race.tourney"),
    ),
    (
        "high-roller",
        include_str!("../../templates/tournaments/high-roller.tourney"),
    ),
    (
        "biggest-multiplier",
        include_str!("../../templates/tournaments/biggest-multiplier.tourney"),
    ),
    (
        "rounds-race",
        include_str!("../../templates/tournaments/rounds-race.tourney"),
    ),
    (
        "net-win",
        include_str!("../../templates/tournaments/net-win.tourney"),
    ),
];
