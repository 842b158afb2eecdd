//! The portal's web application, embedded in the binary.
//!
//! Every file under `src/portal/assets/` is compiled in with `include_bytes!`, so the
//! binary serves the whole application offline, with no Node.js at run time and no
//! CDN. The editor bundle (`vendor/editor.js`) is built from `web/editor/` by
//! `scripts/build-editor` and committed; `cargo build` never runs Node.js.

/// Declares the embedded files: each path relative to `src/portal/assets/`.
macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("assets/", $path)) as &[u8])),*]
    };
}

/// The embedded files, by their path under `/portal/`.
const FILES: &[(&str, &[u8])] = embedded![
    "index.html",
    "app.css",
    "favicon.svg",
    "app.js",
    "api.js",
    "ui.js",
    "draft.js",
    "charts.js",
    "diff.js",
    "screens/signin.js",
    "screens/gallery.js",
    "screens/customise.js",
    "screens/source.js",
    "screens/preview.js",
    "screens/validate.js",
    "screens/schedule.js",
    "screens/activate.js",
    "screens/tournaments.js",
    "screens/board.js",
    "screens/analytics.js",
    "screens/versions.js",
    "screens/approvals.js",
    "screens/audit.js",
    "screens/form-fields.js",
    "screens/save.js",
    "screens/dryrun-view.js",
    "screens/tabs.js",
    "vendor/editor.js",
    "vendor/editor.LICENSE.txt",
];

/// The content type of an embedded file, from its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// The content type and bytes of the embedded file at `path` (relative to
/// `/portal/`, e.g. `app.js` or `screens/board.js`), or `None` if there is none.
/// An empty path is the application's page, `index.html`.
pub fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    FILES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(name, bytes)| (content_type(name), *bytes))
}

/// The paths of every embedded file, for listings and tests.
pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files_on_disk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                files_on_disk(&entry.path(), &format!("{name}/"), out)?;
            } else {
                out.push(name);
            }
        }
        Ok(())
    }

    #[test]
    fn every_file_in_the_assets_folder_is_embedded() -> std::io::Result<()> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/portal/assets");
        let mut on_disk = Vec::new();
        files_on_disk(&dir, "", &mut on_disk)?;
        let embedded: Vec<&str> = paths().collect();
        let missing: Vec<&String> = on_disk
            .iter()
            .filter(|f| !embedded.contains(&f.as_str()))
            .collect();
        assert!(missing.is_empty(), "not embedded: {missing:?}");
        Ok(())
    }

    #[test]
    fn pages_scripts_and_styles_have_their_content_types() {
        assert_eq!(asset("").map(|a| a.0), Some("text/html; charset=utf-8"));
        assert_eq!(
            asset("app.css").map(|a| a.0),
            Some("text/css; charset=utf-8")
        );
        assert_eq!(
            asset("/screens/board.js").map(|a| a.0),
            Some("text/javascript; charset=utf-8")
        );
        assert!(asset("vendor/editor.js").is_some_and(|a| a.1.len() > 1000));
    }

    #[test]
    fn unknown_and_escaping_paths_are_not_found() {
        assert!(asset("nope.js").is_none());
        assert!(asset("../mod.rs").is_none());
        assert!(asset("screens/../app.js").is_none());
    }
}
