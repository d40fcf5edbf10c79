//! Fluent catalogs from `branding/<name>/locales/<lang>/installer.ftl`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The source language: every other catalog has its messages.
pub const SOURCE_LANGUAGE: &str = "en";
/// The catalog file in each language folder.
pub const CATALOG_FILE: &str = "installer.ftl";

#[derive(Debug, Clone, thiserror::Error)]
pub enum I18nError {
    #[error("cannot read the catalog `{path}`: {message}")]
    Read { path: PathBuf, message: String },
    #[error("the catalog `{path}` has syntax errors: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("`{0}` is not a language tag")]
    Tag(String),
    #[error("the source language `{SOURCE_LANGUAGE}` has no catalog")]
    NoSource,
}

/// All loaded catalogs.
pub struct Catalog {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut langs: Vec<_> = self.bundles.keys().collect();
        langs.sort();
        f.debug_struct("Catalog")
            .field("languages", &langs)
            .finish()
    }
}

/// The path of a language's catalog.
pub fn catalog_path(locales_dir: &Path, lang: &str) -> PathBuf {
    locales_dir.join(lang).join(CATALOG_FILE)
}

/// Parses one catalog file.
pub fn parse_resource(path: &Path) -> Result<FluentResource, I18nError> {
    let text = std::fs::read_to_string(path).map_err(|e| I18nError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    FluentResource::try_new(text).map_err(|(_, errors)| I18nError::Syntax {
        path: path.to_path_buf(),
        message: format!("{errors:?}"),
    })
}

impl Catalog {
    /// Loads the catalogs of `langs` from `locales_dir`.
    pub fn load(locales_dir: &Path, langs: &[&str]) -> Result<Self, I18nError> {
        let mut bundles = HashMap::new();
        for lang in langs {
            let id: unic_langid::LanguageIdentifier = lang
                .parse()
                .map_err(|_| I18nError::Tag((*lang).to_string()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks (U+2068/U+2069) show as boxes in some fonts.
            bundle.set_use_isolating(false);
            let res = parse_resource(&catalog_path(locales_dir, lang))?;
            bundle
                .add_resource(res)
                .map_err(|errors| I18nError::Syntax {
                    path: catalog_path(locales_dir, lang),
                    message: format!("{errors:?}"),
                })?;
            bundles.insert((*lang).to_string(), bundle);
        }
        if !bundles.contains_key(SOURCE_LANGUAGE) {
            return Err(I18nError::NoSource);
        }
        Ok(Catalog { bundles })
    }

    pub fn has_language(&self, lang: &str) -> bool {
        self.bundles.contains_key(lang)
    }

    fn format_in(&self, lang: &str, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let msg = bundle.get_message(id)?;
        let pattern = msg.value()?;
        let mut errors = vec![];
        let s = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang, id, ?errors, "fluent formatting errors");
        }
        Some(s.into_owned())
    }

    /// Formats `id` in `lang`, falling back to the source language, then to the id.
    pub fn format(&self, lang: &str, id: &str, args: &[(&str, String)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(v.clone()));
        }
        let a = (!args.is_empty()).then_some(&fargs);
        self.format_in(lang, id, a)
            .or_else(|| self.format_in(SOURCE_LANGUAGE, id, a))
            .unwrap_or_else(|| id.to_string())
    }
}

/// A translator for one language: what `view` functions use.
#[derive(Debug, Clone)]
pub struct Tr {
    catalog: Arc<Catalog>,
    pub lang: String,
    pub rtl: bool,
    product: String,
}

impl Tr {
    pub fn new(catalog: Arc<Catalog>, lang: &str, rtl: bool, product: &str) -> Self {
        Tr {
            catalog,
            lang: lang.to_string(),
            rtl,
            product: product.to_string(),
        }
    }

    /// The message `id`; `$product` is always available.
    pub fn t(&self, id: &str) -> String {
        self.args(id, &[])
    }

    pub fn args(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut all: Vec<(&str, String)> = vec![("product", self.product.clone())];
        all.extend(args.iter().cloned());
        self.catalog.format(&self.lang, id, &all)
    }

    /// A size in binary units, in this language: `1,5 GiB` (de), `1,5 Gio` (fr).
    pub fn size(&self, bytes: u64) -> String {
        const UNITS: [&str; 5] = ["size-b", "size-kib", "size-mib", "size-gib", "size-tib"];
        let (number, unit) = split_size(bytes);
        let number = number.replace('.', &self.t("size-decimal-separator"));
        self.args(UNITS[unit], &[("n", number)])
    }
}

/// A size as a number (one decimal unless it is whole, `.` as the separator) and the
/// index of its binary unit (0 = bytes … 4 = TiB).
pub fn split_size(bytes: u64) -> (String, usize) {
    let mut v = bytes as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < 4 {
        v /= 1024.0;
        unit += 1;
    }
    let number = if unit == 0 || v.fract() < 0.05 || v.fract() >= 0.95 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    (number, unit)
}
