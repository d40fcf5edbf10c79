//! Branding from `branding/<name>/branding.yaml`: product name, colours, logo,
//! slideshow and the offered languages, so a derivative rebrands without code changes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where the live system installs the branding.
pub const DEFAULT_BRANDING_DIR: &str = "/usr/share/lainos-installer/branding/lainos";

#[derive(Debug, Clone, thiserror::Error)]
pub enum BrandingError {
    #[error("cannot read `{path}`: {message}")]
    Read { path: PathBuf, message: String },
    #[error("`{path}` is not valid branding: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("`{path}`: colour {name} is not #rrggbb: {value}")]
    Colour {
        path: PathBuf,
        name: &'static str,
        value: String,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    pub product_name: String,
    #[serde(default)]
    pub version: String,
    /// An SVG file, relative to the branding folder.
    pub logo: PathBuf,
    pub colors: Colors,
    /// Message IDs shown in turn during the installation.
    #[serde(default)]
    pub slideshow: Vec<String>,
    #[serde(default = "default_slide_seconds")]
    pub slide_seconds: u64,
    pub languages: Vec<Language>,
    /// The folder this was read from.
    #[serde(skip)]
    pub dir: PathBuf,
}

fn default_slide_seconds() -> u64 {
    8
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub background: String,
    pub surface: String,
    pub text: String,
    pub primary: String,
    pub success: String,
    pub warning: String,
    pub danger: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The folder under `locales/`, a BCP 47 tag (`pt-BR`).
    pub code: String,
    /// The language's name in itself.
    pub name: String,
    #[serde(default)]
    pub rtl: bool,
}

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub fn parse_hex(s: &str) -> Option<Rgb> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some(Rgb(p(0)?, p(2)?, p(4)?))
}

impl Branding {
    pub fn load(dir: &Path) -> Result<Self, BrandingError> {
        let path = dir.join("branding.yaml");
        let text = std::fs::read_to_string(&path).map_err(|e| BrandingError::Read {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let mut b: Branding = serde_yaml::from_str(&text).map_err(|e| BrandingError::Parse {
            path: path.clone(),
            message: e.to_string(),
        })?;
        b.dir = dir.to_path_buf();
        for (name, value) in b.colors.all() {
            if parse_hex(value).is_none() {
                return Err(BrandingError::Colour {
                    path,
                    name,
                    value: value.to_string(),
                });
            }
        }
        Ok(b)
    }

    pub fn locales_dir(&self) -> PathBuf {
        self.dir.join("locales")
    }

    pub fn logo_path(&self) -> PathBuf {
        self.dir.join(&self.logo)
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

impl Colors {
    pub fn all(&self) -> [(&'static str, &str); 7] {
        [
            ("background", &self.background),
            ("surface", &self.surface),
            ("text", &self.text),
            ("primary", &self.primary),
            ("success", &self.success),
            ("warning", &self.warning),
            ("danger", &self.danger),
        ]
    }
}
