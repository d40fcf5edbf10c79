//! The text of the small configuration files that an install writes and that first-boot
//! setup of a preloaded (OEM) system writes again: host name, locales, console keymap,
//! hardware clock. One implementation, so a system set up at first boot holds the same
//! files as one installed with the same answers. `writer` is the program named in each
//! file's first comment (`lainos-install`, `lainos-firstboot`).

use crate::values::Locale;

/// `/etc/hostname`, OpenRC's `/etc/conf.d/hostname` and `/etc/hosts` for `host`.
pub fn hostname_files(host: &str, writer: &str) -> [(&'static str, String); 3] {
    [
        ("/etc/hostname", format!("{host}\n")),
        (
            "/etc/conf.d/hostname",
            format!("# Written by {writer}.\nhostname=\"{host}\"\n"),
        ),
        (
            "/etc/hosts",
            format!(
                "# Written by {writer}.\n127.0.0.1\tlocalhost\n::1\t\tlocalhost\n127.0.1.1\t{host}.localdomain\t{host}\n"
            ),
        ),
    ]
}

/// The `/etc/locale.gen` lines (`de_CH.UTF-8 UTF-8`): the system's language first, then
/// the extra locales, each once.
pub fn locale_gen_lines<'a>(
    language: &Locale,
    extra: impl IntoIterator<Item = &'a Locale>,
) -> Vec<String> {
    let mut lines = vec![language.locale_gen_line()];
    for l in extra {
        let line = l.locale_gen_line();
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines
}

/// `/etc/locale.gen` holding `lines` (from [`locale_gen_lines`]).
pub fn locale_gen(lines: &[String], writer: &str) -> String {
    format!("# Written by {writer}.\n{}\n", lines.join("\n"))
}

/// The locale names to generate (`de_CH.UTF-8`) from [`locale_gen_lines`].
pub fn locale_names(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.split(' ').next().unwrap_or("").to_string())
        .collect()
}

/// `/etc/locale.conf` (the profile may name another path) for the system's language.
pub fn locale_conf(language: &Locale) -> String {
    format!("LANG={language}\n")
}

/// OpenRC's `/etc/conf.d/keymaps`: the console keymap chosen for an XKB layout.
pub fn console_keymap_conf(
    keymap: &str,
    layout: &str,
    variant: Option<&str>,
    writer: &str,
) -> String {
    format!(
        "# Written by {writer}: the console keymap for XKB {layout}{}.\nkeymap=\"{keymap}\"\n",
        variant.map(|v| format!(" ({v})")).unwrap_or_default()
    )
}

/// OpenRC's `/etc/conf.d/hwclock`: whether the hardware clock keeps local time or UTC.
pub fn hwclock_conf(local: bool, writer: &str) -> String {
    format!(
        "# Written by {writer}.\nclock=\"{}\"\n",
        if local { "local" } else { "UTC" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_name_is_in_all_three_files() {
        let f = hostname_files("lt-01", "lainos-firstboot");
        assert_eq!(f[0], ("/etc/hostname", "lt-01\n".to_string()));
        assert!(f[1].1.starts_with("# Written by lainos-firstboot.\n"));
        assert!(f[1].1.ends_with("hostname=\"lt-01\"\n"));
        assert!(f[2].1.contains(
            "\n127.0.0.1\tlocalhost\n::1\t\tlocalhost\n127.0.1.1\tlt-01.localdomain\tlt-01\n"
        ));
    }

    #[test]
    fn locale_lines_put_the_language_first_and_each_once() {
        let de: Locale = "de_CH.UTF-8".parse().unwrap();
        let en: Locale = "en_US.utf8".parse().unwrap();
        let lines = locale_gen_lines(&de, [&en, &de, &en]);
        assert_eq!(lines, ["de_CH.UTF-8 UTF-8", "en_US.UTF-8 UTF-8"]);
        assert_eq!(locale_names(&lines), ["de_CH.UTF-8", "en_US.UTF-8"]);
        assert_eq!(
            locale_gen(&lines, "lainos-install"),
            "# Written by lainos-install.\nde_CH.UTF-8 UTF-8\nen_US.UTF-8 UTF-8\n"
        );
        assert_eq!(locale_conf(&de), "LANG=de_CH.UTF-8\n");
    }

    #[test]
    fn keymap_and_clock() {
        assert_eq!(
            console_keymap_conf("fr_CH", "ch", Some("fr_nodeadkeys"), "lainos-install"),
            "# Written by lainos-install: the console keymap for XKB ch (fr_nodeadkeys).\nkeymap=\"fr_CH\"\n"
        );
        assert!(console_keymap_conf("us", "us", None, "x").contains("XKB us.\n"));
        assert!(hwclock_conf(true, "x").ends_with("clock=\"local\"\n"));
        assert!(hwclock_conf(false, "x").ends_with("clock=\"UTC\"\n"));
    }
}
