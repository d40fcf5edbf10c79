//! One keyboard answer, two formats: the console keymap (kbd, `/etc/conf.d/keymaps`)
//! and the XKB layout+variant (X11 and Wayland). The seeds show the trap: the console
//! writes `ch-fr_nodeadkeys`-style names, XKB `ch` + `fr_nodeadkeys`, and passing one
//! where the other is expected silently falls back to US. The mapping comes from
//! systemd's kbd-model-map (data/kbd-model-map), the table every distribution uses.

use std::sync::LazyLock;

/// (console keymap, XKB layout, XKB variant or "-")
static MAP: LazyLock<Vec<(&'static str, &'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../data/kbd-model-map")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 4).then(|| (f[0], f[1], f[3]))
        })
        .collect()
});

/// How the console keymap was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The table has this layout and variant.
    Exact,
    /// The table has the layout with a close variant, or the layout alone.
    Layout,
    /// Nothing in the table: the XKB layout name is used as the keymap name.
    Guess,
}

/// The console keymap for an XKB layout and variant.
pub fn console_keymap_for(layout: &str, variant: Option<&str>) -> (String, Match) {
    let var = variant.unwrap_or("-");
    if let Some((c, _, _)) = MAP.iter().find(|(_, l, v)| *l == layout && *v == var) {
        return ((*c).to_string(), Match::Exact);
    }
    // `fr_nodeadkeys` → `fr`: the console keymap has no dead-key distinction.
    if let Some(base) = variant.and_then(|v| v.split('_').next())
        && let Some((c, _, _)) = MAP.iter().find(|(_, l, v)| *l == layout && *v == base)
    {
        return ((*c).to_string(), Match::Layout);
    }
    if let Some((c, _, _)) = MAP.iter().find(|(_, l, v)| *l == layout && *v == "-") {
        return ((*c).to_string(), Match::Layout);
    }
    if let Some((c, _, _)) = MAP.iter().find(|(_, l, _)| *l == layout) {
        return ((*c).to_string(), Match::Layout);
    }
    (layout.to_string(), Match::Guess)
}

/// The xorg.conf.d snippet for an XKB layout and variant; `writer` is the program named
/// in its first comment.
pub fn xkb_conf(layout: &str, variant: Option<&str>, writer: &str) -> String {
    let mut s = format!(
        "# Written by {writer}.\nSection \"InputClass\"\n        Identifier \"system-keyboard\"\n        MatchIsKeyboard \"on\"\n",
    );
    s.push_str(&format!("        Option \"XkbLayout\" \"{layout}\"\n"));
    if let Some(v) = variant {
        s.push_str(&format!("        Option \"XkbVariant\" \"{v}\"\n"));
    }
    s.push_str("EndSection\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swiss_french_is_not_ch_fr() {
        // XKB ch + fr_nodeadkeys is the console's fr_CH, never "ch-fr".
        let (k, m) = console_keymap_for("ch", Some("fr_nodeadkeys"));
        assert_eq!(k, "fr_CH");
        assert_eq!(m, Match::Layout);
        assert_eq!(console_keymap_for("ch", Some("fr")).0, "fr_CH");
        assert_eq!(console_keymap_for("ch", None).0, "sg");
        assert_eq!(
            console_keymap_for("de", Some("nodeadkeys")).0,
            "de-latin1-nodeadkeys"
        );
        assert_eq!(
            console_keymap_for("us", None),
            ("us".to_string(), Match::Exact)
        );
        assert_eq!(console_keymap_for("gb", None).0, "uk");
        assert_eq!(console_keymap_for("zz", None).1, Match::Guess);
    }

    #[test]
    fn xkb_snippet_keeps_layout_and_variant_apart() {
        let s = xkb_conf("ch", Some("fr_nodeadkeys"), "lainos-install");
        assert!(s.starts_with("# Written by lainos-install.\n"));
        assert!(s.contains("\"XkbLayout\" \"ch\""));
        assert!(s.contains("\"XkbVariant\" \"fr_nodeadkeys\""));
        assert!(!s.contains("ch+fr") && !s.contains("ch-fr"));
    }
}
